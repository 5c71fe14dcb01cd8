/** The only module that touches `context.secrets`. */
import type * as vscode from 'vscode';
import type { SecretVault } from '../core/credentials';

const prefix = 'sophosCentral/';

export class SecretStorageVault implements SecretVault {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(prefix + key));
  }

  store(key: string, value: string): Promise<void> {
    return Promise.resolve(this.secrets.store(prefix + key, value));
  }

  delete(key: string): Promise<void> {
    return Promise.resolve(this.secrets.delete(prefix + key));
  }

  /** Fires for changes made by any window of this profile, the key without our prefix. */
  onDidChange(listener: (key: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key.startsWith(prefix)) listener(event.key.slice(prefix.length));
    });
  }
}
