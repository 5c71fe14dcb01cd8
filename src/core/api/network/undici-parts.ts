/**
 * The parts of undici the transport uses, taken from their own modules. undici's index pulls in fetch,
 * WebSocket, EventSource, the cache and mock layers and more, none of which we use, and makes the bundle
 * about four times larger; these modules are what `undici`'s own exports of the same names are built from.
 * Types still come from the package's declarations.
 *
 * Loaded with this module. The extension reaches it only through its lazy transport's dynamic import
 * (src/extension/lazy-transport.ts), so the editor activates without undici; in the extension bundle the
 * `undici/lib/...` requires below resolve to a sibling bundle, dist/undici.js (see esbuild.mjs).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

type ApiRequest = (
  this: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData>;

// As undici's index does: every dispatcher gets request/connect/... (ProxyAgent opens its tunnels with connect).
Object.assign(require('undici/lib/dispatcher/dispatcher').prototype, require('undici/lib/api'));

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const Client: typeof Undici.Client = require('undici/lib/dispatcher/client');
export const Pool: typeof Undici.Pool = require('undici/lib/dispatcher/pool');
export const EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent');
/** undici's connector: opens a TCP or TLS connection as an Agent would. */
export const buildConnector: typeof Undici.buildConnector = require('undici/lib/core/connect');
const apiRequest: ApiRequest = require('undici/lib/api/api-request');

export type { Dispatcher } from 'undici';
export type PoolOptions = Undici.Pool.Options;

/** undici's `request(url, { dispatcher, ... })`, on the given dispatcher. */
export function request(
  url: string,
  options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Undici.Dispatcher },
): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const parsed = new URL(url);
  return apiRequest.call(dispatcher, { ...rest, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
