/** Tokens in config files: the secret diagnostics and their quick fixes (the quick fix's command is registered with the others). */
import * as vscode from 'vscode';
import type { CredentialsAndLog } from '../services';
import { SecretCodeActions } from './secret-actions';
import { SecretDiagnostics } from './secret-diagnostics';
import { TrackedFiles } from './tracked-files';
import { WorkspaceScan, type WorkspaceScanResult } from './workspace-scan';

export { insertTokenAtCursor, insertTokenIntoFile } from './insert-commands';
export { storeTokenFromFile } from './secret-actions';
export { storeClientSecretFromFile } from './store-client-secret';

export function registerConfigFileFeatures(services: CredentialsAndLog): {
  disposables: vscode.Disposable[];
  scanWorkspace: (quiet: boolean) => Promise<WorkspaceScanResult>;
} {
  const diagnostics = new SecretDiagnostics(services);
  const trackedFiles = new TrackedFiles();
  const workspaceScan = new WorkspaceScan(diagnostics);
  return {
    disposables: [
      diagnostics,
      trackedFiles,
      workspaceScan,
      vscode.languages.registerCodeActionsProvider(
        [{ scheme: 'file' }, { scheme: 'untitled' }],
        new SecretCodeActions(
          () => diagnostics.storedHashes,
          (uri, waitMs) => trackedFiles.tracked(uri, waitMs),
        ),
        SecretCodeActions.metadata,
      ),
    ],
    scanWorkspace: (quiet) => workspaceScan.run(quiet),
  };
}
