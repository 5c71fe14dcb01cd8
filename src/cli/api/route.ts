/**
 * Where an `api` call goes and which account header it carries, from its path: whoami, the partner and
 * organization APIs and the access tokens live on the global host; everything else is a tenant's, on that
 * tenant's data-region host with X-Tenant-ID.
 */
import { callerScope, invalidInput, type RequestScope, type WhoAmI } from '../../core/api';
import type { TenantTarget } from '../tenant-choice';

export interface Route {
  url: string;
  scope?: RequestScope;
  /** A page-number list Sophos documents (tenants, access tokens): --paginate asks for totals up front. */
  pagesByNumber: boolean;
}

const tenantGlobalApis = new Set(['accounts']);
const callerGlobalApis = new Set(['partner', 'organization']);

/** Whether the path acts on one tenant (and so needs --tenant, --tenants or --all-tenants from a partner). */
export function actsOnTenant(path: string): boolean {
  const api = apiOf(path);
  return api !== 'whoami' && !callerGlobalApis.has(api);
}

function apiOf(path: string): string {
  return path.split(/[/?]/)[1] ?? '';
}

export function routeFor(path: string, me: WhoAmI, tenant: TenantTarget | undefined): Route {
  const api = apiOf(path);
  const global = me.apiHosts.global;
  if (api === 'whoami') return { url: `${global}${path}`, pagesByNumber: false };
  if (callerGlobalApis.has(api)) return { url: `${global}${path}`, scope: callerScope(me), pagesByNumber: true };
  if (!tenant)
    throw invalidInput(
      `${path} acts on a tenant: this ${me.idType} credential has to name it with --tenant ID-or-NAME, or run it for several with --tenants PATTERN or --all-tenants.`,
    );
  const scope: RequestScope = { header: 'X-Tenant-ID', id: tenant.id, caller: me.idType };
  if (tenantGlobalApis.has(api)) return { url: `${global}${path}`, scope, pagesByNumber: true };
  const host = tenant.apiHost ?? me.apiHosts.dataRegion;
  if (!host)
    throw invalidInput(`Tenant ${tenant.id} has no API host in the tenant list, so its data region is unknown.`);
  return { url: `${host}${path}`, scope, pagesByNumber: false };
}
