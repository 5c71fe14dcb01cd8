/** SecretStorage and global state in memory, for the benchmark's in-process services. */
import type { SecretVault, StateStore } from '../src/core/credentials';

export class MemoryStorage implements SecretVault, StateStore {
  private readonly secrets = new Map<string, string>();
  private readonly values = new Map<string, unknown>();
  async get(key: string): Promise<string | undefined>;
  get<T>(key: string): T | undefined;
  get(key: string): unknown {
    return key.startsWith('sophosCentral.') ? this.values.get(key) : Promise.resolve(this.secrets.get(key));
  }
  async store(key: string, value: string): Promise<void> {
    this.secrets.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.secrets.delete(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}
