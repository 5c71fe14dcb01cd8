/** The undici dispatcher for a resolved network: direct, or through the resolved proxy, trusting the resolved CAs. */
import * as tls from 'node:tls';
import { trustedCas } from './certificates';
import { PreconnectingConnector } from './preconnect';
import type { ResolvedNetwork } from './resolve';
import {
  Agent,
  Client,
  EnvHttpProxyAgent,
  Pool,
  buildConnector,
  type Dispatcher,
  type PoolOptions,
} from './undici-parts';

export interface DispatcherLimits {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Called once per connection opened to an origin (direct, or a tunnel through the proxy). */
  onConnect?: () => void;
}

export interface NetworkDispatcher {
  dispatcher: Dispatcher;
  /** Direct connections only: opens connections ahead of their first request (tunnels are undici's). */
  preconnector?: PreconnectingConnector;
}

/**
 * A plain Agent when there is no proxy, else undici's EnvHttpProxyAgent given the resolved values explicitly
 * (it never reads process.env then). Both keep one keep-alive pool per origin; with a proxy each pooled
 * connection is a CONNECT tunnel.
 */
export function createNetworkDispatcher(network: ResolvedNetwork, limits: DispatcherLimits): NetworkDispatcher {
  const ca = trustedCas(network.extraCaPem, network.useSystemCertificates);
  // One secure context for every connection, instead of parsing the whole CA list per handshake.
  const secureContext = ca ? tls.createSecureContext({ ca }) : undefined;
  const verified = secureContext ? { secureContext } : {};
  const factory = (origin: string | URL, options: object): Dispatcher => {
    const opts = options as PoolOptions & { connections?: number | null };
    const dispatcher = opts.connections === 1 ? new Client(origin, opts) : new Pool(origin, opts);
    if (limits.onConnect) dispatcher.on('connect', limits.onConnect);
    return dispatcher;
  };
  const common = {
    factory,
    headersTimeout: limits.headersTimeoutMs,
    bodyTimeout: limits.bodyTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
  const direct = { timeout: limits.connectTimeoutMs, ...verified };
  if (!network.http && !network.https) {
    const preconnector = new PreconnectingConnector(buildConnector(direct), limits.keepAliveTimeoutMs);
    return { dispatcher: new Agent({ ...common, connect: preconnector.connector }), preconnector };
  }

  // EnvHttpProxyAgent hands the same options to both proxy agents: the values differ only by URL, since an
  // explicit proxy serves both schemes and environment proxies carry no header or strictSSL of their own.
  const proxy = network.https ?? network.http!;
  const tunnelTls = proxy.strictSSL
    ? { timeout: limits.connectTimeoutMs, ...verified }
    : { timeout: limits.connectTimeoutMs, rejectUnauthorized: false };
  const dispatcher = new EnvHttpProxyAgent({
    ...common,
    // '' rather than undefined: undici would otherwise fall back to process.env.
    httpProxy: network.http?.url ?? '',
    httpsProxy: network.https?.url ?? '',
    noProxy: network.noProxy.join(','),
    connect: direct,
    requestTls: tunnelTls,
    proxyTls: tunnelTls,
    ...(proxy.authorization ? { token: proxy.authorization } : {}),
  });
  return { dispatcher };
}
