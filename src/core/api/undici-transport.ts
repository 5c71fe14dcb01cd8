/**
 * The real HttpTransport, over undici: one keep-alive pool per origin, the proxy and CA settings of a resolved
 * network, and its own timeouts and reply size limit.
 */
import { SophosApiError, cancelled } from './errors';
import { createNetworkDispatcher } from './network/dispatcher';
import { transportFailure } from './network/failures';
import type { PreconnectingConnector } from './network/preconnect';
import { proxyFor } from './network/proxy';
import { resolveNetwork, type ResolvedNetwork } from './network/resolve';
import { request, type Dispatcher } from './network/undici-parts';
import { originOf, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';

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
  /** Proxy and trust, from resolveNetwork (which throws invalidInput for an unusable proxy). Default: direct. */
  network?: ResolvedNetwork;
}

const defaultTransportOptions = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  totalTimeoutMs: 60_000,
  maxResponseBytes: 4 * 1024 * 1024,
  keepAliveTimeoutMs: 30_000,
} as const;

export class UndiciTransport implements HttpTransport {
  private readonly options: Required<Omit<TransportOptions, 'network'>>;
  private readonly dispatcher: Dispatcher;
  private readonly preconnector?: PreconnectingConnector;
  /** The proxies and trust in force. */
  readonly network: ResolvedNetwork;
  private connections = 0;

  constructor(options: TransportOptions = {}) {
    const { network, ...limits } = options;
    this.options = { ...defaultTransportOptions, ...stripUndefined(limits) };
    this.network = network ?? resolveNetwork();
    // undici keeps one keep-alive pool per origin, so the id and API hosts each reuse their own connection;
    // through a proxy each pooled connection is one CONNECT tunnel. Every pool reports its connections here.
    const { dispatcher, preconnector } = createNetworkDispatcher(this.network, {
      connectTimeoutMs: this.options.connectTimeoutMs,
      headersTimeoutMs: this.options.headersTimeoutMs,
      bodyTimeoutMs: this.options.bodyTimeoutMs,
      keepAliveTimeoutMs: this.options.keepAliveTimeoutMs,
      onConnect: () => {
        this.connections += 1;
      },
    });
    this.dispatcher = dispatcher;
    this.preconnector = preconnector;
  }

  get connectionsOpened(): number {
    return this.connections;
  }

  preconnect(url: string): void {
    this.preconnector?.preconnect(url);
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
      throw transportFailure(error, host, { network: this.network, proxy: proxyFor(this.network, req.url) });
    }
  }

  async close(): Promise<void> {
    this.preconnector?.close();
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

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** "60 s", or "300 ms" for a deadline under a second (tests and tight settings), never "0 s". */
function describeDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
