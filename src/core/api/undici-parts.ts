/**
 * The parts of undici the transport uses, taken from their own modules. undici's index pulls in fetch,
 * WebSocket, EventSource, the cache and mock layers and more, none of which we use, and makes the bundle
 * about four times larger; these modules are what `undici`'s own exports of the same names are built from.
 * Types still come from the package's declarations.
 */
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
// As undici's index does: every dispatcher gets request/connect/... (ProxyAgent opens its tunnels with connect).
Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'));
export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const Client: typeof Undici.Client = require('undici/lib/dispatcher/client');
export const Pool: typeof Undici.Pool = require('undici/lib/dispatcher/pool');
export const EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent');
export const errors: typeof Undici.errors = require('undici/lib/core/errors');
const apiRequest: (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData> = require('undici/lib/api/api-request');
/* eslint-enable @typescript-eslint/no-require-imports */

export type { Dispatcher } from 'undici';
export namespace Pool {
  export type Options = Undici.Pool.Options;
}

/** undici's `request(url, { dispatcher, ... })`, on the given dispatcher. */
export function request(url: string, options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Undici.Dispatcher }): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const parsed = new URL(url);
  return apiRequest.call(dispatcher, { ...rest, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
