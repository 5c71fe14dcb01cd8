/**
 * One signed-in API client per stored credential, so its bearer token and whoami are reused (a warm mint is one
 * request). A client is dropped when the secret, the URLs, the route or the credential change. Private to the
 * Credentials facade: every use of a credential comes through `clientFor`, which refuses a suspended one.
 */
import {
  SophosApiError,
  SophosCentralClient,
  type CentralEndpoints,
  type RequestContext,
  type RequestRecord,
  type SophosHttp,
  type WhoAmI,
  invalidInput,
} from '../api';
import { type CredentialRecord, type WhoamiFacts } from './model';
import { SuspendedCredentialError, UnknownCredentialError } from './errors';
import type { CredentialStore } from './store';
import type { UsageLog } from './usage-log';

/** How stale the recorded last use may get before it is written again: screens show it to the minute. */
const lastUseResolutionMs = 60_000;

/** The credential a failure was about, so the UI can offer that credential's fix. */
export function credentialOfFailure(error: unknown): string | undefined {
  if (error instanceof SuspendedCredentialError || error instanceof SophosApiError) return error.credentialId;
  return undefined;
}

/** A sign-in with a Client ID and secret that are not stored (yet): the add wizard and a secret rotation. */
export interface SignedIn {
  whoami: WhoAmI;
  /** Opaque to callers: handed back to `add` so the first request after saving is warm. */
  readonly client: SophosCentralClient;
}

export class CredentialSessions {
  private readonly clients = new Map<string, SophosCentralClient>();
  /** Requests of a sign-in made before the credential was saved, kept for its request log. */
  private readonly unsavedRecords = new WeakMap<SophosCentralClient, RequestRecord[]>();
  /** Asked before a Client Secret leaves for the endpoints; it throws to stop the sign-in. */
  private endpointGuard: (endpoints: CentralEndpoints) => Promise<void> = () => Promise.resolve();

  constructor(
    private readonly store: CredentialStore,
    private http: SophosHttp,
    private endpoints: CentralEndpoints,
    private readonly now: () => number,
    private readonly usage?: UsageLog,
  ) {
    store.onDidChange(() => {
      for (const id of [...this.clients.keys()]) if (!store.credential(id)) this.clients.delete(id);
    });
  }

  /** A new route (proxy or CA settings changed): clients are rebuilt on it, their bearer tokens fetched anew. */
  setHttp(http: SophosHttp): void {
    this.http = http;
    this.clients.clear();
  }

  setEndpointGuard(guard: (endpoints: CentralEndpoints) => Promise<void>): void {
    this.endpointGuard = guard;
  }

  setEndpoints(endpoints: CentralEndpoints): void {
    if (endpoints.idUrl === this.endpoints.idUrl && endpoints.apiUrl === this.endpoints.apiUrl) return;
    this.endpoints = endpoints;
    this.clients.clear();
  }

  async trySecret(clientId: string, clientSecret: string, context: RequestContext = {}): Promise<SignedIn> {
    const records: RequestRecord[] = [];
    const client = this.newClient(
      clientId,
      () => Promise.resolve(clientSecret),
      (record) => {
        const owner = [...this.clients].find(([, candidate]) => candidate === client)?.[0];
        if (owner) this.usage?.record(owner, record);
        else records.push(record);
      },
    );
    this.unsavedRecords.set(client, records);
    return { whoami: await client.whoami(context), client };
  }

  /** Keeps a client signed in before its credential was saved, and logs its requests under that credential. */
  adopt(credentialId: string, signedIn: SignedIn): void {
    this.clients.set(credentialId, signedIn.client);
    for (const record of this.unsavedRecords.get(signedIn.client)?.splice(0) ?? [])
      this.usage?.record(credentialId, record);
  }

  /** Every use of a credential comes through here: a suspended or deleted one is refused before any request. */
  clientFor(credentialId: string): SophosCentralClient {
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

  /** A suspended credential (API or integration) is refused before any use. */
  ensureUsable(id: string): void {
    const entry = this.store.credential(id) ?? this.store.integration(id);
    if (!entry) throw new UnknownCredentialError();
    if (entry.suspended) throw new SuspendedCredentialError(id, entry.name);
  }

  /** Drops only the cached bearer token, so the next request signs in again (whoami stays cached). */
  forgetBearer(credentialId: string): void {
    const client = this.clients.get(credentialId);
    const token = client?.auth.cachedBearer;
    if (client && token) client.auth.invalidate(token);
  }

  /** Drops the cached client (bearer, whoami): after a secret rotation, a suspension or a failed sign-in. */
  forget(credentialId: string): void {
    this.clients.delete(credentialId);
  }

  /** Runs a request of a credential: a success records the use, a failure names the credential. */
  async used<T>(credentialId: string, work: Promise<T>): Promise<T> {
    const value = await this.failing(credentialId, work);
    await this.noteUse(credentialId);
    return value;
  }

  /** A refused sign-in drops the cached client so the next try starts clean; every failure carries its credential. */
  async failing<T>(credentialId: string, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof SophosApiError) {
        if (error.kind === 'auth' && error.operation === 'token') this.forget(credentialId);
        error.credentialId ??= credentialId;
      }
      throw error;
    }
  }

  /**
   * Last use, for the inactivity limit and every screen's "last used": written at most once a minute, not on
   * every request (the usage log has each request). Bookkeeping that must never fail the user's operation.
   */
  async noteUse(credentialId: string): Promise<void> {
    try {
      const credential = this.store.credential(credentialId);
      if (!credential) return;
      const last = credential.lastUsedAt;
      if (last !== undefined && this.now() - Date.parse(last) < lastUseResolutionMs) return;
      await this.store.updateCredential(credentialId, () => ({ lastUsedAt: new Date(this.now()).toISOString() }));
    } catch {
      // The credential was deleted meanwhile, or state could not be written: the operation itself succeeded.
    }
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
}

/** What is kept of whoami (its hosts were made safe when the reply was read: see serverUrlSchema). */
export function whoamiFacts(whoami: WhoAmI): WhoamiFacts {
  return {
    id: whoami.id,
    idType: whoami.idType,
    ...(whoami.apiHosts.dataRegion ? { dataRegionUrl: whoami.apiHosts.dataRegion } : {}),
  };
}

/** Partners and organizations act on their chosen tenant; a tenant credential on its own. */
export function tenantOf(credential: CredentialRecord): string | undefined {
  if (credential.whoami?.idType === 'tenant') return undefined;
  return credential.tenant?.id;
}
