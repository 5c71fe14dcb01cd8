/**
 * Credentials without their secrets, to move to a new machine or a teammate: a JSON file (Export / Import
 * Credentials) and the metadata Settings Sync carries. The same names, Client IDs, roles, tenants and dates
 * as the store keeps, never a secret, a token or a request log. Importing adds what is missing and never
 * overwrites a credential that is already here; what it leaves out is reported with the reason.
 */
import * as z from 'zod/mini';
import { isUuid } from '../api';
import type { Credentials } from './credentials';
import type { CredentialRecord } from './model';
import { serviceRoles, type ServiceRoleId } from './roles';

export const credentialsFileFormat = 'sophos-central-credentials/v1';

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const uuid = z.string().check(z.refine(isUuid, 'not a UUID'));
const exportedCredentialSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  description: z.optional(z.string().check(z.maxLength(2000))),
  role: z.enum(serviceRoles.map((role) => role.id) as [ServiceRoleId, ...ServiceRoleId[]]),
  clientId: uuid,
  createdOn: day,
  expiresOn: z.optional(day),
  tenant: z.optional(
    z.object({
      id: uuid,
      name: z.optional(z.string().check(z.maxLength(500))),
      dataRegion: z.optional(z.string().check(z.maxLength(100))),
    }),
  ),
});
export type ExportedCredential = z.infer<typeof exportedCredentialSchema>;

export const credentialsFileSchema = z.object({
  format: z.literal(credentialsFileFormat),
  credentials: z.array(exportedCredentialSchema).check(z.maxLength(1000)),
});
export type CredentialsFile = z.infer<typeof credentialsFileSchema>;

/** Only the fields that describe a credential: nothing secret, nothing about this machine's use of it. */
export function exportCredentials(list: readonly CredentialRecord[]): CredentialsFile {
  return {
    format: credentialsFileFormat,
    credentials: list.map((credential) => {
      // Not whoami: the hosts a bearer goes to are read from Sophos at the first sign-in here, never from a file.
      const { id, name, description, role, clientId, createdOn, expiresOn, tenant } = credential;
      return withoutUndefined({ id, name, description, role, clientId, createdOn, expiresOn, tenant });
    }),
  };
}

export interface ImportReport {
  added: string[];
  skipped: { name: string; reason: string }[];
}

/** Adds the credentials of a file (or synced metadata) that are not here; each without its secret. */
export async function importCredentials(credentials: Credentials, raw: unknown): Promise<ImportReport> {
  const parsed = credentialsFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error('This is not a credentials file exported by Sophos Central Credentials (or it is damaged).');
  const report: ImportReport = { added: [], skipped: [] };
  const now = new Date().toISOString();
  const withoutSecret = new Set(await credentials.secrets.missing());
  for (const entry of parsed.data.credentials) {
    const here = credentials.get(entry.id);
    const hasSecret = here && !withoutSecret.has(here.id);
    const problem = here
      ? hasSecret
        ? 'it is here with its secret: kept as it is'
        : 'it is here already'
      : credentials.nameProblem(entry.name)
        ? `a credential named "${entry.name}" is here already`
        : undefined;
    if (problem) {
      report.skipped.push({ name: entry.name, reason: problem });
      continue;
    }
    const { id, ...fields } = entry;
    await credentials.addWithoutSecret({ ...withoutUndefined(fields), addedAt: now }, id);
    report.added.push(entry.name);
  }
  return report;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
