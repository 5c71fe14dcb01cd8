/**
 * The parts of undici the transport uses, taken from their own modules. undici's index pulls in fetch,
 * WebSocket, EventSource, the cache and mock layers and more, none of which we use, and makes the bundle
 * about four times larger; these modules are what `undici`'s own exports of the same names are built from.
 * Types still come from the package's declarations.
 *
 * Loaded on first use, not when this module is: the editor activates without undici (about 300 kB with its
 * HTTP parser) and reads it when the first dispatcher is built. In the extension bundle the `undici/lib/...`
 * requires below resolve to a sibling bundle, dist/undici.js (see esbuild.mjs); everywhere else (CLI, tests)
 * they are ordinary requires.
 */
import type * as Undici from 'undici';

type ApiRequest = (
  this: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData>;

interface Parts {
  Agent: typeof Undici.Agent;
  Client: typeof Undici.Client;
  Pool: typeof Undici.Pool;
  EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent;
  errors: typeof Undici.errors;
  apiRequest: ApiRequest;
  buildConnector: typeof Undici.buildConnector;
}

let parts: Parts | undefined;

function load(): Parts {
  if (parts) return parts;
  /* eslint-disable @typescript-eslint/no-require-imports */
  // As undici's index does: every dispatcher gets request/connect/... (ProxyAgent opens its tunnels with connect).
  Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'));
  parts = {
    Agent: require('undici/lib/dispatcher/agent'),
    Client: require('undici/lib/dispatcher/client'),
    Pool: require('undici/lib/dispatcher/pool'),
    EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
    errors: require('undici/lib/core/errors'),
    apiRequest: require('undici/lib/api/api-request'),
    buildConnector: require('undici/lib/core/connect'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return parts;
}

/** Stands for one of undici's classes: `new`, statics and `instanceof` reach the real class, loaded then. */
function lazyClass<K extends 'Agent' | 'Client' | 'Pool' | 'EnvHttpProxyAgent'>(name: K): Parts[K] {
  return new Proxy(function undiciClass() {}, {
    construct: (_target, args) => Reflect.construct(load()[name], args),
    get: (_target, key) => Reflect.get(load()[name], key),
    getPrototypeOf: () => Reflect.getPrototypeOf(load()[name]),
  }) as unknown as Parts[K];
}

export const Agent = lazyClass('Agent');
export const Client = lazyClass('Client');
export const Pool = lazyClass('Pool');
export const EnvHttpProxyAgent = lazyClass('EnvHttpProxyAgent');
/** undici's error classes, read on first use (`error instanceof errors.SocketError`). */
export const errors: typeof Undici.errors = new Proxy({} as typeof Undici.errors, {
  get: (_target, key) => Reflect.get(load().errors, key),
});

/** undici's connector: opens a TCP or TLS connection as an Agent would. */
export function buildConnector(options: Undici.buildConnector.BuildOptions): Undici.buildConnector.connector {
  return load().buildConnector(options);
}

export type { Dispatcher } from 'undici';
export type PoolOptions = Undici.Pool.Options;

/** undici's `request(url, { dispatcher, ... })`, on the given dispatcher. */
export function request(
  url: string,
  options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Undici.Dispatcher },
): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const parsed = new URL(url);
  return load().apiRequest.call(dispatcher, {
    ...rest,
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}`,
  });
}
