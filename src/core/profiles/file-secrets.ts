import { join } from 'node:path';
import type { SecretStore } from '../keyring';
import { readJsonFile, writePrivateJsonFile } from './private-file';

/**
 * Secrets in a plain 0600 JSON file, for machines without a keyring, used only when the user asked for it with
 * --insecure-storage (and warned on every use by the CLI): anyone with the user's file access can read it.
 */
export class InsecureFileSecrets implements SecretStore {
  readonly kind = 'file';
  readonly file: string;

  constructor(folder: string) {
    this.file = join(folder, 'insecure-secrets.json');
  }

  async get(account: string): Promise<string | undefined> {
    const value = (await this.read())[account];
    return typeof value === 'string' ? value : undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await writePrivateJsonFile(this.file, { ...(await this.read()), [account]: value });
  }

  async delete(account: string): Promise<boolean> {
    const all = await this.read();
    if (!(account in all)) return false;
    delete all[account];
    await writePrivateJsonFile(this.file, all);
    return true;
  }

  private async read(): Promise<Record<string, unknown>> {
    const json = await readJsonFile(this.file);
    return json && typeof json === 'object' && !Array.isArray(json) ? { ...(json as Record<string, unknown>) } : {};
  }
}
