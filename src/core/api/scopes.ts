/** Which account header a request carries: the caller's own, or the tenant a call acts on. */
import { invalidInput, type RequestScope } from './errors';
import type { WhoAmI } from './schemas';

/** The header a credential sends on calls about itself: a partner's or organization's id, or its own tenant. */
export function callerScope(me: WhoAmI): RequestScope {
  const header =
    me.idType === 'partner' ? 'X-Partner-ID' : me.idType === 'organization' ? 'X-Organization-ID' : 'X-Tenant-ID';
  return { header, id: me.id, caller: me.idType };
}

/**
 * The tenant a call acts on: a tenant credential's own (naming another is refused), or the one a partner or
 * organization names (its case kept); a partner that names none is told how to choose.
 */
export function tenantScope(me: WhoAmI, requested: string | undefined): RequestScope {
  if (me.idType === 'tenant') {
    if (requested && requested.toLowerCase() !== me.id.toLowerCase())
      throw invalidInput(`This credential belongs to tenant ${me.id}; it cannot act on tenant ${requested}.`);
    return { header: 'X-Tenant-ID', id: me.id, caller: 'tenant' };
  }
  if (!requested)
    throw invalidInput(
      `This is ${me.idType === 'partner' ? 'a partner' : 'an organization'} credential: choose the tenant to act on (in VS Code: Select Tenant; in the CLI: --tenant ID, listed by "tenants").`,
    );
  return { header: 'X-Tenant-ID', id: requested, caller: me.idType };
}
