// Composition root: builds the parts and registers them. No logic lives here.
import * as vscode from 'vscode';
import { viewId } from './extension/command-ids';
import { registerCommands } from './extension/commands/register';
import { createServices } from './extension/services';
import { CredentialsTreeProvider } from './extension/tree/credentials-tree';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  const tree = new CredentialsTreeProvider(services.store, services.credentials);
  context.subscriptions.push(
    tree,
    vscode.window.createTreeView(viewId, { treeDataProvider: tree, showCollapseAll: true }),
    ...registerCommands(services, tree),
  );
}

export function deactivate(): void {}
