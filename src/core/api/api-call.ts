/** One request as SophosHttp sends it: what it is for, where it goes, how its reply is checked and retried. */
import type { ZodMiniType as ZodType } from 'zod/mini';
import type { Operation, RequestScope } from './errors';
import type { HttpMethod } from './transport';

export interface ApiCall<T> {
  operation: Operation;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  /** Undefined for replies without a body (204). */
  schema?: ZodType<T>;
  /** A reply with no body (204, or an empty 200) is fine too, and gives undefined: revoke and update may answer so. */
  bodyOptional?: boolean;
  /** The account header the request carries, so a 401 or 403 can name it. */
  scope?: RequestScope;
  /** Only requests that are safe to repeat (reads, deletes, the token exchange) are retried. */
  retry: boolean;
  signal?: AbortSignal;
  /** The feature that made the request, for the usage log. */
  feature?: string;
  /** Sees the reply's headers and the local time they arrived (e.g. the Date header, to measure clock skew). */
  onHeaders?: (headers: Record<string, string>, receivedAt: number) => void;
}
