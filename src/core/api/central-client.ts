/**
 * Sophos Central for one credential: whoami, tenants, and access tokens, over one SophosHttp. The bearer is
 * fetched on demand and renewed once when the API refuses it; secrets never appear in what it throws.
 */
import type { ZodMiniType as ZodType } from 'zod/mini';
import type { ApiCall, SophosHttp } from './api-http';
import { ClientCredentialsAuth, type RequestContext } from './auth';
import { SophosApiError, invalidInput, type Operation, type RequestScope } from './errors';
import {
  accessTokenSchema,
  accessTokensPageSchema,
  createdAccessTokenSchema,
  revokeReplySchema,
  tenantsPageSchema,
  whoamiSchema,
  type AccessToken,
  type CreatedAccessToken,
  type Pages,
  type Tenant,
  type WhoAmI,
} from './schemas';
import { originOf, type HttpMethod } from './transport';
import { normalizeClientId, parseExpiry, tenantIdAsGiven, validateLabel } from './validation';

export const slsTokenType = 'sophosLinuxSensor';
/** A safety stop for paging loops, far above any real account (200 pages of 50 is 10,000 tenants). */
export const maxPages = 200;
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
  /** The tenant a partner or organization acts on when a call names none. */
  defaultTenantId?: string;
}

export interface CreateAccessTokenInput {
  label: string;
  type?: string;
  /** ISO-8601; omitted means no expiry. */
  expiresAt?: string;
  /** Required for partner and organization credentials. */
  tenantId?: string;
}

/** What an update changes; at least one of the two. */
export interface UpdateAccessTokenInput {
  /** 1 to 50 letters, digits, spaces, commas, hyphens and periods, as on create. */
  label?: string;
  /** ISO-8601, in the future, as on create. */
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
  private readonly defaultTenantId?: string;
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
    this.defaultTenantId = options.defaultTenantId;
  }

  /** Who this credential is. Cached: a credential's tenant and region do not change. */
  whoami(context: RequestContext = {}): Promise<WhoAmI> {
    this.whoamiCache ??= this.authorized(context, {
      operation: 'whoami',
      method: 'GET',
      url: `${this.apiUrl}/whoami/v1`,
      schema: whoamiSchema,
    }).catch((error: unknown) => {
      this.whoamiCache = undefined;
      throw error;
    });
    return this.whoamiCache;
  }

  /** A whoami an earlier process cached (the CLI keeps it with the profile): a credential's identity does not change. */
  seedWhoami(me: WhoAmI): void {
    this.whoamiCache = Promise.resolve(me);
  }

  /** Any Central API call with the bearer, its scope header and one fresh sign-in after a 401 (the CLI's `api`). */
  request<T>(request: AuthorizedRequest<T>, context: RequestContext = {}): Promise<T> {
    return this.authorized(context, request);
  }

  /** Every tenant of a partner or organization credential, all pages. */
  async tenants(context: RequestContext = {}): Promise<Tenant[]> {
    const me = await this.whoami(context);
    if (me.idType === 'tenant') {
      throw invalidInput(
        'This is a tenant credential: it has no tenants to list. Only partner and organization credentials do.',
      );
    }
    const scope: RequestScope = {
      header: me.idType === 'partner' ? 'X-Partner-ID' : 'X-Organization-ID',
      id: me.id,
      caller: me.idType,
    };
    return this.allPages(context, 'tenants', `${this.apiUrl}/${me.idType}/v1/tenants`, scope, tenantsPageSchema);
  }

  /** The tenant an access-token call acts on: the credential's own, or the one a partner names (its case kept). */
  async resolveTenantId(tenantId: string | undefined, context: RequestContext = {}): Promise<string> {
    return (await this.tenantScope(tenantId, context)).id;
  }

  private async tenantScope(tenantId: string | undefined, context: RequestContext): Promise<RequestScope> {
    const chosen = tenantId ?? this.defaultTenantId;
    const requested = chosen === undefined ? undefined : tenantIdAsGiven(chosen);
    const me = await this.whoami(context);
    if (me.idType === 'tenant') {
      if (requested && requested.toLowerCase() !== me.id.toLowerCase()) {
        throw invalidInput(`This credential belongs to tenant ${me.id}; it cannot act on tenant ${requested}.`);
      }
      return { header: 'X-Tenant-ID', id: me.id, caller: 'tenant' };
    }
    if (!requested) {
      throw invalidInput(
        `This is ${me.idType === 'partner' ? 'a partner' : 'an organization'} credential: choose the tenant to act on (in VS Code: Select Tenant; in the CLI: --tenant ID, listed by "tenants").`,
      );
    }
    return { header: 'X-Tenant-ID', id: requested, caller: me.idType };
  }

  /**
   * Mints an access token. The value arrives only in this reply, so the POST is never repeated blindly: after
   * an ambiguous failure the token list tells whether it was created; such an orphan is revoked (its value is
   * lost) and one new attempt is made.
   */
  async createAccessToken(
    input: CreateAccessTokenInput,
    context: RequestContext = {},
  ): Promise<CreateAccessTokenResult> {
    const body = {
      label: validateLabel(input.label),
      type: input.type ?? slsTokenType,
      ...(input.expiresAt ? { expiresAt: parseExpiry(input.expiresAt, this.now()) } : {}),
    };
    const scope = await this.tenantScope(input.tenantId, context);
    const tenantId = scope.id;
    const post = async (): Promise<CreatedAccessToken> => {
      const reply = await this.authorized(context, {
        operation: 'createAccessToken',
        method: 'POST',
        url: this.tokensUrl(),
        scope,
        schema: createdAccessTokenSchema,
        json: body,
      });
      return { ...reply, type: reply.type ?? body.type, label: reply.label ?? body.label };
    };
    const startedAt = this.now();
    try {
      return { token: await post(), tenantId, orphansRevoked: [], possibleOrphans: [] };
    } catch (error) {
      if (!isAmbiguousCreate(error)) throw error;
      const { revoked, kept } = await this.revokeOrphans(body, scope, startedAt, context, error);
      return { token: await post(), tenantId, orphansRevoked: revoked, possibleOrphans: kept };
    }
  }

  async listAccessTokens(options: { tenantId?: string } = {}, context: RequestContext = {}): Promise<AccessToken[]> {
    return this.listTokensOf(await this.tenantScope(options.tenantId, context), context);
  }

  /** Revokes a token; Sophos answers 200 {"deleted": true} (documented) or 204. */
  async revokeAccessToken(
    tokenId: string,
    options: { tenantId?: string } = {},
    context: RequestContext = {},
  ): Promise<void> {
    checkTokenId(tokenId);
    await this.revoke(tokenId, await this.tenantScope(options.tenantId, context), context);
  }

  /**
   * Renames a token or changes its expiry (PATCH), checked as on create. Returns the token as Sophos now holds it;
   * what a terse reply leaves out is filled in from what was sent. A value in the reply is never kept.
   */
  async updateAccessToken(
    tokenId: string,
    input: UpdateAccessTokenInput,
    context: RequestContext = {},
  ): Promise<AccessToken> {
    checkTokenId(tokenId);
    const body = {
      ...(input.label !== undefined ? { label: validateLabel(input.label) } : {}),
      ...(input.expiresAt !== undefined ? { expiresAt: parseExpiry(input.expiresAt, this.now()) } : {}),
    };
    if (body.label === undefined && body.expiresAt === undefined)
      throw invalidInput('Name what to change: a new label, a new expiry date, or both.');
    const scope = await this.tenantScope(input.tenantId, context);
    const reply = await this.authorized(context, {
      operation: 'updateAccessToken',
      method: 'PATCH',
      url: `${this.tokensUrl()}/${encodeURIComponent(tokenId)}`,
      scope,
      schema: accessTokenSchema,
      json: body,
      bodyOptional: true,
    });
    return {
      ...body,
      ...reply,
      id: reply?.id ?? tokenId,
      ...(reply?.label === undefined && body.label !== undefined ? { label: body.label } : {}),
    };
  }

  private tokensUrl(): string {
    return `${this.apiUrl}/accounts/v1/access-tokens`;
  }

  private async revoke(tokenId: string, scope: RequestScope, context: RequestContext): Promise<void> {
    const url = `${this.tokensUrl()}/${encodeURIComponent(tokenId)}`;
    const reply = await this.authorized(context, {
      operation: 'revokeAccessToken',
      method: 'DELETE',
      url,
      scope,
      schema: revokeReplySchema,
      bodyOptional: true,
    });
    if (reply?.deleted === false) {
      throw new SophosApiError(
        'badReply',
        `${originOf(url)} answered that access token ${tokenId} was not deleted. Refresh the list to see whether it still exists, then try again.`,
        { operation: 'revokeAccessToken', host: originOf(url), scope },
      );
    }
  }

  private listTokensOf(
    scope: RequestScope,
    context: RequestContext,
    onHeaders?: ApiCall<unknown>['onHeaders'],
  ): Promise<AccessToken[]> {
    return this.allPages(context, 'listAccessTokens', this.tokensUrl(), scope, accessTokensPageSchema, onHeaders);
  }

  /**
   * Every item of a paged list. The server may page by number (pages.current / total / items / size) or by key
   * (pages.nextKey, asked for with pageFromKey), and may choose a smaller page than asked for: a short page ends
   * the list only when it is short of the size the server itself uses. A page that brings nothing new ends it too
   * (a server that ignores the page asked for), and maxPages stops a server that never stops announcing more.
   */
  private async allPages<T extends { id: string }>(
    context: RequestContext,
    operation: Operation,
    baseUrl: string,
    scope: RequestScope,
    schema: ZodType<{ pages?: Pages; items: T[] }>,
    onHeaders?: ApiCall<unknown>['onHeaders'],
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let fromKey: string | undefined;
    let serverSize: number | undefined;
    for (let page = 1; page <= maxPages; page++) {
      const query =
        fromKey === undefined
          ? `page=${page}&pageSize=${this.pageSize}&pageTotal=true`
          : `pageFromKey=${encodeURIComponent(fromKey)}&pageSize=${this.pageSize}`;
      const reply = await this.authorized(context, {
        operation,
        method: 'GET',
        url: `${baseUrl}?${query}`,
        scope,
        schema,
        onHeaders,
      });
      const fresh = reply.items.filter((item) => !seen.has(item.id));
      for (const item of fresh) {
        seen.add(item.id);
        items.push(item);
      }
      const pages = reply.pages ?? {};
      // Without pages.size, the first full page tells the size the server uses.
      serverSize ??= pages.size ?? (reply.items.length > 0 ? reply.items.length : undefined);
      const nextKey = pages.nextKey || undefined;
      const more =
        nextKey !== undefined
          ? nextKey !== fromKey
          : fromKey !== undefined
            ? false
            : pages.total !== undefined
              ? (pages.current ?? page) < pages.total
              : pages.items !== undefined
                ? items.length < pages.items
                : serverSize !== undefined && reply.items.length >= serverSize;
      if (!more || fresh.length === 0) return items;
      fromKey = nextKey;
    }
    const host = originOf(baseUrl);
    throw new SophosApiError(
      'badReply',
      `${host} still announced more after ${maxPages} pages (${items.length} items so far); the list was stopped there rather than shown incomplete. Try again; if it persists, report it.`,
      { operation, host, scope },
    );
  }

  /**
   * After an ambiguous create: finds the token that attempt may have made (same label and type, created by
   * Sophos after our POST left) and revokes it, since its value is lost. Sophos' clock is read from the list
   * reply's Date header, so "after our POST" is measured on its clock to within about a second. More than one
   * candidate means one may be somebody else's, minted at the same moment: then none is revoked.
   */
  private async revokeOrphans(
    body: { label: string; type: string },
    scope: RequestScope,
    startedAt: number,
    context: RequestContext,
    original: SophosApiError,
  ): Promise<{ revoked: string[]; kept: string[] }> {
    let tokens: AccessToken[];
    let skewMs: number | undefined;
    try {
      tokens = await this.listTokensOf(scope, context, (headers, receivedAt) => {
        const serverTime = Date.parse(headers.date ?? '');
        if (skewMs === undefined && !Number.isNaN(serverTime)) skewMs = serverTime - receivedAt;
      });
    } catch {
      throw new SophosApiError(
        original.kind,
        `${original.message} Whether the token was created could not be checked; look at the tenant's access tokens before creating another.`,
        {
          operation: original.operation,
          status: original.status,
          host: original.host,
          requestId: original.requestId,
          trackingId: original.trackingId,
          correlationId: original.correlationId,
          scope: original.scope,
          cause: original,
        },
      );
    }
    // The Date header counts whole seconds; without one, allow two minutes of unknown skew.
    const since = skewMs === undefined ? startedAt - 120_000 : startedAt + skewMs - dateHeaderResolutionMs;
    // A list item may lack label or type (Sophos' documented example has no label): absent is no mismatch.
    const candidates = tokens.filter(
      (token) =>
        (token.label ?? body.label) === body.label &&
        (token.type ?? body.type) === body.type &&
        token.createdAt !== undefined &&
        Date.parse(token.createdAt) >= since,
    );
    if (candidates.length !== 1) return { revoked: [], kept: candidates.map((token) => token.id) };
    const orphan = candidates[0]!;
    await this.revoke(orphan.id, scope, context);
    return { revoked: [orphan.id], kept: [] };
  }

  /**
   * A call with the bearer and the account header of its scope. A 401 means the bearer went stale, so one fresh
   * bearer is tried; a 401 after that is about the request (its scope names the header), not the credential.
   */
  private async authorized<T>(context: RequestContext, request: AuthorizedRequest<T>): Promise<T> {
    const { operation, method, url, scope, schema, json, onHeaders, bodyOptional, retry } = request;
    // A sign-in first: the request's host is connected (TCP and TLS) while the token request is in flight.
    if (this.auth.cachedBearer === undefined) this.http.transport.preconnect?.(url);
    for (let attempt = 1; ; attempt++) {
      const bearer = await this.auth.bearer(context);
      try {
        return await this.http.call({
          operation,
          method,
          url,
          headers: {
            ...request.headers,
            ...(scope ? { [scope.header]: scope.id } : {}),
            authorization: `Bearer ${bearer}`,
          },
          json,
          schema,
          bodyOptional,
          scope,
          retry: retry ?? method !== 'POST',
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

export interface AuthorizedRequest<T> {
  operation: Operation;
  method: HttpMethod;
  url: string;
  /** The account the request acts for, sent as its header; none for whoami. */
  scope?: RequestScope;
  schema?: ZodType<T>;
  json?: unknown;
  onHeaders?: ApiCall<unknown>['onHeaders'];
  bodyOptional?: boolean;
  /** Whether a failed attempt may be repeated; by default everything but POST. */
  retry?: boolean;
  /** Extra request headers (the account header comes from scope). */
  headers?: Record<string, string>;
}

/** Token ids typed by a user or taken from a list: refused before a request if they could not be one. */
function checkTokenId(tokenId: string): void {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(tokenId)) throw invalidInput(`"${tokenId}" is not an access token id.`);
}

/** Failures of the create request itself after which Sophos may have made the token though we never saw it. */
function isAmbiguousCreate(error: unknown): error is SophosApiError {
  return (
    error instanceof SophosApiError &&
    error.operation === 'createAccessToken' &&
    (error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'badReply')
  );
}
