/**
 * Sophos Central for one credential: whoami, tenants, and access tokens, over one SophosHttp. The bearer is
 * fetched on demand and renewed once when the API refuses it; secrets never appear in what it throws.
 */
import type { ZodMiniType as ZodType } from 'zod/mini';
import type { ApiCall, SophosHttp } from './api-http';
import { ClientCredentialsAuth, type RequestContext } from './auth';
import { SophosApiError, invalidInput, type Operation } from './errors';
import {
  accessTokensPageSchema,
  createdAccessTokenSchema,
  tenantsPageSchema,
  whoamiSchema,
  type AccessToken,
  type CreatedAccessToken,
  type Tenant,
  type WhoAmI,
} from './schemas';
import type { HttpMethod } from './transport';
import { normalizeClientId, normalizeTenantId, parseExpiry, validateLabel } from './validation';

export const slsTokenType = 'sophosLinuxSensor';
/** A safety stop for paging loops, far above any real account. */
const maxPages = 200;
/** Sophos' maximum page size: the fewest round trips. */
const defaultPageSize = 100;
/**
 * Our estimate of Sophos' clock from a Date header (whole seconds) runs up to a second behind it; the margin
 * keeps a token Sophos made right after our POST a candidate, whatever the truncation.
 */
const dateHeaderResolutionMs = 1_200;

export interface CentralEndpoints {
  idUrl: string;
  apiUrl: string;
}

export interface SophosCentralClientOptions extends CentralEndpoints {
  http: SophosHttp;
  clientId: string;
  /** The secret itself, or a reader that fetches it from a vault when first needed. */
  clientSecret: string | (() => Promise<string>);
  now?: () => number;
  /** Items per page when listing; tests use small pages to exercise paging. */
  pageSize?: number;
}

export interface CreateAccessTokenInput {
  label: string;
  type?: string;
  /** ISO-8601; omitted means no expiry. */
  expiresAt?: string;
  /** Required for partner and organization credentials. */
  tenantId?: string;
}

export interface CreateAccessTokenResult {
  token: CreatedAccessToken;
  tenantId: string;
  /** Tokens that a failed attempt created but whose value never arrived; revoked before trying again. */
  orphansRevoked: string[];
  /**
   * Tokens that may be such an orphan but could also be someone else's (more than one candidate): kept, never
   * revoked on a guess, and reported so the user can look.
   */
  possibleOrphans: string[];
}

export class SophosCentralClient {
  readonly auth: ClientCredentialsAuth;
  readonly clientId: string;
  private readonly http: SophosHttp;
  private readonly apiUrl: string;
  private readonly now: () => number;
  private readonly pageSize: number;
  private whoamiCache?: Promise<WhoAmI>;

  constructor(options: SophosCentralClientOptions) {
    this.http = options.http;
    this.apiUrl = options.apiUrl;
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? defaultPageSize;
    this.clientId = normalizeClientId(options.clientId);
    const secret = options.clientSecret;
    const readSecret = typeof secret === 'string' ? () => Promise.resolve(secret) : secret;
    this.auth = new ClientCredentialsAuth(this.http, options.idUrl, this.clientId, readSecret, this.now);
  }

  /** Who this credential is. Cached: a credential's tenant and region do not change. */
  whoami(context: RequestContext = {}): Promise<WhoAmI> {
    this.whoamiCache ??= this.authorized(context, 'whoami', 'GET', `${this.apiUrl}/whoami/v1`, {}, whoamiSchema).catch(
      (error: unknown) => {
        this.whoamiCache = undefined;
        throw error;
      },
    );
    return this.whoamiCache;
  }

  /** Every tenant of a partner or organization credential, all pages. */
  async tenants(context: RequestContext = {}): Promise<Tenant[]> {
    const me = await this.whoami(context);
    if (me.idType === 'tenant') {
      throw invalidInput('This is a tenant credential: it has no tenants to list. Only partner and organization credentials do.');
    }
    const path = me.idType === 'partner' ? 'partner' : 'organization';
    const idHeader = me.idType === 'partner' ? 'X-Partner-ID' : 'X-Organization-ID';
    const tenants: Tenant[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const url = `${this.apiUrl}/${path}/v1/tenants?page=${page}&pageSize=${this.pageSize}&pageTotal=true`;
      const reply = await this.authorized(context, 'tenants', 'GET', url, { [idHeader]: me.id }, tenantsPageSchema);
      tenants.push(...reply.items);
      const total = reply.pages?.total;
      if (total === undefined ? reply.items.length < this.pageSize : page >= total) break;
    }
    return tenants;
  }

  /** The tenant an access-token call acts on: the credential's own, or the one a partner names. */
  async resolveTenantId(tenantId: string | undefined, context: RequestContext = {}): Promise<string> {
    const requested = tenantId === undefined ? undefined : normalizeTenantId(tenantId);
    const me = await this.whoami(context);
    if (me.idType === 'tenant') {
      if (requested && requested !== me.id.toLowerCase()) {
        throw invalidInput(`This credential belongs to tenant ${me.id}; it cannot act on tenant ${requested}.`);
      }
      return me.id;
    }
    if (!requested) {
      throw invalidInput(`This is ${me.idType === 'partner' ? 'a partner' : 'an organization'} credential: choose the tenant to act on (in VS Code: Select Tenant; in the CLI: --tenant ID, listed by "tenants").`);
    }
    return requested;
  }

  /**
   * Mints an access token. The value arrives only in this reply, so the POST is never repeated blindly: after
   * an ambiguous failure the token list tells whether it was created; such an orphan is revoked (its value is
   * lost) and one new attempt is made.
   */
  async createAccessToken(input: CreateAccessTokenInput, context: RequestContext = {}): Promise<CreateAccessTokenResult> {
    const body = {
      label: validateLabel(input.label),
      type: input.type ?? slsTokenType,
      ...(input.expiresAt ? { expiresAt: parseExpiry(input.expiresAt, this.now()) } : {}),
    };
    const tenantId = await this.resolveTenantId(input.tenantId, context);
    const post = async (): Promise<CreatedAccessToken> => {
      const reply = await this.authorized(context, 'createAccessToken', 'POST', `${this.apiUrl}/accounts/v1/access-tokens`, { 'X-Tenant-ID': tenantId }, createdAccessTokenSchema, body);
      return { ...reply, type: reply.type ?? body.type, label: reply.label ?? body.label };
    };
    const startedAt = this.now();
    try {
      return { token: await post(), tenantId, orphansRevoked: [], possibleOrphans: [] };
    } catch (error) {
      if (!isAmbiguousCreate(error)) throw error;
      const { revoked, kept } = await this.revokeOrphans(body, tenantId, startedAt, context, error);
      return { token: await post(), tenantId, orphansRevoked: revoked, possibleOrphans: kept };
    }
  }

  async listAccessTokens(options: { tenantId?: string } = {}, context: RequestContext = {}): Promise<AccessToken[]> {
    const tenantId = await this.resolveTenantId(options.tenantId, context);
    return this.listTokensOf(tenantId, context);
  }

  async revokeAccessToken(tokenId: string, options: { tenantId?: string } = {}, context: RequestContext = {}): Promise<void> {
    if (!/^[A-Za-z0-9-]{1,100}$/.test(tokenId)) throw invalidInput(`"${tokenId}" is not an access token id.`);
    const tenantId = await this.resolveTenantId(options.tenantId, context);
    await this.authorized(context, 'revokeAccessToken', 'DELETE', `${this.apiUrl}/accounts/v1/access-tokens/${encodeURIComponent(tokenId)}`, { 'X-Tenant-ID': tenantId });
  }

  private async listTokensOf(tenantId: string, context: RequestContext, onHeaders?: ApiCall<unknown>['onHeaders']): Promise<AccessToken[]> {
    const tokens: AccessToken[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const url = `${this.apiUrl}/accounts/v1/access-tokens?page=${page}&pageSize=${this.pageSize}&pageTotal=true`;
      const reply = await this.authorized(context, 'listAccessTokens', 'GET', url, { 'X-Tenant-ID': tenantId }, accessTokensPageSchema, undefined, onHeaders);
      tokens.push(...reply.items);
      const total = reply.pages?.total;
      if (total === undefined ? reply.items.length < this.pageSize : page >= total) break;
    }
    return tokens;
  }

  /**
   * After an ambiguous create: finds the token that attempt may have made (same label and type, created by
   * Sophos after our POST left) and revokes it, since its value is lost. Sophos' clock is read from the list
   * reply's Date header, so "after our POST" is measured on its clock to within about a second. More than one
   * candidate means one may be somebody else's, minted at the same moment: then none is revoked.
   */
  private async revokeOrphans(
    body: { label: string; type: string },
    tenantId: string,
    startedAt: number,
    context: RequestContext,
    original: SophosApiError,
  ): Promise<{ revoked: string[]; kept: string[] }> {
    let tokens: AccessToken[];
    let skewMs: number | undefined;
    try {
      tokens = await this.listTokensOf(tenantId, context, (headers, receivedAt) => {
        const serverTime = Date.parse(headers.date ?? '');
        if (skewMs === undefined && !Number.isNaN(serverTime)) skewMs = serverTime - receivedAt;
      });
    } catch {
      throw new SophosApiError(
        original.kind,
        `${original.message} Whether the token was created could not be checked; look at the tenant's access tokens before creating another.`,
        { operation: original.operation, status: original.status, host: original.host, requestId: original.requestId, trackingId: original.trackingId, correlationId: original.correlationId, cause: original },
      );
    }
    // The Date header counts whole seconds; without one, allow two minutes of unknown skew.
    const since = skewMs === undefined ? startedAt - 120_000 : startedAt + skewMs - dateHeaderResolutionMs;
    const candidates = tokens.filter(
      (token) => token.label === body.label && token.type === body.type && token.createdAt !== undefined && Date.parse(token.createdAt) >= since,
    );
    if (candidates.length !== 1) return { revoked: [], kept: candidates.map((token) => token.id) };
    const orphan = candidates[0]!;
    await this.authorized(context, 'revokeAccessToken', 'DELETE', `${this.apiUrl}/accounts/v1/access-tokens/${encodeURIComponent(orphan.id)}`, { 'X-Tenant-ID': tenantId });
    return { revoked: [orphan.id], kept: [] };
  }

  /** A call with the bearer; a 401 means the bearer went stale, so one fresh bearer is tried before giving up. */
  private async authorized<T>(
    context: RequestContext,
    operation: Operation,
    method: HttpMethod,
    url: string,
    headers: Record<string, string>,
    schema?: ZodType<T>,
    json?: unknown,
    onHeaders?: ApiCall<unknown>['onHeaders'],
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const bearer = await this.auth.bearer(context);
      try {
        return await this.http.call({
          operation,
          method,
          url,
          headers: { ...headers, authorization: `Bearer ${bearer}` },
          json,
          schema,
          retry: method !== 'POST',
          signal: context.signal,
          feature: context.feature,
          onHeaders,
        });
      } catch (error) {
        if (attempt === 1 && error instanceof SophosApiError && error.kind === 'auth') {
          this.auth.invalidate(bearer);
          continue;
        }
        throw error;
      }
    }
  }
}

/** Failures of the create request itself after which Sophos may have made the token though we never saw it. */
function isAmbiguousCreate(error: unknown): error is SophosApiError {
  return (
    error instanceof SophosApiError &&
    error.operation === 'createAccessToken' &&
    (error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'badReply')
  );
}
