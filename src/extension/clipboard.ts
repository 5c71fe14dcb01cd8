/**
 * Secrets on the clipboard are cleared after `sophosCentral.clipboardClearSeconds` (0: never), but only if
 * the clipboard still holds that secret: whatever the user copied since is left alone.
 */
import * as vscode from 'vscode';
import { configSection } from './settings';

export async function copySecret(value: string): Promise<number> {
  await vscode.env.clipboard.writeText(value);
  const seconds = vscode.workspace.getConfiguration(configSection).get<number>('clipboardClearSeconds', 30);
  if (seconds > 0) {
    setTimeout(() => {
      void vscode.env.clipboard.readText().then((current) => {
        if (current === value) void vscode.env.clipboard.writeText('');
      });
    }, seconds * 1000);
  }
  return seconds;
}
