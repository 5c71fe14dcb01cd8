// Composition root: builds the parts and registers them. No logic lives here.
import * as vscode from 'vscode';
import { UsageLog } from './core/credentials';
import { viewId } from './extension/command-ids';
import { registerCommands } from './extension/commands/register';
import { registerConfigFileFeatures } from './extension/config-files';
import { resolveEntry } from './extension/commands/targets';
import { SophosAuthenticationProvider, authProviderId } from './extension/auth-provider';
import { startLifecycleMonitor } from './extension/lifecycle-monitor';
import { startStatusBar } from './extension/status-bar';
import { createServices, globalStateStore } from './extension/services';
import { CredentialsTreeProvider } from './extension/tree/credentials-tree';
import { CredentialPanels } from './extension/webview/credential-panel';

export function activate(context: vscode.ExtensionContext) {
  const services = createServices(context);
  const tree = new CredentialsTreeProvider(services.credentials);
  const panels = new CredentialPanels(services, context.extensionUri);
  const authProvider = new SophosAuthenticationProvider(services, context.globalState);
  const openCredential = async (target: unknown) => {
    const credential = await resolveEntry(services, target, vscode.l10n.t('Credential to open'));
    return credential && panels.open(credential.id);
  };
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: tree, showCollapseAll: true });
  const lifecycle = startLifecycleMonitor(services);
  context.subscriptions.push(
    tree,
    panels,
    view,
    startStatusBar(services, view),
    ...registerCommands(services, tree, openCredential),
    lifecycle,
    ...registerConfigFileFeatures(services),
    authProvider,
    vscode.authentication.registerAuthenticationProvider(authProviderId, 'Sophos Central', authProvider, {
      supportsMultipleAccounts: true,
    }),
  );
  // For the integration tests only: what a details panel was sent, the provider, where the extension writes.
  // Never for other extensions: the provider object would hand out sessions without VS Code's consent.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    inspectPanel: (credentialId: string) => panels.inspect(credentialId),
    sendAsPage: (credentialId: string, raw: unknown) => panels.receiveForTest(credentialId, raw),
    /** A lifecycle check on a test's clock, for the credentials named: what it announced. */
    checkLifecycle: (now: number, only: string[]) => lifecycle.check({ now, only }),
    authProvider,
    /** Where the extension writes, and what it wrote to state and webviews: the leak scan's inputs. */
    writtenPlaces: () => ({
      logDir: context.logUri.fsPath,
      globalStorage: context.globalStorageUri.fsPath,
      workspaceStorage: context.storageUri?.fsPath,
      state: context.globalState.keys().map((key) => `${key}=${JSON.stringify(context.globalState.get(key))}`),
      webview: [...panels.transcript],
    }),
    persistedUsage: async (credentialId: string) => {
      await services.usage.flush();
      return new UsageLog(globalStateStore(context.globalState)).summary(credentialId);
    },
  };
}

export function deactivate(): void {}
