/**
 * One `api` call, or with --paginate every page of it merged into one array. Both of Sophos' paging styles are
 * followed: page numbers (pages.current / total, asked for with page and pageTotal) and keys (pages.nextKey,
 * asked for with pageFromKey). Retries are the core's: idempotent methods after 5xx and resets, any method after
 * a 429 (the server did nothing), Retry-After honoured.
 */
import { unknown as anyJson } from 'zod/mini';
import {
  SophosApiError,
  collectPages,
  invalidInput,
  retryDelayMs,
  defaultRetryPolicy,
  realRetryEnvironment,
  type HttpMethod,
  type PageAt,
  type Pages,
  type SophosCentralClient,
} from '../../core/api';
import type { CliEnvironment } from '../environment';
import type { Route } from './route';

export interface ApiRequest {
  method: HttpMethod;
  /** Path and query as typed, e.g. /endpoint/v1/endpoints?pageSize=3. */
  path: string;
  /** Extra query parameters (-f on GET and DELETE, or alongside --input). */
  query: [string, string][];
  body?: unknown;
}

const idempotent = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

export async function callOnce(
  client: SophosCentralClient,
  route: Route,
  request: ApiRequest,
  environment: CliEnvironment,
  extraQuery: [string, string][] = [],
): Promise<unknown> {
  const url = new URL(route.url);
  for (const [key, value] of [...request.query, ...extraQuery]) url.searchParams.set(key, value);
  const send = () =>
    client.request({
      operation: 'apiCall',
      method: request.method,
      url: url.toString(),
      scope: route.scope,
      schema: anyJson(),
      json: request.body,
      bodyOptional: true,
      retry: idempotent.has(request.method),
    });
  if (idempotent.has(request.method)) return send();
  // Not repeatable after a failure that may have done something, but a 429 says nothing was done.
  const policy = environment.retryPolicy ?? defaultRetryPolicy;
  const sleeper = environment.retryEnvironment ?? realRetryEnvironment;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const delay =
        error instanceof SophosApiError && error.kind === 'throttled'
          ? retryDelayMs(error, attempt, policy, sleeper.random)
          : undefined;
      if (delay === undefined) throw error;
      await sleeper.sleep(delay);
    }
  }
}

type Page = { items: unknown[]; pages?: Pages };

function asPage(reply: unknown, path: string): Page {
  if (typeof reply === 'object' && reply !== null && Array.isArray((reply as Page).items)) return reply as Page;
  throw invalidInput(`--paginate: ${path} does not page (its reply has no "items" list). Run it without --paginate.`);
}

/** Every page's items in order, one array, read by the core's pager (both of Sophos' paging styles). */
export async function callAllPages(
  client: SophosCentralClient,
  route: Route,
  request: ApiRequest,
  environment: CliEnvironment,
): Promise<unknown[]> {
  if (request.method !== 'GET') throw invalidInput('--paginate is for GET requests.');
  const given = new Set([...new URL(route.url).searchParams.keys(), ...request.query.map(([key]) => key)]);
  // Totals are asked for once, with the first page; the pages after it are named by number or by key.
  const first = route.pagesByNumber && !given.has('pageTotal') ? [['pageTotal', 'true'] as [string, string]] : [];
  let number = 1;
  const fetchPage = async ({ page, fromKey }: PageAt) => {
    const next: [string, string][] =
      page === 1 ? first : fromKey !== undefined ? [['pageFromKey', fromKey]] : [...first, ['page', String(++number)]];
    const reply = asPage(await callOnce(client, route, request, environment, next), request.path);
    if (typeof reply.pages?.current === 'number') number = reply.pages.current;
    return reply;
  };
  return collectPages(fetchPage, { operation: 'probe', baseUrl: route.url });
}
