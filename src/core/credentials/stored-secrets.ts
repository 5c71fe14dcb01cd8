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
  /** API credentials whose Client Secret is not on this machine (synced or imported), as of the last check. */
  private missingIds = new Set<string>();
  private readonly missingListeners = new Set<() => void>();
  private checks = 0;

  constructor(
    private readonly store: CredentialStore,
    private readonly sessions: CredentialSessions,
    private readonly now: () => number,
    private readonly usage?: UsageLog,
  ) {
    // SecretStorage is asynchronous: presence is checked after each change and known synchronously to every
    // screen (tree, badge, status bar, details page), which all show the one status.
    store.onDidChange(() => void this.checkMissing());
    void this.checkMissing();
  }

  /** The Client Secret of this API credential is not on this machine: "secret needed on this machine". */
  isMissing(id: string): boolean {
    return this.missingIds.has(id);
  }

  /** API credentials whose Client Secret is not in this machine's SecretStorage, read now. */
  async missing(): Promise<string[]> {
    const list = this.store.credentials();
    const secrets = await Promise.all(list.map(({ id }) => this.store.clientSecret(id).catch(() => undefined)));
    return list.filter((_, index) => secrets[index] === undefined).map(({ id }) => id);
  }

  /** Heard when the set of credentials missing their secret changes (a change of the store is heard anyway). */
  onDidChangeMissing(listener: () => void): () => void {
    this.missingListeners.add(listener);
    return () => this.missingListeners.delete(listener);
  }

  private async checkMissing(): Promise<void> {
    const check = ++this.checks;
    const ids = new Set(await this.missing().catch(() => [...this.missingIds]));
    // Reads can finish out of order: only the latest check's answer is current.
    if (check !== this.checks) return;
    if (ids.size === this.missingIds.size && [...ids].every((id) => this.missingIds.has(id))) return;
    this.missingIds = ids;
    for (const listener of this.missingListeners) listener();
  }

  /**
   * Enter Secret fills a gap only: refused while this API credential's Client Secret is here (Edit Credential
   * replaces one). A failed read refuses too: it proves nothing is missing.
   */
  async refuseIfPresent(id: string): Promise<void> {
    const credential = this.store.requireCredential(id);
    if ((await this.store.clientSecret(id)) !== undefined)
      throw invalidInput(
        `"${credential.name}" has its Client Secret on this machine already. To change it, use Edit Credential.`,
      );
  }

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
