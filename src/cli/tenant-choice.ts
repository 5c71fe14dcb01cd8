/**
 * Which tenant (or tenants) a command acts on, from --tenant ID-or-NAME, --tenants PATTERN or --all-tenants,
 * and the host and header that tenant's calls need.
 */
import {
  callerScope,
  invalidInput,
  tenantSchema,
  type SophosCentralClient,
  type Tenant,
  type WhoAmI,
} from '../core/api';
import { plainText } from './output';

/** A tenant as a command uses it: its id as Sophos gave it, its name and the data-region host its calls go to. */
export interface TenantTarget {
  id: string;
  name?: string;
  apiHost?: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant --tenant names: an id (one lookup for its host) or a name (the tenant list, every page). A tenant
 * credential acts on its own tenant only. Undefined when a partner or organization named none.
 */
export async function resolveTenant(
  client: SophosCentralClient,
  given: string | undefined,
): Promise<{ me: WhoAmI; tenant?: TenantTarget }> {
  const me = await client.whoami();
  if (me.idType === 'tenant') {
    const own = { id: me.id, apiHost: me.apiHosts.dataRegion ?? undefined };
    if (given !== undefined && given.toLowerCase() !== me.id.toLowerCase())
      throw invalidInput(`This credential belongs to tenant ${me.id}; it cannot act on tenant "${given}".`);
    return { me, tenant: own };
  }
  if (given === undefined) return { me };
  if (uuidPattern.test(given)) return { me, tenant: await oneTenant(client, me, given) };
  const matches = (await client.tenants()).filter(
    (tenant) =>
      tenant.name?.toLowerCase() === given.toLowerCase() || tenant.showAs?.toLowerCase() === given.toLowerCase(),
  );
  if (matches.length === 0)
    throw invalidInput(
      `No tenant is named "${given}". "sophos-central tenants" lists them; --tenant takes a name or an id.`,
    );
  if (matches.length > 1)
    throw invalidInput(
      `${matches.length} tenants are named "${given}": ${matches.map((tenant) => `${tenant.id} (${plainText(tenant.name ?? '')})`).join(', ')}. Give the id instead: --tenant ID.`,
    );
  return { me, tenant: targetOf(matches[0]!) };
}

async function oneTenant(client: SophosCentralClient, me: WhoAmI, id: string): Promise<TenantTarget> {
  const tenant = await client.request({
    operation: 'tenants',
    method: 'GET',
    url: `${me.apiHosts.global}/${me.idType}/v1/tenants/${encodeURIComponent(id)}`,
    scope: callerScope(me),
    schema: tenantSchema,
  });
  return targetOf(tenant);
}

export function targetOf(tenant: Tenant): TenantTarget {
  return { id: tenant.id, name: tenant.name, apiHost: tenant.apiHost };
}

/** Every tenant whose name or id matches the shell-style pattern (* ? [abc], case-insensitive); all with undefined. */
export async function tenantsMatching(client: SophosCentralClient, pattern: string | undefined): Promise<Tenant[]> {
  const all = await client.tenants();
  if (pattern === undefined) return all;
  const matcher = wildcard(pattern);
  return all.filter((tenant) => matcher.test(tenant.id) || (tenant.name !== undefined && matcher.test(tenant.name)));
}

/** A shell wildcard as a whole-string regular expression. */
export function wildcard(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const end = pattern.indexOf(']', index + 2);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(index + 1, end).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}
