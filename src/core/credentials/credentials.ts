/**
 * The one door to stored credentials for the extension's commands, its views and the tests. It owns the rules:
 * one name rule for both kinds, one way to remove, rotation that signs in with the new secret first, and a
 * suspension gate that every secret read passes. The store is its private persistence.
 */
import { SophosApiError, invalidInput, type CentralEndpoints, type RequestContext, type SophosHttp } from '../api';
import type { Tenant, WhoAmI } from '../api';
import { CredentialLifecycle, type LifecycleEntry } from './lifecycle-actions';
import type { CredentialRecord, IntegrationRecord } from './model';
import { CredentialSessions, whoamiFacts, type SignedIn } from './sessions';
import { SlsTokens } from './sls-tokens';
import { StoredSecrets } from './stored-secrets';
import type { SecretVault, StateStore } from './journaled-state';
import { CredentialStore, type NewCredential, type NewIntegration } from './store';
import type { UsageLog } from './usage-log';
import { describeNameProblem, maxNameLength, type NameProblem } from './names';
import { testEach } from './test-many';

export interface CredentialsOptions {
  vault: SecretVault;
  state: StateStore;
  http: SophosHttp;
  endpoints: CentralEndpoints;
  usage?: UsageLog;
  now?: () => number;
  newId?: () => string;
}

export class Credentials {
  readonly tokens: SlsTokens;
  readonly lifecycle: CredentialLifecycle;
  /** Every read of a Client Secret or integration secret, through the suspension gate. */
  readonly secrets: StoredSecrets;
  private readonly store: CredentialStore;
  private readonly sessions: CredentialSessions;
  private readonly now: () => number;
  private readonly usage?: UsageLog;

  constructor(options: CredentialsOptions) {
    this.now = options.now ?? Date.now;
    this.usage = options.usage;
    this.store = new CredentialStore(options.vault, options.state, options.newId, this.now);
    this.sessions = new CredentialSessions(this.store, options.http, options.endpoints, this.now, options.usage);
    this.tokens = new SlsTokens(this.store, this.sessions);
    this.lifecycle = new CredentialLifecycle(this.store, this.sessions, this.now);
    this.secrets = new StoredSecrets(this.store, this.sessions, this.now, options.usage);
  }

  /** Called after every change made here; `notifyExternalChange` brings in other windows' changes. */
  onDidChange(listener: () => void): () => void {
    const unsubscribe = [this.store.onDidChange(listener), this.secrets.onDidChangeMissing(listener)];
    return () => unsubscribe.forEach((stop) => stop());
  }

  notifyExternalChange(): Promise<void> {
    return this.store.notifyExternalChange();
  }

  /** API credentials, by name. */
  list(): CredentialRecord[] {
    return this.store.credentials();
  }

  integrations(): IntegrationRecord[] {
    return this.store.integrations();
  }

  get(id: string): CredentialRecord | undefined {
    return this.store.credential(id);
  }

  require(id: string): CredentialRecord {
    return this.store.requireCredential(id);
  }

  integration(id: string): IntegrationRecord | undefined {
    return this.store.integration(id);
  }

  /** An API credential by id, or by name in any case. */
  find(idOrName: string): CredentialRecord | undefined {
    return this.store.credential(idOrName) ?? this.store.findByName(idOrName);
  }

  /** An integration credential by id, or by name in any case. */
  findIntegration(idOrName: string): IntegrationRecord | undefined {
    const wanted = idOrName.trim().toLowerCase();
    return this.store.integration(idOrName) ?? this.integrations().find((entry) => entry.name.toLowerCase() === wanted);
  }

  /** A credential of either kind by id or name. */
  findEntry(idOrName: string): LifecycleEntry | undefined {
    return this.find(idOrName) ?? this.findIntegration(idOrName);
  }

  /** Every credential of both kinds. */
  entries(): LifecycleEntry[] {
    return [...this.list(), ...this.integrations()];
  }

  /** One rule for both kinds, which share one tree: not empty, not too long, not taken by another credential. */
  nameProblem(name: string, exceptId?: string): NameProblem | undefined {
    const trimmed = name.trim();
    if (trimmed === '') return { kind: 'empty' };
    if (trimmed.length > maxNameLength) return { kind: 'tooLong', max: maxNameLength };
    const clash = this.store.nameTakenBy(trimmed);
    if (clash && clash.id !== exceptId) return { kind: 'taken', by: clash.name };
    return undefined;
  }

  /** Signs in with a Client ID and secret that are not stored (yet): the add wizard checks them before saving. */
  trySecret(clientId: string, clientSecret: string, context: RequestContext = {}): Promise<SignedIn> {
    return this.sessions.trySecret(clientId, clientSecret, context);
  }

  /** Stores a new API credential; with the wizard's sign-in, the first request after saving is warm. */
  async add(fields: NewCredential, clientSecret: string, signedIn?: SignedIn): Promise<CredentialRecord> {
    this.refuseName(fields.name);
    const credential = await this.store.addCredential({ ...fields, name: fields.name.trim() }, clientSecret);
    if (signedIn) this.sessions.adopt(credential.id, signedIn);
    return credential;
  }

  /** Metadata from another machine or a teammate's file, under its own id: the secret is entered here later. */
  async addWithoutSecret(fields: NewCredential, id: string): Promise<CredentialRecord> {
    this.refuseName(fields.name);
    return this.store.addCredential({ ...fields, name: fields.name.trim() }, undefined, id);
  }

  /**
   * Enter Secret on this machine: it signs in against the Client ID first, and a refusal stores nothing. It never
   * replaces a secret that is here, checked again after the sign-in (another window may have entered it).
   */
  async provideSecret(id: string, clientSecret: string, context: RequestContext = {}): Promise<CredentialRecord> {
    await this.secrets.refuseIfPresent(id);
    return this.rotateSecret(id, clientSecret, { context, fillingGap: true });
  }

  async addIntegration(fields: NewIntegration, secrets: Record<string, string>): Promise<IntegrationRecord> {
    this.refuseName(fields.name);
    return this.store.addIntegration({ ...fields, name: fields.name.trim() }, secrets);
  }

  /** Name, description or role of an API credential. */
  async update(
    id: string,
    change: Partial<Pick<CredentialRecord, 'name' | 'description' | 'role'>>,
  ): Promise<CredentialRecord> {
    if (change.name !== undefined) this.refuseName(change.name, id);
    return this.store.updateCredential(id, () => ({
      ...change,
      ...(change.name !== undefined ? { name: change.name.trim() } : {}),
    }));
  }

  /** An integration credential's fields; new secret values replace the stored ones in place (never none). */
  async updateIntegration(
    id: string,
    change: (current: IntegrationRecord) => Partial<Omit<IntegrationRecord, 'id' | 'typeId'>>,
    secrets: Record<string, string> = {},
  ): Promise<IntegrationRecord> {
    const current = this.store.integration(id);
    if (current) {
      const name = change(current).name;
      if (name !== undefined) this.refuseName(name, id);
    }
    if (Object.keys(secrets).length > 0) await this.store.replaceIntegrationSecrets(id, secrets);
    return this.store.updateIntegration(id, change);
  }

  /**
   * Replaces the Client Secret. Sophos shows a secret once, so the stored one may be the only working copy: the
   * new one signs in first, and a refusal keeps the old one. `unchecked` is the user's explicit "replace anyway".
   */
  async rotateSecret(
    id: string,
    clientSecret: string,
    options: { unchecked?: boolean; context?: RequestContext; fillingGap?: boolean } = {},
  ): Promise<CredentialRecord> {
    const credential = this.store.requireCredential(id);
    this.sessions.ensureUsable(id);
    const signedIn = options.unchecked
      ? undefined
      : await this.sessions.trySecret(credential.clientId, clientSecret, {
          feature: 'Connection test',
          ...options.context,
        });
    if (options.fillingGap) await this.secrets.refuseIfPresent(id);
    await this.store.rotateClientSecret(id, clientSecret);
    this.sessions.forget(id);
    if (signedIn) this.sessions.adopt(id, signedIn);
    const at = new Date(this.now()).toISOString();
    return this.store.updateCredential(id, () =>
      signedIn ? { whoami: whoamiFacts(signedIn.whoami), lastTest: { at, ok: true } } : { lastTest: undefined },
    );
  }

  /** Removes a credential of either kind, every secret value kept for it, and its request log. */
  async remove(id: string): Promise<LifecycleEntry> {
    const credential = this.store.credential(id);
    const integration = credential ? undefined : this.store.integration(id);
    const entry = credential ?? integration;
    if (!entry) throw invalidInput('That credential no longer exists: it may have been deleted in another window.');
    this.sessions.forget(id);
    if (credential) await this.store.deleteCredential(id);
    else await this.store.deleteIntegration(id);
    await this.usage?.forget(id);
    return entry;
  }

  /** Start-up repair after a crash between a secret and its metadata (see CredentialStore.sweep). */
  repair(): ReturnType<CredentialStore['sweep']> {
    return this.store.sweep();
  }

  /** Refuses a suspended or deleted credential of either kind. */
  ensureUsable(id: string): void {
    this.sessions.ensureUsable(id);
  }

  /** A real sign-in and whoami, not the cached ones: the user wants to know the secret works now. */
  async test(id: string, context: RequestContext = {}): Promise<{ credential: CredentialRecord; whoami: WhoAmI }> {
    this.sessions.ensureUsable(id);
    this.sessions.forget(id);
    const at = new Date(this.now()).toISOString();
    try {
      const client = this.sessions.clientFor(id);
      const whoami = await this.sessions.failing(id, client.whoami({ feature: 'Connection test', ...context }));
      const credential = await this.store.updateCredential(id, () => ({
        whoami: whoamiFacts(whoami),
        lastUsedAt: at,
        lastTest: { at, ok: true },
      }));
      return { credential, whoami };
    } catch (error) {
      if (error instanceof SophosApiError && error.kind !== 'cancelled' && this.store.credential(id))
        await this.store.updateCredential(id, () => ({ lastTest: { at, ok: false, message: error.message } }));
      throw error;
    }
  }

  /** A health check of many credentials, a few at a time (see testEach). Never rejects. */
  testMany(ids: readonly string[], options: { concurrency?: number } & RequestContext = {}) {
    const { concurrency = 4, ...context } = options;
    return testEach(ids, concurrency, async (id) => (await this.test(id, context)).whoami);
  }

  tenants(id: string, context: RequestContext = {}): Promise<Tenant[]> {
    return this.sessions.used(id, this.sessions.clientFor(id).tenants({ feature: 'Tenant list', ...context }));
  }

  chooseTenant(id: string, tenant: Tenant): Promise<CredentialRecord> {
    const { id: tenantId, name, dataRegion } = tenant;
    return this.store.updateCredential(id, () => ({
      tenant: { id: tenantId, ...(name ? { name } : {}), ...(dataRegion ? { dataRegion } : {}) },
    }));
  }

  /** A current bearer token, its expiry, and whether it took a real sign-in (only that counts as a use). */
  async signIn(id: string, context: RequestContext = {}) {
    const client = this.sessions.clientFor(id);
    const signedIn = await this.sessions.failing(id, client.auth.signIn({ feature: 'Other extensions', ...context }));
    if (signedIn.fresh) await this.sessions.noteUse(id);
    return signedIn;
  }

  /** For a terminal: a current bearer token and whoami, never the Client Secret. */
  async lend(id: string, context: RequestContext = {}) {
    const signedIn = await this.signIn(id, context);
    const whoami = await this.sessions.failing(id, this.sessions.clientFor(id).whoami(context));
    return { ...signedIn, whoami };
  }

  /** Drops only the cached bearer token (the API refused it), so the next request signs in again. */
  forgetBearer(id: string): void {
    this.sessions.forgetBearer(id);
  }

  /** The route changed (proxy, CA): bearer tokens in hand are dropped, the next sign-in passes the endpoint guard. */
  setHttp(http: SophosHttp): void {
    this.sessions.setHttp(http);
  }

  setEndpoints(endpoints: CentralEndpoints): void {
    this.sessions.setEndpoints(endpoints);
  }

  /** E.g. the editor asks the user once before a secret goes to a host that is not Sophos'. */
  setEndpointGuard(guard: (endpoints: CentralEndpoints) => Promise<void>): void {
    this.sessions.setEndpointGuard(guard);
  }

  private refuseName(name: string, exceptId?: string): void {
    const problem = this.nameProblem(name, exceptId);
    if (problem) throw invalidInput(describeNameProblem(problem));
  }
}
