/**
 * SecretStorage and global state in memory, for tests and the benchmark. State keys (the store's and the
 * usage log's) start with "sophosCentral."; vault keys never do. `failSecretWrites` makes token writes fail,
 * as an unreachable keyring would.
 */
import type { SecretVault, StateStore } from '../../src/core/credentials';

export class MemoryStorage implements SecretVault, StateStore {
  readonly secrets = new Map<string, string>();
  readonly values = new Map<string, unknown>();
  failSecretWrites = false;

  async get(key: string): Promise<string | undefined>;
  get<T>(key: string): T | undefined;
  get(key: string): unknown {
    return key.startsWith('sophosCentral.') ? this.values.get(key) : Promise.resolve(this.secrets.get(key));
  }
  async store(key: string, value: string): Promise<void> {
    if (this.failSecretWrites && key.startsWith('token/')) throw new Error('keyring unavailable');
    this.secrets.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.secrets.delete(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }
}
