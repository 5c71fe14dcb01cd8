/**
 * One `api` call, or with --paginate every page of it merged into one array. Both of Sophos' paging styles are
 * followed: page numbers (pages.current / total, asked for with page and pageTotal) and keys (pages.nextKey,
 * asked for with pageFromKey). Retries are the core's: idempotent methods after 5xx and resets, any method after
 * a 429 (the server did nothing), Retry-After honoured.
 */
import { unknown as anyJson } from 'zod/mini';
import {
  SophosApiError,
  invalidInput,
  maxPages,
  retryDelayMs,
  defaultRetryPolicy,
  realRetryEnvironment,
  type HttpMethod,
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

type Page = { items: unknown[]; pages?: Record<string, unknown> };

function asPage(reply: unknown, path: string): Page {
  if (typeof reply === 'object' && reply !== null && Array.isArray((reply as Page).items)) return reply as Page;
  throw invalidInput(`--paginate: ${path} does not page (its reply has no "items" list). Run it without --paginate.`);
}

const itemKey = (item: unknown) =>
  typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string'
    ? (item as { id: string }).id
    : JSON.stringify(item);

/** Every page's items in order, one array. A page that brings nothing new ends the loop, as maxPages does. */
export async function callAllPages(
  client: SophosCentralClient,
  route: Route,
  request: ApiRequest,
  environment: CliEnvironment,
): Promise<unknown[]> {
  if (request.method !== 'GET') throw invalidInput('--paginate is for GET requests.');
  const given = new Set([...new URL(route.url).searchParams.keys(), ...request.query.map(([key]) => key)]);
  const first = route.pagesByNumber && !given.has('pageTotal') ? [['pageTotal', 'true'] as [string, string]] : [];
  let page = asPage(await callOnce(client, route, request, environment, first), request.path);
  const items: unknown[] = [...page.items];
  const seen = new Set(items.map(itemKey));
  let number = Number(page.pages?.current ?? 1);
  for (let count = 1; count < maxPages; count++) {
    const pages = page.pages ?? {};
    const nextKey = typeof pages.nextKey === 'string' && pages.nextKey !== '' ? pages.nextKey : undefined;
    let next: [string, string][];
    if (nextKey !== undefined) next = [['pageFromKey', nextKey]];
    else if (typeof pages.total === 'number') {
      if (number >= pages.total) return items;
      next = [...first, ['page', String(number + 1)]];
    } else if (typeof pages.current === 'number') {
      // Page numbers without totals: a page shorter than the server's own size is the last.
      const size = typeof pages.size === 'number' ? pages.size : page.items.length;
      if (page.items.length === 0 || page.items.length < size) return items;
      next = [['page', String(number + 1)]];
    } else return items; // Key paging without a nextKey, or no pages at all: that was the last page.
    page = asPage(await callOnce(client, route, request, environment, next), request.path);
    number = Number(page.pages?.current ?? number + 1);
    const fresh = page.items.filter((item) => !seen.has(itemKey(item)));
    if (fresh.length === 0) return items;
    for (const item of fresh) {
      seen.add(itemKey(item));
      items.push(item);
    }
  }
  throw invalidInput(
    `--paginate stopped after ${maxPages} pages (${items.length} items): the server kept announcing more.`,
  );
}
