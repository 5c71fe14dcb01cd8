/** What the Sophos Central client is given and gives back. */
import type { ZodMiniType as ZodType } from 'zod/mini';
import type { ApiCall, SophosHttp } from './api-http';
import type { Operation, RequestScope } from './errors';
import type { CreatedAccessToken } from './schemas';
import type { HttpMethod } from './transport';

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
