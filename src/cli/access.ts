/** A current bearer and the tenant it is for: what `token` prints and `run` hands to a program. */
import type { WhoAmI } from '../core/api';
import { stringOption, type CommandContext } from './command';
import { resolveTenant, type TenantTarget } from './tenant-choice';

export interface Access {
  bearer: string;
  /** Epoch ms. */
  expiresAt?: number;
  me: WhoAmI;
  tenant?: TenantTarget;
  /** Where this bearer's calls go: the tenant's data-region host, else the global host. */
  apiHost: string;
}

export async function currentAccess(context: CommandContext): Promise<Access> {
  const client = await context.client();
  const { me, tenant } = await resolveTenant(client, stringOption(context.values, 'tenant'));
  const { token: bearer, expiresAt } = await client.auth.signIn();
  return {
    bearer,
    expiresAt,
    me,
    tenant,
    apiHost: tenant?.apiHost ?? me.apiHosts.global,
  };
}

/** The variables `token --format env` prints and `run` sets; the Client Secret is never among them. */
export function accessVariables(access: Access): Record<string, string> {
  const variables: Record<string, string> = { SOPHOS_ACCESS_TOKEN: access.bearer };
  if (access.tenant) variables.SOPHOS_TENANT_ID = access.tenant.id;
  else if (access.me.idType === 'partner') variables.SOPHOS_PARTNER_ID = access.me.id;
  else if (access.me.idType === 'organization') variables.SOPHOS_ORGANIZATION_ID = access.me.id;
  variables.SOPHOS_API_HOST = access.apiHost;
  return variables;
}
