/**
 * Credentials and minted tokens: metadata in a state store, secret values in a vault. Every change runs
 * through one queue and is journaled so that a crash at any point leaves no half credential:
 *
 * - add:    journal the secret key → write the secret → write the metadata and clear the journal (one update)
 * - delete: remove the metadata and journal its secret keys (one update) → delete the secrets → clear the journal
 *
 * `sweep()` at start-up deletes every journaled secret that no metadata refers to, so an interrupted add or
 * delete never leaves a secret behind.
 */
import { randomUUID } from 'node:crypto';
import { integrationType } from './integration-types';
import {
  clientSecretKey,
  integrationSecretKey,
  tokenValueKey,
  type CredentialRecord,
  type IntegrationRecord,
  type LifecycleFields,
  type TokenRecord,
} from './model';

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

function pendingKey(entry: PendingSecret): string {
  return typeof entry === 'string' ? entry : entry.key;
}

export const stateKey = 'sophosCentral.store.v1';
/** Written after every change so other windows, which share secrets, hear about it through onDidChange. */
export const revisionKey = 'store/revision';

export type NewCredential = Omit<CredentialRecord, 'id'>;
export type NewIntegration = Omit<IntegrationRecord, 'id'>;

export class DuplicateNameError extends Error {
  constructor(name: string) {
    super(`A credential named "${name}" already exists. Choose another name.`);
  }
}

export class UnknownCredentialError extends Error {
  constructor() {
    super('That credential no longer exists: it may have been deleted in another window. Refresh the view.');
  }
}

export class CredentialStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private changed = false;
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
    private readonly vault: SecretVault,
    private readonly state: StateStore,
    private readonly newId: () => string = randomUUID,
    private readonly now: () => number = Date.now,
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

  credentials(): CredentialRecord[] {
    return [...this.snapshot().credentials].sort((a, b) => a.name.localeCompare(b.name));
  }

  credential(id: string): CredentialRecord | undefined {
    return this.snapshot().credentials.find((credential) => credential.id === id);
  }

  requireCredential(id: string): CredentialRecord {
    const credential = this.credential(id);
    if (!credential) throw new UnknownCredentialError();
    return credential;
  }

  findByName(name: string): CredentialRecord | undefined {
    const wanted = name.trim().toLowerCase();
    return this.snapshot().credentials.find((credential) => credential.name.toLowerCase() === wanted);
  }

  /** Names are unique across API and integration credentials: both share one tree. */
  nameTakenBy(name: string): { id: string; name: string } | undefined {
    const wanted = name.trim().toLowerCase();
    const snapshot = this.snapshot();
    return [...snapshot.credentials, ...snapshot.integrations].find((entry) => entry.name.toLowerCase() === wanted);
  }

  integrations(): IntegrationRecord[] {
    return [...this.snapshot().integrations].sort((a, b) => a.name.localeCompare(b.name));
  }

  integration(id: string): IntegrationRecord | undefined {
    return this.snapshot().integrations.find((entry) => entry.id === id);
  }

  integrationSecret(id: string, fieldId: string): Promise<string | undefined> {
    return this.vault.get(integrationSecretKey(id, fieldId));
  }

  /** Adds an integration credential: every secret field first (journaled), then its metadata. */
  addIntegration(fields: NewIntegration, secrets: Record<string, string>): Promise<IntegrationRecord> {
    return this.serialized(async () => {
      const clash = this.nameTakenBy(fields.name);
      if (clash) throw new DuplicateNameError(clash.name);
      const type = integrationType(fields.typeId);
      const missing =
        type?.fields.filter((field) => field.secret && !secrets[field.id]).map((field) => field.label) ?? [];
      if (!type || missing.length > 0)
        throw new Error(type ? `Missing ${missing.join(', ')}.` : `Unknown credential type "${fields.typeId}".`);
      const record: IntegrationRecord = { ...fields, id: this.newId() };
      const entries = type.fields
        .filter((field) => field.secret)
        .map((field): [string, string] => [integrationSecretKey(record.id, field.id), secrets[field.id]!]);
      await this.withSecrets(entries, (snapshot) => ({
        ...snapshot,
        integrations: [...snapshot.integrations, record],
      }));
      return record;
    });
  }

  updateIntegration(
    id: string,
    change: (current: IntegrationRecord) => Partial<Omit<IntegrationRecord, 'id' | 'typeId'>>,
  ): Promise<IntegrationRecord> {
    return this.serialized(async () => {
      const current = this.integration(id);
      if (!current) throw new UnknownCredentialError();
      const updated = { ...current, ...change(current), id: current.id, typeId: current.typeId };
      const clash = updated.name !== current.name ? this.nameTakenBy(updated.name) : undefined;
      if (clash && clash.id !== id) throw new DuplicateNameError(updated.name);
      await this.write((snapshot) => ({
        ...snapshot,
        integrations: snapshot.integrations.map((entry) => (entry.id === id ? updated : entry)),
      }));
      return updated;
    });
  }

  /**
   * New values for secret fields (an edit). Each is overwritten in place, so the stored value is replaced only
   * once the new one is stored: a failed write leaves the old one, never none.
   */
  replaceIntegrationSecrets(id: string, secrets: Record<string, string>): Promise<void> {
    return this.serialized(async () => {
      const current = this.integration(id);
      if (!current) throw new UnknownCredentialError();
      const fields = new Set(
        integrationType(current.typeId)
          ?.fields.filter((field) => field.secret)
          .map((field) => field.id),
      );
      const unknown = Object.keys(secrets).filter((field) => !fields.has(field));
      if (unknown.length > 0) throw new Error(`Not a secret field of this credential: ${unknown.join(', ')}.`);
      for (const [field, value] of Object.entries(secrets))
        await this.vault.store(integrationSecretKey(id, field), value);
      this.changed = true;
    });
  }

  deleteIntegration(id: string): Promise<void> {
    return this.serialized(async () => {
      const current = this.integration(id);
      if (!current) throw new UnknownCredentialError();
      await this.withoutSecrets(secretKeysOf(current), (snapshot) => ({
        ...snapshot,
        integrations: snapshot.integrations.filter((entry) => entry.id !== id),
      }));
    });
  }

  /** Lifecycle changes (suspend, unsuspend, reset, policy, warnings shown) for either kind of credential. */
  updateLifecycle(
    id: string,
    change: (current: LifecycleFields) => LifecycleFields,
  ): Promise<LifecycleFields & { id: string; name: string }> {
    if (this.credential(id)) return this.updateCredential(id, change);
    return this.updateIntegration(id, change);
  }

  tokens(credentialId?: string): TokenRecord[] {
    const tokens = this.snapshot().tokens;
    return credentialId === undefined ? [...tokens] : tokens.filter((token) => token.credentialId === credentialId);
  }

  token(id: string): TokenRecord | undefined {
    return this.snapshot().tokens.find((token) => token.id === id);
  }

  clientSecret(credentialId: string): Promise<string | undefined> {
    return this.vault.get(clientSecretKey(credentialId));
  }

  tokenValue(tokenId: string): Promise<string | undefined> {
    return this.vault.get(tokenValueKey(tokenId));
  }

  addCredential(fields: NewCredential, clientSecret: string): Promise<CredentialRecord> {
    return this.serialized(async () => {
      const clash = this.nameTakenBy(fields.name);
      if (clash) throw new DuplicateNameError(clash.name);
      const credential: CredentialRecord = { ...fields, id: this.newId() };
      await this.withSecret(clientSecretKey(credential.id), clientSecret, (snapshot) => ({
        ...snapshot,
        credentials: [...snapshot.credentials, credential],
      }));
      return credential;
    });
  }

  /** Metadata changes (rename, role, test results, tenant choice); the id and Client ID stay. */
  updateCredential(
    id: string,
    change: (credential: CredentialRecord) => Partial<Omit<CredentialRecord, 'id' | 'clientId'>>,
  ): Promise<CredentialRecord> {
    return this.serialized(async () => {
      const current = this.requireCredential(id);
      const updated = { ...current, ...change(current), id: current.id, clientId: current.clientId };
      if (updated.name !== current.name) {
        const clash = this.nameTakenBy(updated.name);
        if (clash && clash.id !== id) throw new DuplicateNameError(updated.name);
      }
      await this.write((snapshot) => ({
        ...snapshot,
        credentials: snapshot.credentials.map((credential) => (credential.id === id ? updated : credential)),
      }));
      return updated;
    });
  }

  /** Replaces the Client Secret (rotation). The old one is overwritten in place: there is never none. */
  rotateClientSecret(id: string, clientSecret: string): Promise<void> {
    return this.serialized(async () => {
      this.requireCredential(id);
      await this.vault.store(clientSecretKey(id), clientSecret);
      this.changed = true;
    });
  }

  /** Removes the credential, its tokens' metadata and every secret value kept for them. */
  deleteCredential(id: string): Promise<void> {
    return this.serialized(async () => {
      this.requireCredential(id);
      const keys = [clientSecretKey(id), ...this.tokens(id).map((token) => tokenValueKey(token.id))];
      await this.withoutSecrets(keys, (snapshot) => ({
        ...snapshot,
        credentials: snapshot.credentials.filter((credential) => credential.id !== id),
        tokens: snapshot.tokens.filter((token) => token.credentialId !== id),
      }));
    });
  }

  /**
   * Keeps a freshly minted token. The value goes to the vault first, because Sophos shows it only once; if
   * the vault fails the caller still holds the value and must show it to the user.
   */
  addToken(token: TokenRecord, value: string): Promise<void> {
    return this.serialized(async () => {
      this.requireCredential(token.credentialId);
      await this.withSecret(tokenValueKey(token.id), value, (snapshot) => ({
        ...snapshot,
        tokens: [...snapshot.tokens.filter((existing) => existing.id !== token.id), token],
      }));
    });
  }

  /** A token renamed or given a new expiry in Sophos Central: its metadata follows; its value is untouched. */
  updateToken(
    tokenId: string,
    change: Partial<Pick<TokenRecord, 'label' | 'expiresAt'>>,
  ): Promise<TokenRecord | undefined> {
    return this.serialized(async () => {
      const current = this.token(tokenId);
      if (!current) return undefined;
      const updated: TokenRecord = { ...current, ...change, id: current.id, credentialId: current.credentialId };
      await this.write((snapshot) => ({
        ...snapshot,
        tokens: snapshot.tokens.map((token) => (token.id === tokenId ? updated : token)),
      }));
      return updated;
    });
  }

  removeToken(tokenId: string): Promise<void> {
    return this.serialized(async () => {
      if (!this.token(tokenId)) return;
      await this.withoutSecrets([tokenValueKey(tokenId)], (snapshot) => ({
        ...snapshot,
        tokens: snapshot.tokens.filter((token) => token.id !== tokenId),
      }));
    });
  }

  /**
   * Start-up repair after a crash or a failed write: deletes journaled secrets no metadata refers to. A
   * credential whose secret is missing is reported, never dropped: the keyring may just be unreachable now,
   * and the user can enter the secret again without losing the rest.
   */
  sweep(): Promise<{ secretsDeleted: number; credentialsWithoutSecret: string[] }> {
    return this.serialized(async () => {
      const snapshot = this.snapshot();
      const referenced = new Set([
        ...snapshot.credentials.map((credential) => clientSecretKey(credential.id)),
        ...snapshot.tokens.map((token) => tokenValueKey(token.id)),
        ...snapshot.integrations.flatMap((entry) => secretKeysOf(entry)),
      ]);
      // Young entries may belong to another window's add or delete in progress: left for a later start.
      const settled = snapshot.pendingSecrets.filter(
        (entry) => typeof entry === 'string' || this.now() - entry.at >= pendingSweepAgeMs,
      );
      const orphans = settled.map(pendingKey).filter((key) => !referenced.has(key));
      for (const key of orphans) await this.vault.delete(key);
      if (settled.length > 0)
        await this.write((current) => ({
          ...current,
          pendingSecrets: current.pendingSecrets.filter((entry) => !settled.includes(entry)),
        }));
      const credentialsWithoutSecret: string[] = [];
      for (const credential of snapshot.credentials) {
        if ((await this.vault.get(clientSecretKey(credential.id))) === undefined)
          credentialsWithoutSecret.push(credential.name);
      }
      return { secretsDeleted: orphans.length, credentialsWithoutSecret };
    });
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

  private withSecret(key: string, value: string, change: (snapshot: StoreSnapshot) => StoreSnapshot): Promise<void> {
    return this.withSecrets([[key, value]], change);
  }

  private async withSecrets(
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

  private async withoutSecrets(keys: string[], change: (snapshot: StoreSnapshot) => StoreSnapshot): Promise<void> {
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

  private async write(change: (snapshot: StoreSnapshot) => StoreSnapshot): Promise<void> {
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
  private serialized<T>(work: () => Promise<T>): Promise<T> {
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

function secretKeysOf(entry: IntegrationRecord): string[] {
  return (integrationType(entry.typeId)?.fields ?? [])
    .filter((field) => field.secret)
    .map((field) => integrationSecretKey(entry.id, field.id));
}
