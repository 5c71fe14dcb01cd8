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
import { DuplicateNameError, UnknownCredentialError } from './errors';
import { integrationType } from './integration-types';
import { JournaledState, pendingKey, pendingSweepAgeMs, type StoreSnapshot } from './journaled-state';
import {
  clientSecretKey,
  integrationSecretKey,
  tokenValueKey,
  type CredentialRecord,
  type IntegrationRecord,
  type LifecycleFields,
  type TokenRecord,
} from './model';

export type NewCredential = Omit<CredentialRecord, 'id'>;
export type NewIntegration = Omit<IntegrationRecord, 'id'>;

export class CredentialStore extends JournaledState {
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

  /** Without a secret (imported or synced metadata), the user enters it later on this machine. */
  addCredential(fields: NewCredential, clientSecret: string | undefined, id = this.newId()): Promise<CredentialRecord> {
    return this.serialized(async () => {
      const clash = this.nameTakenBy(fields.name);
      if (clash) throw new DuplicateNameError(clash.name);
      if (this.credential(id)) throw new DuplicateNameError(fields.name);
      const credential: CredentialRecord = { ...fields, id };
      const add = (snapshot: StoreSnapshot) => ({ ...snapshot, credentials: [...snapshot.credentials, credential] });
      if (clientSecret === undefined) await this.write(add);
      else await this.withSecret(clientSecretKey(credential.id), clientSecret, add);
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
    change: Partial<Pick<TokenRecord, 'label' | 'expiresAt' | 'usedIn'>>,
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
}

function secretKeysOf(entry: IntegrationRecord): string[] {
  return (integrationType(entry.typeId)?.fields ?? [])
    .filter((field) => field.secret)
    .map((field) => integrationSecretKey(entry.id, field.id));
}
