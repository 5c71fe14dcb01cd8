/**
 * Secrets on the clipboard are cleared after `sophosCentral.clipboardClearSeconds` (0: never), but only if
 * the clipboard still holds that secret: whatever the user copied since is left alone. In VS Code for the web
 * reading the clipboard needs the browser's permission (a prompt, or an error toast, long after the copy), so
 * there nothing is cleared and 0 is returned: the caller then asks the user to clear it.
 */
import * as vscode from 'vscode';
import { clearLater } from './clipboard-clear';
import { configSection } from './settings';

export async function copySecret(value: string): Promise<number> {
  await vscode.env.clipboard.writeText(value);
  if (vscode.env.uiKind === vscode.UIKind.Web) return 0;
  const seconds = vscode.workspace.getConfiguration(configSection).get<number>('clipboardClearSeconds', 30);
  clearLater(vscode.env.clipboard, value, seconds);
  return seconds;
}
