/**
 * JSON over the transport: sends, retries what is safe to retry, turns every non-2xx or untrustworthy reply
 * into a SophosApiError, and checks every 2xx reply against its zod schema. Observers see one record per
 * attempt (the usage log and the debug log are built on it); records hold no header values and no query.
 */
import { SophosApiError, type Operation } from './errors';
import {
  defaultRetryPolicy,
  realRetryEnvironment,
  withRetries,
  type RetryEnvironment,
  type RetryPolicy,
} from './retry';
import type { ApiCall } from './api-call';
import { parseReply } from './replies';
import { type HttpMethod, type HttpTransport } from './transport';

export type { Operation } from './errors';
export type { ApiCall } from './api-call';

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

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
