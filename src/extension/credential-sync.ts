/**
 * Settings Sync carries the credentials' metadata to the user's other machines, never a secret: a key of
 * its own in globalState holds the same fields as Export Credentials (see core/credentials/transfer.ts). The
 * store's own key and the usage log stay on this machine: a synced copy from elsewhere must never replace
 * what this machine stored, so what arrives is imported (added when missing, never overwriting), and this
 * machine then publishes its list. A credential that arrives has no secret here until the user enters it.
 */
import * as vscode from 'vscode';
import { exportCredentials, importCredentials } from '../core/credentials';
import type { Services } from './services';

export const syncedMetadataKey = 'sophosCentral.syncedCredentials.v1';

type SyncableState = vscode.Memento & { setKeysForSync(keys: readonly string[]): void };

/** The keys handed to Settings Sync, for the integration tests. */
export const keysSynced: string[] = [];

export function startCredentialSync(services: Services, state: SyncableState): vscode.Disposable {
  keysSynced.splice(0, keysSynced.length, syncedMetadataKey);
  state.setKeysForSync(keysSynced);
  let busy: Promise<void> = Promise.resolve();
  const publish = () => state.update(syncedMetadataKey, exportCredentials(services.credentials.list()));
  // What other machines synced comes in first, so publishing this machine's list never drops it unseen.
  const takeIn = () =>
    (busy = busy.then(async () => {
      const synced = state.get(syncedMetadataKey);
      if (synced !== undefined) {
        try {
          const report = await importCredentials(services.credentials, synced);
          if (report.added.length > 0)
            services.logger.info(
              `Settings Sync brought ${report.added.length} credential(s) without their secret: ${report.added.join(', ')}.`,
            );
        } catch (error) {
          services.logger.warn(`Synced credential metadata ignored: ${(error as Error).message}`);
        }
      }
      await publish();
    }));
  void takeIn();
  const unsubscribe = services.credentials.onDidChange(() => void (busy = busy.then(publish, publish)));
  // Synced values arrive without an event: looked at again whenever the window gains focus.
  const focus = vscode.window.onDidChangeWindowState((window) => window.focused && void takeIn());
  return { dispose: () => (unsubscribe(), focus.dispose()) };
}
