// Composition root: builds the parts and registers them. No logic lives here.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Sophos Central', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('sophosCentral.showLogs', () => log.show()),
  );
}

export function deactivate(): void {}
