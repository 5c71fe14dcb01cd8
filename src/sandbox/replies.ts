/**
 * Replies as the route handlers build them, and the two error-body dialects Sophos speaks: Sophos ID's
 * {errorCode, message, trackingId} and the Central APIs' {error, message, correlationId, requestId, createdAt}.
 */
import { STATUS_CODES } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { SandboxHost } from './types';

/** A handler's answer before faults and delivery: JSON, an HTML page, or nothing (204). */
export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export function jsonReply(json: unknown, status = 200): Reply {
  return { status, json };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** Sophos ID's error body. */
export function idError(status: number, errorCode: string, message: string): Reply {
  return { status, json: { errorCode, message, trackingId: randomUUID() } };
}

/** The Central APIs' documented error body; requestId matches the reply's x-request-id header. */
export function apiError(requestId: string, status: number, error: string, message: string): Reply {
  return {
    status,
    json: { error, message, correlationId: randomUUID(), requestId, createdAt: new Date().toISOString() },
  };
}

/** The error body the host would send for a bare status: 503 → serviceUnavailable and so on. */
export function statusError(host: SandboxHost, requestId: string, status: number): Reply {
  const reason = STATUS_CODES[status] ?? 'Error';
  if (status === 204 || status === 304) return { status };
  if (host === 'id') return idError(status, `http.${status}`, reason);
  return apiError(requestId, status, camelCase(reason), reason);
}

/**
 * Sophos' 401 is terse: {"error": "Unauthorized", correlationId, requestId, createdAt} and no message, whatever
 * the reason (expired or revoked bearer, wrong tenant header). The sandbox says no more than the service.
 */
export function unauthorized(requestId: string): Reply {
  return {
    status: 401,
    json: { error: 'Unauthorized', correlationId: randomUUID(), requestId, createdAt: new Date().toISOString() },
  };
}

export function forbidden(requestId: string): Reply {
  return apiError(requestId, 403, 'forbidden', 'Access is denied');
}

export function badRequest(requestId: string, message: string): Reply {
  return apiError(requestId, 400, 'badRequest', message);
}

export function notFound(requestId: string, message: string): Reply {
  return apiError(requestId, 404, 'notFound', message);
}

/** A proxy's error page: what a client sees when something between it and Sophos fails. */
export function htmlPage(status: number): Reply {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return {
    status,
    html: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>sandbox-proxy</center></body></html>\n`,
  };
}

function camelCase(reason: string): string {
  const words = reason
    .replace(/[^A-Za-z0-9 ]/g, '')
    .split(' ')
    .filter(Boolean);
  return words
    .map((word, i) => (i === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
}

/** Sophos' page-number paging: page, pageSize (at most maxPageSize) and pageTotal. */
export interface PageRequest {
  page: number;
  size: number;
  withTotal: boolean;
}

/** Small on purpose: a client that forgets to page sees only part of a partner's tenants. */
export const defaultPageSize = 3;
export const maxPageSize = 100;

/** The paging the query asks for, or a problem to answer with 400. */
export function parsePaging(query: URLSearchParams): PageRequest | { problem: string } {
  const page = positiveInteger(query.get('page'), 1);
  const size = positiveInteger(query.get('pageSize'), defaultPageSize);
  if (page === undefined) return { problem: 'page must be a positive integer' };
  if (size === undefined || size > maxPageSize)
    return { problem: `pageSize must be an integer from 1 to ${maxPageSize}` };
  return { page, size, withTotal: query.get('pageTotal') === 'true' };
}

/** One page of items with Sophos' pages object; total (in pages) and items (in all) only with pageTotal. */
export function pageOf<T>(items: T[], paging: PageRequest): { pages: Record<string, number>; items: T[] } {
  const start = (paging.page - 1) * paging.size;
  const pages: Record<string, number> = { current: paging.page, size: paging.size, maxSize: maxPageSize };
  if (paging.withTotal) {
    pages.total = Math.max(1, Math.ceil(items.length / paging.size));
    pages.items = items.length;
  }
  return { pages, items: items.slice(start, start + paging.size) };
}

function positiveInteger(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  return /^[1-9]\d{0,5}$/.test(value) ? Number(value) : undefined;
}
