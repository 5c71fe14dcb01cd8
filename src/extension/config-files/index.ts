/** Tokens in config files: the secret diagnostics and their quick fixes (the quick fix's command is registered with the others). */
import * as vscode from 'vscode';
import type { CredentialsAndLog } from '../services';
import { SecretCodeActions } from './secret-actions';
import { SecretDiagnostics } from './secret-diagnostics';
import { scanWorkspace, type WorkspaceScanResult } from './workspace-scan';

export { insertTokenAtCursor, insertTokenIntoFile } from './insert-commands';
export { storeTokenFromFile } from './secret-actions';
export { storeClientSecretFromFile } from './store-client-secret';

export function registerConfigFileFeatures(services: CredentialsAndLog): {
  disposables: vscode.Disposable[];
  scanWorkspace: (quiet: boolean) => Promise<WorkspaceScanResult>;
} {
  const diagnostics = new SecretDiagnostics(services);
  return {
    disposables: [
      diagnostics,
      vscode.languages.registerCodeActionsProvider(
        [{ scheme: 'file' }, { scheme: 'untitled' }],
        new SecretCodeActions(() => diagnostics.storedHashes),
        SecretCodeActions.metadata,
      ),
    ],
    scanWorkspace: (quiet) => scanWorkspace(diagnostics, quiet),
  };
}
