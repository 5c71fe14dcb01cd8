/** Tokens in config files: the secret diagnostics, their quick fixes and the quick fix's command. */
import * as vscode from 'vscode';
import { InternalCommandId } from '../command-ids';
import { isFromOurUi } from '../commands/targets';
import type { Services } from '../services';
import { showFailure } from '../ui';
import { SecretCodeActions, storeTokenFromFile } from './secret-actions';
import { SecretDiagnostics } from './secret-diagnostics';

export { insertTokenAtCursor, insertTokenIntoFile } from './insert-commands';

export function registerConfigFileFeatures(services: Services): vscode.Disposable[] {
  return [
    new SecretDiagnostics(services),
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }],
      new SecretCodeActions(),
      SecretCodeActions.metadata,
    ),
    vscode.commands.registerCommand(InternalCommandId.storeTokenFromFile, async (target: unknown) => {
      try {
        return await storeTokenFromFile(services, target);
      } catch (error) {
        if (!isFromOurUi(target)) throw error;
        await showFailure(services, error);
        return undefined;
      }
    }),
  ];
}
