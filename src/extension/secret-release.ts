/**
 * Commands called with an argument object run without prompts, and any extension can call them. Those that
 * hand a secret out (onto the clipboard, into a file) therefore ask the user first, except in the extension's
 * own test runs.
 */
import * as vscode from 'vscode';
import type { Services } from './services';

export async function allowSecretRelease(services: Services, what: string): Promise<boolean> {
  if (services.context.extensionMode === vscode.ExtensionMode.Test) return true;
  const allow = vscode.l10n.t('Allow');
  const chosen = await vscode.window.showWarningMessage(
    vscode.l10n.t('A keybinding or another extension asks to {0}.', what),
    { modal: true, detail: vscode.l10n.t('Allow it only if you started this yourself: whoever asked can read the result.') },
    allow,
  );
  const allowed = chosen === allow;
  services.logger.warn(`A command call without prompts asked to ${what}: ${allowed ? 'allowed' : 'refused'} by the user.`);
  return allowed;
}
