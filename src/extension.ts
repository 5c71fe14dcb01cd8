/**
 * Activation registers and nothing else: the commands, the view and the authentication provider, each handing
 * over to the features (dist/features.js), which are built on first use or just after activation. So VS Code
 * waits only for this file at start-up.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId, InternalCommandId, authProviderId, viewId } from './extension/command-ids';
import type { Features, Shell } from './extension/features';
import type { TreeNode } from './extension/tree/credentials-tree';

/** Long enough for VS Code to finish starting (its measure of our activation included what ran right after). */
const featuresDelayMs = 1_000;

export function activate(context: vscode.ExtensionContext) {
  const treeChanged = new vscode.EventEmitter<TreeNode | undefined | void>();
  const sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  let features: Features | undefined;
  const view = vscode.window.createTreeView<TreeNode>(viewId, {
    showCollapseAll: true,
    treeDataProvider: {
      onDidChangeTreeData: treeChanged.event,
      getTreeItem: (node) => load().tree.getTreeItem(node),
      getChildren: (node) => load().tree.getChildren(node),
      getParent: (node) => load().tree.getParent?.(node),
    },
  });
  const shell: Shell = { view, treeChanged, sessionsChanged };
  /** The features, built once; a runtime `require` keeps them out of this bundle (see esbuild.mjs). */
  const load = (): Features => {
    if (features) return features;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the cut between activation and features
    const bundle = require(join(__dirname, 'features.js')) as typeof import('./extension/features');
    return (features = bundle.start(context, shell));
  };
  const commandIds = [...Object.values(CommandId), ...Object.values(InternalCommandId)];
  context.subscriptions.push(
    treeChanged,
    sessionsChanged,
    view,
    ...commandIds.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => load().run(id, args))),
    vscode.authentication.registerAuthenticationProvider(
      authProviderId,
      'Sophos Central',
      {
        onDidChangeSessions: sessionsChanged.event,
        getSessions: (scopes, options) => load().authProvider.getSessions(scopes, options),
        createSession: (scopes, options) => load().authProvider.createSession(scopes, options),
        removeSession: (sessionId) => load().authProvider.removeSession(sessionId),
      },
      { supportsMultipleAccounts: true },
    ),
  );
  // Tests read the extension through its features at once. A user's window builds them on first use, or a moment
  // after start-up (the status bar, the lifecycle check, open files to scan), never inside activation.
  if (context.extensionMode === vscode.ExtensionMode.Test) return load().testApi;
  const deferred = setTimeout(load, featuresDelayMs);
  context.subscriptions.push({ dispose: () => clearTimeout(deferred) });
  return undefined;
}

export function deactivate(): void {}
