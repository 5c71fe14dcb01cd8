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
import type {
  AuthorizedRequest,
  CreateAccessTokenInput,
  CreateAccessTokenResult,
  SophosCentralClientOptions,
  UpdateAccessTokenInput,
} from './central-types';
import { isAmbiguousCreate, revokeOrphan } from './orphan-tokens';
import { collectPages, type PageAt } from './paging';
import { callerScope, tenantScope } from './scopes';
import { originOf } from './transport';
import { normalizeClientId, parseExpiry, tenantIdAsGiven, validateLabel } from './validation';

export const slsTokenType = 'sophosLinuxSensor';
/** Sophos' maximum page size: the fewest round trips. */
const defaultPageSize = 100;

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
    const url = `${this.apiUrl}/${me.idType}/v1/tenants`;
    return this.allPages(context, 'tenants', url, callerScope(me), tenantsPageSchema);
  }

  /** The tenant an access-token call acts on: the credential's own, or the one a partner names (its case kept). */
  async resolveTenantId(tenantId: string | undefined, context: RequestContext = {}): Promise<string> {
    return (await this.tenantScope(tenantId, context)).id;
  }

  private async tenantScope(tenantId: string | undefined, context: RequestContext): Promise<RequestScope> {
    const chosen = tenantId ?? this.defaultTenantId; // checked (below) before any request
    const requested = chosen === undefined ? undefined : tenantIdAsGiven(chosen);
    return tenantScope(await this.whoami(context), requested);
  }

  /**
   * Mints an access token. Its value arrives only in this reply, so the POST is never repeated blindly: after an
   * ambiguous failure an orphan the attempt made is revoked (see orphan-tokens.ts) and one more attempt made.
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
      const { revoked, kept } = await revokeOrphan(
        {
          list: (onHeaders) => this.listTokensOf(scope, context, onHeaders),
          revoke: (tokenId) => this.revoke(tokenId, scope, context),
        },
        body,
        startedAt,
        error,
      );
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

  /** Every item of a paged list, both of Sophos' paging styles (see collectPages). */
  private allPages<T extends { id: string }>(
    context: RequestContext,
    operation: Operation,
    baseUrl: string,
    scope: RequestScope,
    schema: ZodType<{ pages?: Pages; items: T[] }>,
    onHeaders?: ApiCall<unknown>['onHeaders'],
  ): Promise<T[]> {
    const size = `pageSize=${this.pageSize}`;
    const fetchPage = ({ page, fromKey }: PageAt) => {
      const at = fromKey === undefined ? `page=${page}&pageTotal=true` : `pageFromKey=${encodeURIComponent(fromKey)}`;
      const query = `${at}&${size}`;
      return this.authorized(context, {
        operation,
        method: 'GET',
        url: `${baseUrl}?${query}`,
        scope,
        schema,
        onHeaders,
      });
    };
    return collectPages(fetchPage, { operation, baseUrl, scope });
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

/** Token ids typed by a user or taken from a list: refused before a request if they could not be one. */
function checkTokenId(tokenId: string): void {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(tokenId)) throw invalidInput(`"${tokenId}" is not an access token id.`);
}
