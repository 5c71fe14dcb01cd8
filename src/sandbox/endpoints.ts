/**
 * A tenant's endpoints for the data-region Endpoint API (GET /endpoint/v1/endpoints), which pages by key as
 * Sophos documents: `pageFromKey` asks, `pages.fromKey` / `pages.nextKey` answer, `pages.size` / `pages.maxSize`
 * say the page size; the last page has no nextKey. Every tenant has the same number of machines, made from its id.
 */
import { createHash } from 'node:crypto';

export const endpointsPerTenant = 7;
export const endpointsMaxPageSize = 500;
const defaultEndpointPageSize = 50;

/** A stable UUID-shaped id from a name, so the same tenant always has the same machines. */
function stableId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function endpointsOf(tenantId: string): object[] {
  const tenant = tenantId.toLowerCase();
  return Array.from({ length: endpointsPerTenant }, (_, index) => ({
    id: stableId(`${tenant}/${index}`),
    type: index === 0 ? 'server' : 'computer',
    tenant: { id: tenantId },
    hostname: `${index === 0 ? 'srv' : 'ws'}-${tenant.slice(0, 4)}-${String(index + 1).padStart(2, '0')}`,
    health: { overall: 'good', threats: { status: 'good' }, services: { status: 'good' } },
    os:
      index === 0
        ? { isServer: true, platform: 'linux', name: 'Ubuntu', majorVersion: 22, minorVersion: 4 }
        : { isServer: false, platform: 'windows', name: 'Windows 11 Enterprise', majorVersion: 10, minorVersion: 0 },
    ipv4Addresses: [`10.0.0.${index + 10}`],
    tamperProtectionEnabled: true,
    lastSeenAt: '2026-01-01T00:00:00.000Z',
  }));
}

/** One page by key: the key is where the page starts, opaque to the client. */
export function endpointPage(
  tenantId: string,
  query: URLSearchParams,
): { reply: { items: object[]; pages: Record<string, unknown> } } | { problem: string } {
  const requested = query.get('pageSize');
  const size = requested === null ? defaultEndpointPageSize : Number(requested);
  if (!Number.isInteger(size) || size < 1 || size > endpointsMaxPageSize)
    return { problem: `pageSize must be an integer from 1 to ${endpointsMaxPageSize}` };
  const fromKey = query.get('pageFromKey');
  const start = fromKey === null ? 0 : keyToOffset(fromKey);
  if (start === undefined) return { problem: 'pageFromKey is not a key this API gave' };
  const all = endpointsOf(tenantId);
  const items = all.slice(start, start + size);
  const pages: Record<string, unknown> = { size, maxSize: endpointsMaxPageSize };
  if (fromKey !== null) pages.fromKey = fromKey;
  if (start + size < all.length) pages.nextKey = offsetToKey(start + size);
  return { reply: { items, pages } };
}

function offsetToKey(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function keyToOffset(key: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(key, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
