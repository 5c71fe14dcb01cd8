/**
 * The argument object each command takes when it is called (another extension, a keybinding, a test): one schema
 * per command, checked once when the command is invoked (invocation.ts). What a value must mean (a UUID, a label
 * Sophos accepts, a free name) is checked by the domain; here only what is given, and of which type. Keys a
 * schema does not name are dropped, so a look-alike tree node is just an argument object with extra keys.
 */
import * as z from 'zod/mini';
import { serviceRoles, type ServiceRoleId } from '../../core/credentials';
import type { CommandId, InternalCommandId } from '../command-ids';

const text = z.string();
const optionalText = z.optional(z.string());
/** A credential of either kind, by id or by name (any case). */
const credential = { credential: text };
const nothing = z.object({});
const roleIds = serviceRoles.map((role) => role.id) as [ServiceRoleId, ...ServiceRoleId[]];
const days = z.number().check(z.positive());
const inactivity = z.object({ suspendAfterDays: days, purgeAfterDays: days });
const fieldValues = z.optional(z.record(z.string(), z.string()));
/** What an integration credential's call may give, adding or editing it. */
const integrationDetails = {
  description: optionalText,
  permissions: z.optional(z.enum(['read', 'write'])),
  integrations: z.optional(z.array(z.string())),
  inactivity: z.optional(inactivity),
  expiresOn: optionalText,
  values: fieldValues,
  secrets: fieldValues,
};

export const commandArgs = {
  addCredential: z.object({
    name: text,
    clientId: text,
    clientSecret: text,
    role: z.optional(z.enum(roleIds)),
    description: optionalText,
    createdOn: optionalText,
    expiresOn: optionalText,
    /** false: save it without signing in first. */
    test: z.optional(z.boolean()),
  }),
  testCredential: z.object(credential),
  editCredential: z.object({
    ...credential,
    name: optionalText,
    // An API credential's (its description is below):
    role: z.optional(z.enum(roleIds)),
    clientSecret: optionalText,
    /** false: replace the secret without signing in with the new one first. */
    test: z.optional(z.boolean()),
    // An integration credential's:
    ...integrationDetails,
  }),
  deleteCredential: z.object(credential),
  copyClientId: z.object(credential),
  selectTenant: z.object({ ...credential, tenantId: text }),
  createSlsToken: z.object({ ...credential, label: optionalText, expiresAt: optionalText, tenantId: optionalText }),
  copyToken: z.object({ tokenId: text }),
  updateToken: z.object({ tokenId: text, credential: optionalText, label: optionalText, expiresAt: optionalText }),
  revokeToken: z.object({ tokenId: text, credential: optionalText }),
  rotateSlsToken: z.object({ tokenId: text, credential: optionalText }),
  refresh: nothing,
  refreshTokens: nothing,
  showLogs: nothing,
  suspendCredential: z.object(credential),
  unsuspendCredential: z.object(credential),
  resetInactivity: z.object(credential),
  setInactivityLimit: z.object({
    ...credential,
    suspendAfterDays: z.optional(days),
    purgeAfterDays: z.optional(days),
  }),
  openCredential: z.object(credential),
  insertTokenAtCursor: z.object({
    tokenId: text,
    key: optionalText,
    /** On an empty line of a config file: a `KEY=value` line in the file's syntax rather than the bare value. */
    asLine: z.optional(z.boolean()),
    gitignore: z.optional(z.enum(['add', 'insertAnyway', 'cancel'])),
  }),
  insertTokenIntoFile: z.object({
    tokenId: optionalText,
    file: optionalText,
    key: optionalText,
    format: optionalText,
    gitignore: z.optional(z.enum(['add', 'insertAnyway', 'cancel'])),
  }),
  addIntegrationCredential: z.object({
    type: text,
    name: text,
    acknowledge: z.optional(z.boolean()),
    ...integrationDetails,
  }),
  copyIntegrationSecret: z.object({ ...credential, field: text }),
  copyForConnectorProfile: z.object({ ...credential, copy: z.optional(z.enum(['clientId', 'clientSecret'])) }),
  /** A call gives the secret: nothing is asked. */
  enterSecret: z.object({ ...credential, clientSecret: text }),
  /** A new file: a call never replaces one. */
  exportMetadata: z.object({ file: text }),
  importMetadata: z.object({ file: text }),
  /** quiet: no notification or Problems view at the end (the result is returned). */
  scanWorkspace: z.object({ quiet: z.optional(z.boolean()) }),
  storeTokenFromFile: z.object({
    uri: text,
    start: z.int().check(z.nonnegative()),
    end: z.int().check(z.nonnegative()),
    credential: optionalText,
    label: optionalText,
  }),
  /** Only our quick fix stores a Client Secret found in a file: a call is refused, whatever it passes. */
  storeClientSecretFromFile: nothing,
  checkLifecycle: nothing,
} satisfies Record<keyof typeof CommandId | keyof typeof InternalCommandId, z.ZodMiniType>;

export type CommandName = keyof typeof commandArgs;
export type Args<Name extends CommandName> = z.infer<(typeof commandArgs)[Name]>;
