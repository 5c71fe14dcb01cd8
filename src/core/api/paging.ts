/** Sophos Central's two paging styles, read to the end: shared by every list the client and the CLI's `api` read. */
import { SophosApiError, type Operation, type RequestScope } from './errors';
import type { Pages } from './schemas';
import { originOf } from './transport';

/** A safety stop for paging loops, far above any real account (200 pages of 50 is 10,000 tenants). */
export const maxPages = 200;

/**
 * Every item of a paged list. The server may page by number (pages.current / total / items / size) or by key
 * (pages.nextKey, asked for with pageFromKey), and may choose a smaller page than asked for: a short page ends
 * the list only when it is short of the size the server itself uses. A page that brings nothing new ends it too
 * (a server that ignores the page asked for), and maxPages stops a server that never stops announcing more.
 */
/** Which page to ask for: the n-th by number, or (key paging) the one after `fromKey`. */
export interface PageAt {
  page: number;
  fromKey?: string;
}

export async function collectPages<T>(
  fetchPage: (at: PageAt) => Promise<{ pages?: Pages; items: T[] }>,
  options: { operation: Operation; baseUrl: string; scope?: RequestScope; keyOf?: (item: T) => string },
): Promise<T[]> {
  const { operation, baseUrl, scope } = options;
  const keyOf = options.keyOf ?? idOf;
  const items: T[] = [];
  const seen = new Set<string>();
  let fromKey: string | undefined;
  let serverSize: number | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const reply = await fetchPage(fromKey === undefined ? { page } : { page, fromKey });
    const fresh = reply.items.filter((item) => !seen.has(keyOf(item)));
    for (const item of fresh) {
      seen.add(keyOf(item));
      items.push(item);
    }
    const pages = reply.pages ?? {};
    // Without pages.size, the first full page tells the size the server uses.
    serverSize ??= pages.size ?? (reply.items.length > 0 ? reply.items.length : undefined);
    const nextKey = pages.nextKey || undefined;
    const more =
      nextKey !== undefined
        ? nextKey !== fromKey
        : fromKey !== undefined
          ? false
          : pages.total !== undefined
            ? (pages.current ?? page) < pages.total
            : pages.items !== undefined
              ? items.length < pages.items
              : serverSize !== undefined && reply.items.length >= serverSize;
    if (!more || fresh.length === 0) return items;
    fromKey = nextKey;
  }
  const host = originOf(baseUrl);
  throw new SophosApiError(
    'badReply',
    `${host} still announced more after ${maxPages} pages (${items.length} items so far); the list was stopped there rather than shown incomplete. Try again; if it persists, report it.`,
    { operation, host, scope },
  );
}

/** An item's identity for spotting a page that repeats: its id, else its whole content. */
function idOf(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : JSON.stringify(item);
}
