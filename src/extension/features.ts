/**
 * Everything the extension does, built the first time something is used (a command, the view, a session
 * request, an open file to check) or just after activation: src/extension.ts only registers. Bundled apart
 * (dist/features.js), so every class of ours, the error classes `instanceof` checks, lives on this side.
 */
import * as vscode from 'vscode';
import { UsageLog } from '../core/credentials';
import { affectsWorkspaceBinding, effectiveTenantId } from './workspace-binding';
import { SophosAuthenticationProvider } from './auth-provider';
import { registerCommands } from './commands/register';
import { chosenEntry } from './commands/choose-credential';
import { registerConfigFileFeatures } from './config-files';
import { startLifecycleMonitor } from './lifecycle-monitor';
import { createServices, globalStateStore } from './services';
import { startStatusBar } from './status-bar';
import { startTerminalBridge } from './terminal-bridge';
import { keysSynced, startCredentialSync, syncedMetadataKey } from './credential-sync';
import { exportedFiles } from './commands/transfer-commands';
import { CredentialsTreeProvider, type TreeNode } from './tree/credentials-tree';
import { CredentialPanels } from './webview/credential-panel';

/** What the registrations in src/extension.ts hand over to. */
export interface Features {
  /** Runs a registered command with the arguments VS Code passed. */
  run(id: string, args: unknown[]): Promise<unknown>;
  tree: vscode.TreeDataProvider<TreeNode>;
  authProvider: vscode.AuthenticationProvider;
  /** The integration tests' window into the extension (Test mode only). */
  testApi: Record<string, unknown> | undefined;
}

/** The parts src/extension.ts made at activation, which the features fill in. */
export interface Shell {
  view: vscode.TreeView<TreeNode>;
  treeChanged: vscode.EventEmitter<TreeNode | undefined | void>;
  sessionsChanged: vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>;
}

export function start(context: vscode.ExtensionContext, shell: Shell): Features {
  const services = createServices(context);
  const tree = new CredentialsTreeProvider(services.credentials, services.usage, Date.now, (credential) =>
    effectiveTenantId(services, credential),
  );
  const panels = new CredentialPanels(services, context.extensionUri);
  const authProvider = new SophosAuthenticationProvider(services, context.globalState);
  const lifecycle = startLifecycleMonitor(services);
  const statusBar = startStatusBar(services, shell.view);
  const configFiles = registerConfigFileFeatures(services);
  const run = registerCommands(services, tree, {
    openCredential: async (invocation) => {
      const credential = await chosenEntry(services, invocation, vscode.l10n.t('Credential to open'));
      return credential && panels.open(credential.id);
    },
    checkLifecycle: () => lifecycle.check(),
    scanWorkspace: (invocation) =>
      configFiles.scanWorkspace(invocation.from === 'call' && invocation.args.quiet === true),
  });
  context.subscriptions.push(
    tree,
    panels,
    // Another binding: the tree redraws, and lists again only the credentials whose tenant here changed.
    vscode.workspace.onDidChangeConfiguration((event) => affectsWorkspaceBinding(event) && tree.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    tree.onDidChangeTreeData((node) => shell.treeChanged.fire(node)),
    authProvider.onDidChangeSessions((event) => shell.sessionsChanged.fire(event)),
    statusBar,
    lifecycle,
    startTerminalBridge(services, context.environmentVariableCollection),
    startCredentialSync(services, context.globalState),
    ...configFiles.disposables,
    authProvider,
  );
  shell.treeChanged.fire();
  return {
    run,
    tree,
    authProvider,
    testApi: context.extensionMode === vscode.ExtensionMode.Test ? testApi() : undefined,
  };

  // For the integration tests only: what a details panel was sent, the provider, where the extension writes.
  // Never for other extensions: the provider object would hand out sessions without VS Code's consent.
  function testApi() {
    return {
      inspectPanel: (credentialId: string) => panels.inspect(credentialId),
      sendAsPage: (credentialId: string, raw: unknown) => panels.receiveForTest(credentialId, raw),
      /** A lifecycle check on a test's clock, for the credentials named: what it announced. */
      checkLifecycle: (now: number, only: string[]) => lifecycle.check({ now, only }),
      /** The tree's provider and what the status bar and the view's badge show: one status on every screen. */
      tree,
      statusBar: () => statusBar.inspect(),
      authProvider,
      /** Where the extension writes, and what it wrote to state and webviews: the leak scan's inputs. */
      writtenPlaces: () => ({
        logDir: context.logUri.fsPath,
        globalStorage: context.globalStorageUri.fsPath,
        workspaceStorage: context.storageUri?.fsPath,
        state: context.globalState.keys().map((key) => `${key}=${JSON.stringify(context.globalState.get(key))}`),
        webview: [...panels.transcript],
        exported: [...exportedFiles],
      }),
      /** What Settings Sync carries: the keys handed to it and the synced metadata. */
      synced: () => ({ keys: [...keysSynced], value: context.globalState.get(syncedMetadataKey) }),
      persistedUsage: async (credentialId: string) => {
        await services.usage.flush();
        return new UsageLog(globalStateStore(context.globalState)).summary(credentialId);
      },
    };
  }
}
