/**
 * The store's persistence mechanics: metadata in a state store, secret values in a vault, one queue for every
 * change, a journal of secret keys in flight, and the revision other windows watch. CredentialStore adds what
 * the records mean.
 */
import { randomUUID } from 'node:crypto';
import type { CredentialRecord, IntegrationRecord, TokenRecord } from './model';

/** The only door to secret values. The extension implements it over SecretStorage; tests over a Map. */
export interface SecretVault {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Where metadata lives (the extension's globalState); `update` replaces one key's value as a whole. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Promise<void>;
}

export interface StoreSnapshot {
  credentials: CredentialRecord[];
  tokens: TokenRecord[];
  integrations: IntegrationRecord[];
  /**
   * Secret keys written or being deleted whose metadata is not (or no longer) in place, with when (ms).
   * Plain strings are entries from before times were kept.
   */
  pendingSecrets: PendingSecret[];
}

export type PendingSecret = string | { key: string; at: number };

/** An interrupted add or delete is only swept once this old: another window may be half-way through one. */
export const pendingSweepAgeMs = 5 * 60_000;

/** The vault key a journal entry stands for (older entries are the bare key). */
export function pendingKey(entry: PendingSecret): string {
  return typeof entry === 'string' ? entry : entry.key;
}

export const stateKey = 'sophosCentral.store.v1';
/** Written after every change so other windows, which share secrets, hear about it through onDidChange. */
export const revisionKey = 'store/revision';

export class JournaledState {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  protected changed = false;
  /**
   * Revisions this window wrote or has already taken in: an event whose revision is one of them is not news
   * (our own write's echo, or a change already read), so the copy below is not thrown away for it.
   */
  private readonly knownRevisions = new Set<string>();
  private readonly seeded: Promise<void>;
  /**
   * This window's copy, authoritative here. VS Code's globalState can hand back an older value for a moment
   * after an update (its storage echoes changes of other keys with a stale whole-state value), so reads
   * never go back to it except on an external change.
   */
  private cache?: StoreSnapshot;

  constructor(
    protected readonly vault: SecretVault,
    private readonly state: StateStore,
    protected readonly newId: () => string = randomUUID,
    protected readonly now: () => number = Date.now,
  ) {
    // The revision found at start is not news either: only a later one, written by another window, is.
    this.seeded = Promise.resolve(vault.get(revisionKey)).then(
      (revision) => void (revision && this.knownRevisions.add(revision)),
      () => undefined,
    );
  }

  /** Called after every change made here; other windows' changes come through `notifyExternalChange`. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another window changed the store (secrets are shared across windows); ignores this window's own writes. */
  async notifyExternalChange(): Promise<void> {
    await this.seeded;
    const revision = await this.vault.get(revisionKey).catch(() => undefined);
    // A read can still return our previous revision while the newest write is in flight: any of ours is ours.
    if (revision === undefined || this.knownRevisions.has(revision)) return;
    this.remember(revision);
    await this.serialized(async () => {
      this.cache = undefined;
    });
    this.emit();
  }

  snapshot(): StoreSnapshot {
    this.cache ??= this.load();
    return this.cache;
  }

  private load(): StoreSnapshot {
    const stored = this.state.get<Partial<StoreSnapshot>>(stateKey);
    return {
      credentials: Array.isArray(stored?.credentials) ? stored.credentials : [],
      tokens: Array.isArray(stored?.tokens) ? stored.tokens : [],
      integrations: Array.isArray(stored?.integrations) ? stored.integrations : [],
      pendingSecrets: Array.isArray(stored?.pendingSecrets) ? stored.pendingSecrets : [],
    };
  }

  protected withSecret(key: string, value: string, change: (snapshot: StoreSnapshot) => StoreSnapshot): Promise<void> {
    return this.withSecrets([[key, value]], change);
  }

  protected async withSecrets(
    entries: [string, string][],
    change: (snapshot: StoreSnapshot) => StoreSnapshot,
  ): Promise<void> {
    const keys = entries.map(([key]) => key);
    const at = this.now();
    await this.write((snapshot) => ({
      ...snapshot,
      pendingSecrets: [...snapshot.pendingSecrets, ...keys.map((key) => ({ key, at }))],
    }));
    for (const [key, value] of entries) await this.vault.store(key, value);
    await this.write((snapshot) => {
      const next = change(snapshot);
      return { ...next, pendingSecrets: next.pendingSecrets.filter((pending) => !keys.includes(pendingKey(pending))) };
    });
  }

  protected async withoutSecrets(keys: string[], change: (snapshot: StoreSnapshot) => StoreSnapshot): Promise<void> {
    await this.write((snapshot) => {
      const next = change(snapshot);
      const at = this.now();
      return { ...next, pendingSecrets: [...next.pendingSecrets, ...keys.map((key) => ({ key, at }))] };
    });
    for (const key of keys) await this.vault.delete(key);
    await this.write((snapshot) => ({
      ...snapshot,
      pendingSecrets: snapshot.pendingSecrets.filter((pending) => !keys.includes(pendingKey(pending))),
    }));
  }

  protected async write(change: (snapshot: StoreSnapshot) => StoreSnapshot): Promise<void> {
    this.changed = true;
    const next = change(this.snapshot());
    this.cache = next;
    try {
      await this.state.update(stateKey, next);
    } catch (error) {
      this.cache = undefined; // what is stored is what counts
      throw error;
    }
  }

  /** One operation at a time; after one that changed anything (even half-way), listeners and other windows hear of it. */
  protected serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      try {
        return await work();
      } finally {
        if (this.changed) {
          this.changed = false;
          await this.bumpRevision();
          this.emit();
        }
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async bumpRevision(): Promise<void> {
    const revision = this.newId();
    this.remember(revision);
    try {
      await this.vault.store(revisionKey, revision);
    } catch {
      // Only other windows' refresh depends on it; the change itself is made.
    }
  }

  private remember(revision: string): void {
    this.knownRevisions.add(revision);
    if (this.knownRevisions.size > 100) this.knownRevisions.delete(this.knownRevisions.values().next().value!);
  }

  private emit(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's failure must not undo a stored change.
      }
    }
  }
}
