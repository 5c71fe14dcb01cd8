/**
 * What the editor does with a stored credential: test it, list its tenants and tokens, mint and revoke SLS
 * tokens. One API client per credential is kept, so its bearer token and whoami are reused (a warm mint is one
 * request); it is dropped when the secret, the URLs or the credential change.
 */
import {
  SophosApiError,
  SophosCentralClient,
  type RequestRecord,
  invalidInput,
  type AccessToken,
  type CentralEndpoints,
  type CreatedAccessToken,
  type RequestContext,
  type SophosHttp,
  type Tenant,
  type WhoAmI,
} from '../api';
import {
  dueWarnings,
  entryFacts,
  lifecycleState,
  policyProblem,
  type InactivityPolicy,
  type LifecycleWarning,
} from './lifecycle';
import { type CredentialRecord, type LifecycleFields, type TokenRecord, type WhoamiFacts } from './model';
import { UnknownCredentialError, type CredentialStore } from './store';
import type { UsageLog } from './usage-log';

const failedCredential = new WeakMap<object, string>();
/** How stale the recorded last use may get before it is written again. */
const lastUseResolutionMs = 60 * 60_000;

/** The credential a failure from this service was about, so the UI can offer that credential's fix. */
export function credentialOfFailure(error: unknown): string | undefined {
  if (error instanceof SuspendedCredentialError) return error.credentialId;
  return typeof error === 'object' && error !== null ? failedCredential.get(error) : undefined;
}

/** A suspended credential refuses every use until it is unsuspended. */
export class SuspendedCredentialError extends Error {
  constructor(
    readonly credentialId: string,
    name: string,
  ) {
    super(`"${name}" is suspended: no command can use it. Unsuspend it first (this also resets its inactivity timer).`);
  }
}

/** An API or integration credential, as far as the lifecycle is concerned. */
export type LifecycleEntry = LifecycleFields & { id: string; name: string };

/** What a lifecycle check did and found; it never deletes anything (a purge due is a `probablyPurged` warning). */
export interface LifecycleSweep {
  /** Integration credentials suspended for inactivity just now. */
  suspended: LifecycleEntry[];
  warnings: { credential: LifecycleEntry; warning: LifecycleWarning }[];
}

export interface MintRequest {
  label: string;
  /** ISO-8601 or undefined for no expiry. */
  expiresAt?: string;
  /** Partners and organizations: the tenant to mint in; defaults to the credential's chosen tenant. */
  tenantId?: string;
}

/** What to change of an SLS token: a new label, a new expiry (ISO-8601), or both. */
export interface TokenChange {
  label?: string;
  expiresAt?: string;
}

export interface TokenUpdateResult {
  /** The token as Sophos Central now holds it (never its value). */
  token: AccessToken;
  tenantId: string;
  /** The local record, updated, when the token was minted or imported here; undefined for one made elsewhere. */
  record?: TokenRecord;
}

export interface MintResult {
  token: TokenRecord;
  /** The value, shown to the user once. */
  value: string;
  /** Why the value could not be kept in SecretStorage, when it could not: the user must copy it now. */
  storeError?: unknown;
  orphansRevoked: string[];
  /** Tokens that may be lost attempts but may be somebody else's: kept, for the user to look at. */
  possibleOrphans: string[];
}

/** One credential's outcome in a testMany health check. */
export type TestManyResult = { id: string; ok: true; whoami: WhoAmI } | { id: string; ok: false; error: unknown };

export interface TokenListing {
  tenantId: string;
  tokens: (AccessToken & { valueStored: boolean })[];
}

export class CredentialService {
  private readonly clients = new Map<string, SophosCentralClient>();
  /** Requests of a sign-in made before the credential was saved (the add wizard), kept for its log. */
  private readonly unsavedRecords = new WeakMap<SophosCentralClient, RequestRecord[]>();
  /** Asked before a Client Secret leaves for the endpoints; it throws to stop the sign-in. */
  private endpointGuard: (endpoints: CentralEndpoints) => Promise<void> = () => Promise.resolve();

  constructor(
    private readonly store: CredentialStore,
    private http: SophosHttp,
    private endpoints: CentralEndpoints,
    private readonly now: () => number = Date.now,
    private readonly usage?: UsageLog,
  ) {
    store.onDidChange(() => this.dropClientsOfMissingCredentials());
  }

  /** A new transport (proxy or CA settings changed): clients are rebuilt on it, their bearer tokens fetched anew. */
  setHttp(http: SophosHttp): void {
    this.http = http;
    this.clients.clear();
  }

  /** E.g. the editor asks the user once before a secret goes to a host that is not Sophos'. */
  setEndpointGuard(guard: (endpoints: CentralEndpoints) => Promise<void>): void {
    this.endpointGuard = guard;
  }

  setEndpoints(endpoints: CentralEndpoints): void {
    if (endpoints.idUrl === this.endpoints.idUrl && endpoints.apiUrl === this.endpoints.apiUrl) return;
    this.endpoints = endpoints;
    this.clients.clear();
  }

  /** Signs in with a Client ID and secret that are not stored yet (the add wizard) and returns whoami. */
  async trySecret(
    clientId: string,
    clientSecret: string,
    context: RequestContext = {},
  ): Promise<{ whoami: WhoAmI; client: SophosCentralClient }> {
    const records: RequestRecord[] = [];
    const client = this.newClient(
      clientId,
      () => Promise.resolve(clientSecret),
      (record) => {
        const owner = this.ownerOf(client);
        if (owner) this.usage?.record(owner, record);
        else records.push(record);
      },
    );
    this.unsavedRecords.set(client, records);
    return { whoami: await client.whoami(context), client };
  }

  /** Keeps the client the wizard signed in with, so the first mint after adding is warm, and its requests logged. */
  adoptClient(credentialId: string, client: SophosCentralClient): void {
    this.clients.set(credentialId, client);
    for (const record of this.unsavedRecords.get(client)?.splice(0) ?? []) this.usage?.record(credentialId, record);
  }

  /** A real sign-in and whoami, not the cached ones: the user wants to know the secret works now. */
  async test(
    credentialId: string,
    context: RequestContext = {},
  ): Promise<{ credential: CredentialRecord; whoami: WhoAmI }> {
    this.ensureUsable(credentialId);
    this.forget(credentialId);
    const at = new Date(this.now()).toISOString();
    try {
      const whoami = await this.clientFor(credentialId).whoami({ feature: 'Connection test', ...context });
      const credential = await this.store.updateCredential(credentialId, () => ({
        whoami: whoamiFacts(whoami),
        lastUsedAt: at,
        lastTest: { at, ok: true },
      }));
      return { credential, whoami };
    } catch (error) {
      if (typeof error === 'object' && error !== null) failedCredential.set(error, credentialId);
      if (error instanceof SophosApiError && error.kind !== 'cancelled' && this.store.credential(credentialId)) {
        await this.store.updateCredential(credentialId, () => ({
          lastTest: { at, ok: false, message: error.message },
        }));
      }
      throw error;
    }
  }

  /**
   * A health check of many credentials: each is tested as test() does, with at most `concurrency` in flight,
   * so a long list neither takes one round trip per credential in a row nor floods Sophos ID. Never rejects:
   * each credential's outcome is in its own entry, in the order of `ids`.
   */
  async testMany(
    ids: readonly string[],
    options: { concurrency?: number } & RequestContext = {},
  ): Promise<TestManyResult[]> {
    const { concurrency = 4, ...context } = options;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw invalidInput(`The concurrency must be a positive whole number, not ${concurrency}.`);
    const results: TestManyResult[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        const id = ids[index]!;
        try {
          const { whoami } = await this.test(id, context);
          results[index] = { id, ok: true, whoami };
        } catch (error) {
          results[index] = { id, ok: false, error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return results;
  }

  async tenants(credentialId: string, context: RequestContext = {}): Promise<Tenant[]> {
    return this.used(credentialId, this.clientFor(credentialId).tenants({ feature: 'Tenant list', ...context }));
  }

  async chooseTenant(credentialId: string, tenant: Tenant): Promise<CredentialRecord> {
    return this.store.updateCredential(credentialId, () => ({
      tenant: {
        id: tenant.id,
        ...(tenant.name ? { name: tenant.name } : {}),
        ...(tenant.dataRegion ? { dataRegion: tenant.dataRegion } : {}),
      },
    }));
  }

  async listTokens(credentialId: string, context: RequestContext = {}): Promise<TokenListing> {
    const client = this.clientFor(credentialId);
    const tenantId = await client.resolveTenantId(this.tenantFor(credentialId), { feature: 'Token list', ...context });
    const tokens = await this.used(
      credentialId,
      client.listAccessTokens({ tenantId }, { feature: 'Token list', ...context }),
    );
    const stored = new Set(this.store.tokens(credentialId).map((token) => token.id));
    return { tenantId, tokens: tokens.map((token) => ({ ...token, valueStored: stored.has(token.id) })) };
  }

  /**
   * Mints an SLS token. The value is stored in the vault before anything else happens; when that fails the
   * result still carries it, with the reason, so the user can copy it before it is gone for good.
   */
  async mint(credentialId: string, request: MintRequest, context: RequestContext = {}): Promise<MintResult> {
    const tenantId = request.tenantId ?? this.tenantFor(credentialId);
    const result = await this.failing(
      credentialId,
      this.clientFor(credentialId).createAccessToken(
        { label: request.label, expiresAt: request.expiresAt, tenantId },
        { feature: 'SLS token', ...context },
      ),
    );
    const token = tokenRecord(credentialId, result.tenantId, result.token);
    const minted = {
      token,
      value: result.token.token,
      orphansRevoked: result.orphansRevoked,
      possibleOrphans: result.possibleOrphans,
    };
    // The value exists only in this reply: keep it before any bookkeeping that could fail.
    let storeError: unknown;
    try {
      await this.store.addToken(token, result.token.token);
    } catch (error) {
      storeError = error;
    }
    await this.noteUse(credentialId);
    return storeError === undefined ? minted : { ...minted, storeError };
  }

  /** Revokes in Sophos Central, then forgets the value; a token Sophos no longer knows is forgotten too. */
  async revoke(credentialId: string, tokenId: string, context: RequestContext = {}): Promise<void> {
    const tenantId = this.store.token(tokenId)?.tenantId ?? this.tenantFor(credentialId);
    try {
      await this.used(
        credentialId,
        this.clientFor(credentialId).revokeAccessToken(tokenId, { tenantId }, { feature: 'Token revoke', ...context }),
      );
    } catch (error) {
      if (!(error instanceof SophosApiError && error.kind === 'notFound')) throw error;
      await this.store.removeToken(tokenId);
      throw error;
    }
    await this.store.removeToken(tokenId);
  }

  /**
   * Renames an SLS token or changes its expiry in Sophos Central (checked as on create), then updates the record
   * kept here. A token imported from a file has an id of ours that Sophos does not know: refused before a request.
   */
  async updateToken(
    credentialId: string,
    tokenId: string,
    change: TokenChange,
    context: RequestContext = {},
  ): Promise<TokenUpdateResult> {
    const known = this.store.token(tokenId);
    if (known?.imported)
      throw invalidInput(
        `"${known.label}" was imported from a file, not minted here: Sophos Central does not know it by this id, so it cannot be changed there.`,
      );
    const client = this.clientFor(credentialId);
    const tenantId = await client.resolveTenantId(known?.tenantId ?? this.tenantFor(credentialId), {
      feature: 'Token update',
      ...context,
    });
    const token = await this.used(
      credentialId,
      client.updateAccessToken(tokenId, { ...change, tenantId }, { feature: 'Token update', ...context }),
    );
    const record = known
      ? await this.store.updateToken(tokenId, {
          ...(token.label !== undefined ? { label: token.label } : {}),
          ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
        })
      : undefined;
    return { token, tenantId, ...(record ? { record } : {}) };
  }

  /**
   * A current bearer token for another extension (the authentication provider), with when it expires. The
   * cached one is reused until a minute before it expires; then a new one is fetched with the stored secret.
   */
  async bearer(credentialId: string, context: RequestContext = {}): Promise<{ token: string; expiresAt: number }> {
    const client = this.clientFor(credentialId);
    const before = client.auth.cachedBearerExpiresAt;
    const token = await client.auth.bearer({ feature: 'Other extensions', ...context });
    const expiresAt = client.auth.cachedBearerExpiresAt ?? this.now();
    // Only a real sign-in is a use; handing out the cached token again is not.
    if (expiresAt !== before) await this.noteUse(credentialId);
    return { token, expiresAt };
  }

  /** Drops only the cached bearer token, so the next request signs in again (whoami stays cached). */
  forgetBearer(credentialId: string): void {
    const client = this.clients.get(credentialId);
    const token = client?.auth.cachedBearer;
    if (client && token) client.auth.invalidate(token);
  }

  /** Drops the cached client (bearer, whoami): after a secret rotation or a failed sign-in. */
  forget(credentialId: string): void {
    this.clients.delete(credentialId);
  }

  private tenantFor(credentialId: string): string | undefined {
    const credential = this.store.requireCredential(credentialId);
    if (credential.whoami?.idType === 'tenant') return undefined;
    return credential.tenant?.id;
  }

  /** Every use of a credential comes through here: a suspended one is refused before any request. */
  private clientFor(credentialId: string): SophosCentralClient {
    this.ensureUsable(credentialId);
    const existing = this.clients.get(credentialId);
    if (existing) return existing;
    const credential = this.store.requireCredential(credentialId);
    const client = this.newClient(
      credential.clientId,
      async () => {
        const secret = await this.store.clientSecret(credentialId);
        if (secret === undefined)
          throw invalidInput(
            `The Client Secret of "${credential.name}" is missing from SecretStorage. Edit the credential and enter the secret again.`,
          );
        return secret;
      },
      (record) => this.usage?.record(credentialId, record),
    );
    this.clients.set(credentialId, client);
    return client;
  }

  private newClient(
    clientId: string,
    readSecret: () => Promise<string>,
    observe: (record: RequestRecord) => void,
  ): SophosCentralClient {
    const endpoints = this.endpoints;
    // The secret is read just before it is sent: the guard sees the very endpoints it is sent to.
    const guardedSecret = async () => {
      await this.endpointGuard(endpoints);
      return readSecret();
    };
    return new SophosCentralClient({
      http: this.http.withObserver(observe),
      ...endpoints,
      clientId,
      clientSecret: guardedSecret,
      now: this.now,
    });
  }

  private ownerOf(client: SophosCentralClient): string | undefined {
    for (const [id, candidate] of this.clients) if (candidate === client) return id;
    return undefined;
  }

  /** A suspended credential (API or integration) is refused before any use. */
  ensureUsable(id: string): void {
    const entry = this.store.credential(id) ?? this.store.integration(id);
    if (!entry) throw new UnknownCredentialError();
    if (entry.suspended) throw new SuspendedCredentialError(id, entry.name);
  }

  async suspend(id: string, reason: 'manual' | 'inactivity' = 'manual'): Promise<LifecycleEntry> {
    this.forget(id);
    return this.store.updateLifecycle(id, (current) => ({
      suspended: current.suspended ?? { at: new Date(this.now()).toISOString(), reason },
    }));
  }

  /** Unsuspending resets the inactivity timer, as in Sophos Central. */
  async unsuspend(id: string): Promise<LifecycleEntry> {
    const at = new Date(this.now()).toISOString();
    return this.store.updateLifecycle(id, () => ({ suspended: undefined, unsuspendedAt: at }));
  }

  /**
   * Restarts the inactivity period (Sophos' "Reset inactivity limit"; also what Keep does for a credential
   * probably purged in Sophos Central): no warning of the old period is shown again.
   */
  async resetInactivity(id: string): Promise<LifecycleEntry> {
    this.ensureInactivityApplies(id);
    return this.store.updateLifecycle(id, () => ({ inactivityResetAt: new Date(this.now()).toISOString() }));
  }

  /** A new limit removes pending suspension and purge warnings and starts its period at once, as in Sophos Central. */
  async setInactivityPolicy(id: string, policy: InactivityPolicy): Promise<LifecycleEntry> {
    this.ensureInactivityApplies(id);
    const problem = policyProblem(policy);
    if (problem) throw invalidInput(problem);
    return this.store.updateLifecycle(id, (current) => ({ inactivity: policy, ...this.newInactivityPeriod(current) }));
  }

  /** What starting a new inactivity period writes: the reset time, and no memory of the old period's warnings. */
  newInactivityPeriod(current: LifecycleFields): Pick<LifecycleFields, 'inactivityResetAt' | 'warningsShown'> {
    return {
      inactivityResetAt: new Date(this.now()).toISOString(),
      warningsShown: (current.warningsShown ?? []).filter((key) => key.startsWith('expiry:')),
    };
  }

  /** Refuses an API credential: it has no inactivity limit. */
  ensureInactivityApplies(id: string): void {
    const credential = this.store.credential(id);
    if (credential)
      throw invalidInput(
        `"${credential.name}" is a Sophos Central API credential: it has no inactivity limit (Sophos Central does not suspend API credentials for inactivity). Suspend it by hand to block its use.`,
      );
  }

  /**
   * Reads a secret field of an integration credential for the user to copy: that is its use, so it counts
   * as activity and is logged (without the value).
   */
  async useIntegrationSecret(id: string, fieldId: string): Promise<string> {
    this.ensureUsable(id);
    const entry = this.store.integration(id)!;
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
   * Suspends integration credentials past their inactivity limit and returns the warnings not shown yet,
   * marking them shown. Never deletes anything: a purge due becomes a `probablyPurged` warning for the user to
   * act on. Run at start-up and on a timer; each action is the caller's to log and announce.
   */
  async sweepLifecycle(options: { now?: number; only?: readonly string[] } = {}): Promise<LifecycleSweep> {
    const now = options.now ?? this.now();
    const result: LifecycleSweep = { suspended: [], warnings: [] };
    const entries = [...this.store.credentials(), ...this.store.integrations()].filter(
      (entry) => !options.only || options.only.includes(entry.id),
    );
    for (const entry of entries) {
      if (!entry.addedAt) {
        // Inactivity counts from when the credential came into this editor, never from its Sophos creation day.
        await this.store.updateLifecycle(entry.id, () => ({ addedAt: new Date(now).toISOString() }));
        continue;
      }
      let current: LifecycleEntry = entry;
      if (lifecycleState(entryFacts(entry), now).due === 'suspend') {
        current = await this.suspend(entry.id, 'inactivity');
        result.suspended.push(current);
      }
      const shown = new Set(current.warningsShown ?? []);
      const warnings = dueWarnings(entryFacts({ ...entry, ...current } as typeof entry), now, shown);
      if (warnings.length === 0) continue;
      current = await this.store.updateLifecycle(current.id, () => ({
        warningsShown: [...shown, ...warnings.map((warning) => warning.key)].slice(-50),
      }));
      for (const warning of warnings) result.warnings.push({ credential: current, warning });
    }
    return result;
  }

  /** Records the last successful use; a sign-in failure drops the cached client so the next try starts clean. */
  private async used<T>(credentialId: string, work: Promise<T>): Promise<T> {
    const value = await this.failing(credentialId, work);
    await this.noteUse(credentialId);
    return value;
  }

  /** A sign-in failure drops the cached client; every failure remembers which credential it was about. */
  private async failing<T>(credentialId: string, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof SophosApiError && error.kind === 'auth' && error.operation === 'token')
        this.forget(credentialId);
      if (typeof error === 'object' && error !== null) failedCredential.set(error, credentialId);
      throw error;
    }
  }

  /**
   * Last use, for the inactivity limit, which counts whole days: written at most once an hour, not on every
   * request (the usage log has each request). Bookkeeping that must never fail the user's operation.
   */
  private async noteUse(credentialId: string): Promise<void> {
    try {
      const last = this.store.credential(credentialId)?.lastUsedAt;
      if (
        last === undefined ? !this.store.credential(credentialId) : this.now() - Date.parse(last) < lastUseResolutionMs
      )
        return;
      await this.store.updateCredential(credentialId, () => ({ lastUsedAt: new Date(this.now()).toISOString() }));
    } catch {
      // The credential was deleted meanwhile, or state could not be written: the operation itself succeeded.
    }
  }

  private dropClientsOfMissingCredentials(): void {
    for (const id of [...this.clients.keys()]) if (!this.store.credential(id)) this.clients.delete(id);
  }
}

/** What is kept of whoami (its hosts were made safe when the reply was read: see serverUrlSchema). */
export function whoamiFacts(whoami: WhoAmI): WhoamiFacts {
  return {
    id: whoami.id,
    idType: whoami.idType,
    ...(whoami.apiHosts.dataRegion ? { dataRegionUrl: whoami.apiHosts.dataRegion } : {}),
  };
}

function tokenRecord(credentialId: string, tenantId: string, token: CreatedAccessToken): TokenRecord {
  return {
    id: token.id,
    credentialId,
    tenantId,
    label: token.label,
    type: token.type,
    ...(token.createdAt ? { createdAt: token.createdAt } : {}),
    expiresAt: token.expiresAt ?? null,
  };
}
