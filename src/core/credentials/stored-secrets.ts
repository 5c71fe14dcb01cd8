/**
 * Reading the secrets kept for credentials. Every read that hands a value out passes the suspension gate; the
 * secret detector gets only hashes, so values never leave the core for it.
 */
import { invalidInput } from '../api';
import { SecretHashes } from '../scan';
import type { CredentialSessions } from './sessions';
import type { CredentialStore } from './store';
import type { UsageLog } from './usage-log';

/** What a stored secret found in a file is: named, never shown. */
export type StoredSecretInfo =
  | { kind: 'token'; label: string; tokenId: string; credentialId: string }
  | { kind: 'clientSecret'; credentialName: string };

export class StoredSecrets {
  constructor(
    private readonly store: CredentialStore,
    private readonly sessions: CredentialSessions,
    private readonly now: () => number,
    private readonly usage?: UsageLog,
  ) {}

  /** The stored Client Secret, for a profile the user asked to copy: refused while suspended. */
  async clientSecret(id: string): Promise<string> {
    this.sessions.ensureUsable(id);
    const credential = this.store.requireCredential(id);
    const secret = await this.store.clientSecret(id);
    if (secret === undefined)
      throw invalidInput(
        `The Client Secret of "${credential.name}" is missing from SecretStorage. Edit the credential and enter the secret again.`,
      );
    return secret;
  }

  /** A secret field of an integration credential for the user to copy: that is its use, so it counts as activity. */
  async integrationSecret(id: string, fieldId: string): Promise<string> {
    this.sessions.ensureUsable(id);
    const entry = this.store.integration(id);
    if (!entry) throw invalidInput('That credential is not an integration credential.');
    const value = await this.store.integrationSecret(id, fieldId);
    if (value === undefined)
      throw invalidInput(
        `SecretStorage has no value for this field of "${entry.name}". Edit the credential to enter it again.`,
      );
    const at = new Date(this.now()).toISOString();
    this.usage?.recordLocalUse(id, { time: at, feature: 'Copy secret', what: fieldId });
    await this.store.updateIntegration(id, () => ({ lastUsedAt: at }));
    return value;
  }

  /**
   * Hashes of every Client Secret and token value kept, suspended credentials included (finding a leak of one
   * protects the user; nothing is released), for the secret detector.
   */
  async hashes(): Promise<SecretHashes<StoredSecretInfo>> {
    const hashes = new SecretHashes<StoredSecretInfo>();
    for (const credential of this.store.credentials()) {
      const secret = await this.store.clientSecret(credential.id);
      if (secret !== undefined) hashes.add(secret, { kind: 'clientSecret', credentialName: credential.name });
    }
    for (const token of this.store.tokens()) {
      const value = await this.store.tokenValue(token.id);
      if (value !== undefined)
        hashes.add(value, { kind: 'token', label: token.label, tokenId: token.id, credentialId: token.credentialId });
    }
    return hashes;
  }
}
