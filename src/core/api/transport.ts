/**
 * The one place that speaks HTTP. Everything above it sees `HttpTransport`, so tests and the benchmark can
 * drive every flow against a loopback server, and the extension can hand in proxy or CA settings.
 */
import { errors as undiciErrors, request, type Dispatcher } from './undici-parts';
import { SophosApiError, cancelled } from './errors';
import {
  createNetworkDispatcher,
  proxyFor,
  resolveNetwork,
  type NetworkOptions,
  type ResolvedNetwork,
  type ResolvedProxy,
} from './network';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

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
  /**
   * Proxy and trust (see network.ts): options are resolved here (an unusable proxy URL throws invalidInput),
   * or pass the result of resolveNetwork to log its summary first. Ignored when `dispatcher` is given.
   */
  network?: NetworkOptions | ResolvedNetwork;
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
  private readonly options: Required<Omit<TransportOptions, 'dispatcher' | 'network'>>;
  private readonly dispatcher: Dispatcher;
  /** The proxies and trust in force; undefined when the caller supplied its own dispatcher. */
  readonly network?: ResolvedNetwork;
  private connections = 0;

  constructor(options: TransportOptions = {}) {
    const { dispatcher, network, ...limits } = options;
    this.options = { ...defaultTransportOptions, ...stripUndefined(limits) };
    if (dispatcher) {
      this.dispatcher = dispatcher;
      this.dispatcher.on('connect', () => {
        this.connections += 1;
      });
      return;
    }
    this.network = network && 'summary' in network ? network : resolveNetwork(network ?? {});
    // undici keeps one keep-alive pool per origin, so the id and API hosts each reuse their own connection;
    // through a proxy each pooled connection is one CONNECT tunnel. Every pool reports its connections here.
    this.dispatcher = createNetworkDispatcher(this.network, {
      connectTimeoutMs: this.options.connectTimeoutMs,
      headersTimeoutMs: this.options.headersTimeoutMs,
      bodyTimeoutMs: this.options.bodyTimeoutMs,
      keepAliveTimeoutMs: this.options.keepAliveTimeoutMs,
      onConnect: () => {
        this.connections += 1;
      },
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
          `${host} did not finish answering within ${describeDuration(this.options.totalTimeoutMs)}. Check your network, then try again.`,
          { host, cause: error },
        );
      }
      throw transportFailure(
        error,
        host,
        this.network && { network: this.network, proxy: proxyFor(this.network, req.url) },
      );
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

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** Why a certificate was refused, in words, per OpenSSL / Node code. */
const tlsReasons: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it was issued by an unknown issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it was issued by an unknown issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'it was issued by an unknown issuer',
  SELF_SIGNED_CERT_IN_CHAIN: 'it was issued by an unknown issuer (a self-signed certificate in the chain)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed by an unknown issuer',
  CERT_UNTRUSTED: 'it was issued by an untrusted issuer',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet (check the system clock)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its host name does not match (it was issued for another host)',
  HOSTNAME_MISMATCH: 'its host name does not match (it was issued for another host)',
  CERT_SIGNATURE_FAILURE: 'its signature is invalid',
  CERT_REVOKED: 'it has been revoked',
};

/** What the transport knows about the route of the failed request, for messages that name the proxy. */
export interface FailureContext {
  network: ResolvedNetwork;
  /** The proxy this request went through; undefined when it went direct. */
  proxy?: ResolvedProxy;
}

/** Maps undici and socket errors to a kind and a message that says what to try. */
export function transportFailure(error: unknown, host: string, context?: FailureContext): SophosApiError {
  const codes = errorCodes(error);
  const code = codes[0];
  const tlsHint =
    context?.network.hints.tls ??
    'If a proxy inspects TLS on your network, add its CA certificate to the trusted certificates.';
  const proxy = context?.proxy;
  const proxyHint = context?.network.hints.proxy ?? 'Check the proxy settings.';

  const proxyStatus = proxy ? proxyRefusal(error) : undefined;
  if (proxy && proxyStatus !== undefined) {
    const what =
      proxyStatus === 407
        ? proxy.authenticated
          ? 'refused the proxy credentials (HTTP 407 Proxy Authentication Required)'
          : 'asks for credentials (HTTP 407 Proxy Authentication Required) and none are configured'
        : `refused to open a tunnel to ${host} (HTTP ${proxyStatus})`;
    return new SophosApiError('network', `The proxy ${proxy.display} (from ${proxy.source}) ${what}. ${proxyHint}`, {
      host,
      cause: error,
    });
  }
  const tlsCode = codes.find((candidate) => candidate in tlsReasons);
  if (tlsCode) {
    const onProxy = codes.includes('UND_ERR_PRX_TLS') && proxy;
    const who = onProxy ? `the proxy ${proxy.display}` : host;
    const check =
      tlsCode === 'ERR_TLS_CERT_ALTNAME_INVALID' || tlsCode === 'HOSTNAME_MISMATCH' ? ' Check the configured URL.' : '';
    return new SophosApiError(
      'tls',
      `The TLS certificate of ${who} was refused: ${tlsReasons[tlsCode]} (${tlsCode}).${check} ${tlsHint}`,
      {
        host,
        cause: error,
      },
    );
  }
  if (code && timeoutCodes.has(code)) {
    const via = proxy ? ` through the proxy ${proxy.display}` : '';
    return new SophosApiError(
      'timeout',
      `${host} did not answer in time${via}. Check your network or proxy, then try again.`,
      {
        host,
        cause: error,
      },
    );
  }
  if (proxy && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET')) {
    const what =
      code === 'ECONNREFUSED'
        ? 'refused the connection'
        : code === 'ECONNRESET'
          ? 'closed the connection unexpectedly'
          : 'could not be found (DNS)';
    return new SophosApiError(
      'network',
      `The proxy ${proxy.display} (from ${proxy.source}) ${what} while connecting to ${host}. ${proxyHint}`,
      {
        host,
        cause: error,
      },
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
  return new SophosApiError(
    'network',
    `${host} ${what}. Check the URL, your network and proxy settings, then try again.`,
    {
      host,
      cause: error,
    },
  );
}

/** The status a proxy answered a CONNECT with, when that is what failed (undici reports it only in text). */
function proxyRefusal(error: unknown): number | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    const match =
      typeof message === 'string'
        ? /Proxy response \((\d{3})\) !== 200|Proxy Authentication Required \((\d{3})\)/.exec(message)
        : null;
    if (match) return Number(match[1] ?? match[2]);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Every string code on the error and its causes, outermost first. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
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

/** "60 s", or "300 ms" for a deadline under a second (tests and tight settings), never "0 s". */
function describeDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
