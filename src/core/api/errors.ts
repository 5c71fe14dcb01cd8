/**
 * One error type for every failure of the Sophos Central API layer. The kind decides what the user can do
 * next; the ids are what Sophos support asks for. Messages never contain a secret or a bearer token.
 */
export type SophosErrorKind =
  | 'auth' // the credential or bearer token was refused
  | 'forbidden' // the credential works but its role or licence does not allow this
  | 'notFound'
  | 'throttled'
  | 'server'
  | 'network'
  | 'tls'
  | 'timeout'
  | 'badReply' // the API answered something we cannot trust (HTML, truncated, wrong shape, too big)
  | 'rejected' // the server refused the request as sent (400, 409, 422, 451 ...): a request was made
  | 'invalidInput' // caught before any request
  | 'cancelled'; // the user cancelled: never shown

/** What the request was for, so failures can be explained in the user's terms. */
export type Operation =
  | 'token'
  | 'whoami'
  | 'tenants'
  | 'createAccessToken'
  | 'listAccessTokens'
  | 'revokeAccessToken'
  | 'updateAccessToken'
  | 'probe'
  /** Any Central API call the CLI's `api` command makes. */
  | 'apiCall';

export interface SophosErrorDetails {
  operation?: Operation;
  status?: number;
  sophosCode?: string;
  trackingId?: string;
  requestId?: string;
  correlationId?: string;
  /** Origin the failing request went to (no path, no query). */
  host?: string;
  /** Seconds the server asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /** The id header the request carried (X-Tenant-ID, X-Partner-ID, X-Organization-ID) and its value. */
  scope?: RequestScope;
  cause?: unknown;
}

/** Which account a request acted for: the header Sophos reads it from, the id, and who the caller is. */
export interface RequestScope {
  header: 'X-Tenant-ID' | 'X-Partner-ID' | 'X-Organization-ID';
  id: string;
  /** The credential's own kind: a partner or organization acting on a customer tenant fails in more ways. */
  caller: 'tenant' | 'partner' | 'organization';
}

export class SophosApiError extends Error {
  override readonly name = 'SophosApiError';
  readonly operation?: Operation;
  readonly status?: number;
  readonly sophosCode?: string;
  readonly trackingId?: string;
  readonly requestId?: string;
  readonly correlationId?: string;
  readonly host?: string;
  readonly retryAfterSeconds?: number;
  readonly scope?: RequestScope;
  /** The stored credential the failing request was made with, set by the credentials layer: the UI offers its fix. */
  credentialId?: string;

  constructor(
    readonly kind: SophosErrorKind,
    message: string,
    details: SophosErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.status = details.status;
    this.sophosCode = details.sophosCode;
    this.trackingId = details.trackingId;
    this.requestId = details.requestId;
    this.correlationId = details.correlationId;
    this.host = details.host;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.scope = details.scope;
  }

  /** The id Sophos support wants first: tracking id from Sophos ID, else request or correlation id. */
  get supportId(): string | undefined {
    return this.trackingId ?? this.requestId ?? this.correlationId;
  }

  /** The message with the support id appended, for one-line displays (CLI stderr, notifications). */
  get messageWithSupportId(): string {
    const id = this.supportId;
    return id ? `${this.message} (Sophos request id: ${id})` : this.message;
  }

  /** Retrying later may help: throttling, server trouble, the network. */
  get isTransient(): boolean {
    return this.kind === 'throttled' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export function invalidInput(message: string): SophosApiError {
  return new SophosApiError('invalidInput', message);
}

export function cancelled(): SophosApiError {
  return new SophosApiError('cancelled', 'The operation was cancelled.');
}
