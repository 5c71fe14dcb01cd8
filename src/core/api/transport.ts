/**
 * The one place that speaks HTTP. Everything above it sees `HttpTransport`, so tests and the benchmark can
 * drive every flow against a loopback server, and the extension can hand in proxy or CA settings.
 */
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { SophosApiError, cancelled } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Connections opened so far, per origin: keep-alive reuse is visible in tests and the benchmark. */
  readonly connectionsOpened: number;
  close(): Promise<void>;
}

export interface TransportOptions {
  connectTimeoutMs?: number;
  /** Time to the response headers. */
  headersTimeoutMs?: number;
  /** Longest silence while the body streams in. */
  bodyTimeoutMs?: number;
  /** Whole-request deadline: a server that drips one byte a second must not hold a command for minutes. */
  totalTimeoutMs?: number;
  /** Replies over this size are refused; Sophos replies are a few kB. */
  maxResponseBytes?: number;
  keepAliveTimeoutMs?: number;
  /** Lets the proxy/CA layer supply its own dispatcher; the transport still owns timeouts and limits. */
  dispatcher?: Dispatcher;
}

export const defaultTransportOptions = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  totalTimeoutMs: 60_000,
  maxResponseBytes: 4 * 1024 * 1024,
  keepAliveTimeoutMs: 30_000,
} as const;

export class UndiciTransport implements HttpTransport {
  private readonly options: Required<Omit<TransportOptions, 'dispatcher'>>;
  private readonly dispatcher: Dispatcher;
  private connections = 0;

  constructor(options: TransportOptions = {}) {
    this.options = { ...defaultTransportOptions, ...stripUndefined(options) };
    // undici keeps one keep-alive pool per origin, so the id and API hosts each reuse their own connection.
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: this.options.connectTimeoutMs },
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
        keepAliveTimeout: this.options.keepAliveTimeoutMs,
      });
    this.dispatcher.on('connect', () => {
      this.connections += 1;
    });
  }

  get connectionsOpened(): number {
    return this.connections;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const host = originOf(req.url);
    if (req.signal?.aborted) throw cancelled();
    const deadline = AbortSignal.timeout(this.options.totalTimeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    try {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        dispatcher: this.dispatcher,
      });
      const body = await readCapped(response.body, this.options.maxResponseBytes, host);
      // undici marks the request finished a turn after the body ends; until then the socket counts as busy and
      // a POST sent at once (create after whoami) would open a second connection instead of reusing this one.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
    } catch (error) {
      if (error instanceof SophosApiError) throw error;
      if (req.signal?.aborted) throw cancelled();
      if (deadline.aborted) {
        throw new SophosApiError(
          'timeout',
          `${host} did not finish answering within ${Math.round(this.options.totalTimeoutMs / 1000)} s. Check your network, then try again.`,
          { host, cause: error },
        );
      }
      throw transportFailure(error, host);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, host: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new SophosApiError(
        'badReply',
        `${host} sent a reply larger than ${Math.round(maxBytes / 1024)} kB, far more than the Sophos API sends. It may not be Sophos Central: check the configured URL or proxy.`,
        { host },
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);

/** Maps undici and socket errors to a kind and a message that says what to try. */
export function transportFailure(error: unknown, host: string): SophosApiError {
  const code = errorCode(error);
  if (code && timeoutCodes.has(code)) {
    return new SophosApiError('timeout', `${host} did not answer in time. Check your network or proxy, then try again.`, {
      host,
      cause: error,
    });
  }
  if (code && tlsCodes.has(code)) {
    return new SophosApiError(
      'tls',
      `The TLS certificate of ${host} could not be verified (${code}). If a proxy inspects TLS on your network, add its CA certificate to the trusted certificates.`,
      { host, cause: error },
    );
  }
  const what =
    code === 'ECONNREFUSED'
      ? 'refused the connection'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'could not be found (DNS)'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || error instanceof undiciErrors.SocketError
          ? 'closed the connection unexpectedly'
          : `could not be reached${code ? ` (${code})` : ''}`;
  return new SophosApiError('network', `${host} ${what}. Check the URL, your network and proxy settings, then try again.`, {
    host,
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
