/**
 * JSON over the transport: sends, retries what is safe to retry, turns every non-2xx or untrustworthy reply
 * into a SophosApiError, and checks every 2xx reply against its zod schema. Observers see one record per
 * attempt (the usage log and the debug log are built on it); records hold no header values and no query.
 */
import type { ZodMiniType as ZodType } from 'zod/mini';
import { SophosApiError, type Operation, type RequestScope } from './errors';
import { describeFailure } from './failure-messages';
import {
  defaultRetryPolicy,
  parseRetryAfter,
  realRetryEnvironment,
  withRetries,
  type RetryEnvironment,
  type RetryPolicy,
} from './retry';
import { errorBodySchema, notUuidMessage, type ErrorBody } from './schemas';
import { originOf, type HttpMethod, type HttpResponse, type HttpTransport } from './transport';

export type { Operation } from './errors';

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

export interface RequestRecord {
  time: number;
  operation: Operation;
  feature?: string;
  method: HttpMethod;
  /** Origin and path only: queries and bodies are never recorded. */
  url: string;
  attempt: number;
  status?: number;
  latencyMs: number;
  errorKind?: SophosApiError['kind'];
  supportId?: string;
}

export type RequestObserver = (record: RequestRecord) => void;

export interface SophosHttpOptions {
  retryPolicy?: RetryPolicy;
  retryEnvironment?: RetryEnvironment;
  observers?: RequestObserver[];
  now?: () => number;
  userAgent?: string;
}

export class SophosHttp {
  private readonly retryPolicy: RetryPolicy;
  private readonly retryEnvironment: RetryEnvironment;
  private readonly observers: RequestObserver[];
  private readonly now: () => number;
  private readonly userAgent: string;

  constructor(
    readonly transport: HttpTransport,
    private readonly options: SophosHttpOptions = {},
  ) {
    this.retryPolicy = options.retryPolicy ?? defaultRetryPolicy;
    this.retryEnvironment = options.retryEnvironment ?? realRetryEnvironment;
    this.observers = [...(options.observers ?? [])];
    this.now = options.now ?? Date.now;
    this.userAgent = options.userAgent ?? 'sophos-central-credentials';
  }

  /**
   * The same transport, retries and observers, plus one more that sees only this child's requests: how the
   * usage log learns which credential made a request.
   */
  withObserver(observer: RequestObserver): SophosHttp {
    const notifyParent = (record: RequestRecord) => this.notify(record);
    return new SophosHttp(this.transport, {
      ...this.options,
      observers: [notifyParent, observer],
    });
  }

  private notify(record: RequestRecord): void {
    for (const observer of this.observers) {
      try {
        observer(record);
      } catch {
        // An observer's failure must not fail the user's request.
      }
    }
  }

  async call<T>(call: ApiCall<T>): Promise<T> {
    const once = (attempt: number) => this.attempt(call, attempt);
    if (!call.retry) return once(1);
    return withRetries(once, this.retryPolicy, this.retryEnvironment, call.signal);
  }

  private async attempt<T>(call: ApiCall<T>, attempt: number): Promise<T> {
    const started = this.now();
    const record: RequestRecord = {
      time: started,
      operation: call.operation,
      feature: call.feature,
      method: call.method,
      url: withoutQuery(call.url),
      attempt,
      latencyMs: 0,
    };
    try {
      const response = await this.transport.send({
        method: call.method,
        url: call.url,
        headers: this.headersFor(call),
        body: bodyFor(call),
        signal: call.signal,
      });
      record.status = response.status;
      call.onHeaders?.(response.headers, this.now());
      const value = parseReply(call, response);
      record.supportId = response.headers['x-request-id'];
      return value;
    } catch (error) {
      if (error instanceof SophosApiError) {
        record.errorKind = error.kind;
        record.supportId = error.supportId;
        throw error.operation ? error : withOperation(error, call.operation);
      }
      throw error;
    } finally {
      record.latencyMs = this.now() - started;
      this.notify(record);
    }
  }

  private headersFor(call: ApiCall<unknown>): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.userAgent,
      ...call.headers,
    };
    if (call.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (call.json !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }
}

function withOperation(error: SophosApiError, operation: Operation): SophosApiError {
  return new SophosApiError(error.kind, error.message, {
    operation,
    status: error.status,
    sophosCode: error.sophosCode,
    trackingId: error.trackingId,
    requestId: error.requestId,
    correlationId: error.correlationId,
    host: error.host,
    retryAfterSeconds: error.retryAfterSeconds,
    scope: error.scope,
    cause: (error as { cause?: unknown }).cause,
  });
}

function bodyFor(call: ApiCall<unknown>): string | undefined {
  if (call.form) return new URLSearchParams(call.form).toString();
  if (call.json !== undefined) return JSON.stringify(call.json);
  return undefined;
}

function parseReply<T>(call: ApiCall<T>, response: HttpResponse): T {
  const host = originOf(call.url);
  if (response.status < 200 || response.status >= 300)
    throw errorFromResponse(call.operation, response, host, call.scope);
  if (!call.schema) return undefined as T;
  if (call.bodyOptional && (response.status === 204 || response.body.trim() === '')) return undefined as T;
  const json = parseJson(response.body);
  if (json === undefined) {
    throw new SophosApiError(
      'badReply',
      `${host} sent a reply that is not JSON${looksLikeHtml(response.body) ? ' (an HTML page: a proxy or captive portal may be in the way)' : ' (it may have been cut off)'}. Try again; if it persists, check the configured URL and proxy.`,
      {
        host,
        status: response.status,
        requestId: response.headers['x-request-id'],
      },
    );
  }
  const parsed = call.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3);
    // Ids are checked as UUIDs on arrival (schemas.ts): say so plainly rather than as a shape problem.
    const notUuid = issues.filter((issue) => issue.message === notUuidMessage).map((issue) => issue.path.join('.'));
    const fields = issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    const message =
      notUuid.length > 0
        ? `${host} sent an unexpected reply: ${notUuid.join(', ')} is not a UUID, and every Sophos Central id is one. The URL may not point at Sophos Central, or something in between changed the reply; the reply was not used. Try again or report it with the request id.`
        : `${host} sent a reply of an unexpected shape (fields: ${fields}). The API may have changed or the URL may not point at Sophos Central; try again or report it with the request id.`;
    throw new SophosApiError('badReply', message, {
      host,
      status: response.status,
      requestId: response.headers['x-request-id'],
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Turns a non-2xx reply into the one error type, with every id Sophos gave us. */
function errorFromResponse(
  operation: Operation,
  response: HttpResponse,
  host: string,
  scope?: RequestScope,
): SophosApiError {
  const body = parseErrorBody(response.body);
  const status = response.status;
  const kind: SophosApiError['kind'] =
    status === 401
      ? 'auth'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'notFound'
          : status === 429
            ? 'throttled'
            : status >= 500
              ? 'server'
              : status >= 400
                ? 'rejected'
                : 'badReply';
  const retryAfterSeconds = kind === 'throttled' ? parseRetryAfter(response.headers['retry-after']) : undefined;
  const sophosCode = body?.errorCode ?? body?.code ?? body?.error;
  const message = describeFailure({
    operation,
    kind,
    status,
    host,
    sophosCode,
    serverMessage: body?.message,
    retryAfterSeconds,
    html: body === undefined && looksLikeHtml(response.body),
    scope,
  });
  return new SophosApiError(kind, message, {
    status,
    host,
    sophosCode,
    trackingId: body?.trackingId,
    requestId: body?.requestId ?? response.headers['x-request-id'],
    correlationId: body?.correlationId,
    retryAfterSeconds,
    scope,
  });
}

/**
 * The error body: one object, or (some Sophos APIs) an array of them, read as one: the first entry's code and
 * ids, every distinct message in order.
 */
function parseErrorBody(text: string): ErrorBody | undefined {
  const json = parseJson(text);
  const entries = (Array.isArray(json) ? json : [json])
    .map((entry) => errorBodySchema.safeParse(entry))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data);
  const first = entries[0];
  if (!first) return undefined;
  const messages = [
    ...new Set(entries.map((entry) => entry.message?.trim()).filter((message): message is string => !!message)),
  ];
  const message =
    messages.length > 1 ? messages.map((text) => (/[.!?…]$/.test(text) ? text : `${text}.`)).join(' ') : messages[0];
  return { ...first, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text);
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
