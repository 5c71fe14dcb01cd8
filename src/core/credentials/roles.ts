/**
 * The Service Principal roles of Sophos Central. The API never says which role a credential has, so the user
 * records it; it decides what the extension offers and explains a 403.
 */
export const serviceRoles = [
  {
    id: 'superAdmin',
    label: 'Super Admin',
    detail:
      'Every API operation with full create, read, update and delete, including Live Discover queries. Needed to mint SLS tokens.',
  },
  {
    id: 'management',
    label: 'Management',
    detail: 'View and manage admins, roles, endpoints and security policies; cannot run or view queries.',
  },
  {
    id: 'forensics',
    label: 'Forensics',
    detail: 'Create, view, run and delete Live Discover queries.',
  },
  {
    id: 'readOnly',
    label: 'Read-Only',
    detail: 'View everything in the account, including alerts and the health check; change nothing, run no queries.',
  },
  {
    id: 'directorySync',
    label: 'Directory Sync',
    detail: 'Synchronise users and groups from a directory service.',
  },
  {
    id: 'firewall',
    label: 'Firewall',
    detail: 'Manage Sophos Firewalls through Central.',
  },
] as const;

export type ServiceRoleId = (typeof serviceRoles)[number]['id'];

export function isServiceRoleId(value: unknown): value is ServiceRoleId {
  return serviceRoles.some((role) => role.id === value);
}

export function roleLabel(role: ServiceRoleId): string {
  return `Service Principal ${serviceRoles.find((candidate) => candidate.id === role)?.label ?? role}`;
}

/** Minting and revoking SLS tokens needs Super Admin; the extension says so before a 403 does. */
export function canManageAccessTokens(role: ServiceRoleId): boolean {
  return role === 'superAdmin';
}
