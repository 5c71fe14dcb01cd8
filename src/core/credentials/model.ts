/**
 * What the extension keeps about a credential and the tokens minted with it. Metadata only: the Client
 * Secret and token values live in the vault under the keys below, nowhere else.
 */
import type { IdType } from '../api';
import { addMonths, daysUntil } from './dates';
import type { IntegrationPermission } from './integration-types';
import type { ServiceRoleId } from './roles';

export interface WhoamiFacts {
  id: string;
  idType: IdType;
  /** The data-region API host; absent for partners and organizations. */
  dataRegionUrl?: string;
}

export interface TenantChoice {
  id: string;
  name?: string;
  dataRegion?: string;
}

export interface CredentialRecord extends LifecycleFields {
  /** Local id, stable across renames. */
  id: string;
  name: string;
  description?: string;
  role: ServiceRoleId;
  clientId: string;
  /** Day the credential was created in Sophos Central (YYYY-MM-DD). */
  createdOn: string;
  /** The expiry day Sophos Central shows (YYYY-MM-DD); older records have none: 36 months after createdOn. */
  expiresOn?: string;
  /** From the last successful test; absent until the credential has been tested. */
  whoami?: WhoamiFacts;
  /** Partners and organizations: the tenant that token commands act on. */
  tenant?: TenantChoice;
  lastTest?: { at: string; ok: boolean; message?: string };
}

/** How long an unused credential waits before it is suspended, then purged. */
export interface InactivityPolicy {
  suspendAfterDays: number;
  purgeAfterDays: number;
}

/**
 * The lifecycle (expiry, inactivity, suspension, warnings) of either kind of credential, stored under the same
 * names in both records, so one set of rules reads both.
 */
export interface LifecycleFields {
  /** ISO time it was added here; inactivity counts from it until first use. Older records fall back to createdOn. */
  addedAt?: string;
  /**
   * ISO time of the last successful use here (a request answered, a secret copied): the one "last use" every
   * screen shows (see credentialStatus). Written at most once a minute.
   */
  lastUsedAt?: string;
  suspended?: { at: string; reason: 'manual' | 'inactivity' };
  unsuspendedAt?: string;
  inactivityResetAt?: string;
  /** Integration credentials. Older versions also wrote it on API credentials: kept there, not applied. */
  inactivity?: InactivityPolicy;
  /** Lifecycle warnings already shown (see dueWarnings), so none is repeated. */
  warningsShown?: string[];
  /** Written by older versions, which purged credentials by themselves; read by nothing now (nothing is purged here). */
  purgeNotBefore?: string;
}

/** A third-party credential used by Sophos integrations (see integration-types.ts); its secret fields are in the vault. */
export interface IntegrationRecord extends LifecycleFields {
  id: string;
  name: string;
  description?: string;
  typeId: string;
  permissions: IntegrationPermission;
  /** Integration features allowed to use it, e.g. Data Ingestion, Response Action. */
  integrations: string[];
  /** The non-secret fields (URL, ids). */
  values: Record<string, string>;
  /** Optional expiration date (YYYY-MM-DD) from the vendor. */
  expiresOn?: string;
  /** When the user confirmed they understand the security implications of the credential. */
  acknowledgedAt: string;
}

export function integrationSecretKey(integrationId: string, fieldId: string): string {
  return `integration/${integrationId}/${fieldId}`;
}

export interface TokenRecord {
  /** Sophos' access token id. */
  id: string;
  credentialId: string;
  tenantId: string;
  label: string;
  type: string;
  createdAt?: string;
  expiresAt?: string | null;
  /**
   * Taken from a file by the "store in SecretStorage" quick fix rather than minted here: its id is ours
   * (`imported-…`), not Sophos', so Sophos Central cannot list or revoke it by that id.
   */
  imported?: boolean;
  /** Where the token was put (file and key, never the value), so a rotation knows every place to rewrite. */
  usedIn?: TokenUse[];
}

export interface TokenUse {
  /** The file as the user sees it: relative to its workspace folder when it has one, else absolute. */
  file: string;
  /** The key it went under; absent for a raw value put at the cursor. */
  key?: string;
  /** ISO time of the latest insertion there. */
  at: string;
}

export const credentialLifetimeMonths = 36;

export function clientSecretKey(credentialId: string): string {
  return `credential/${credentialId}/clientSecret`;
}

export function tokenValueKey(tokenId: string): string {
  return `token/${tokenId}`;
}

/** The day a Sophos API credential expires by default: 36 months after creation, clamped to the month's last day. */
export function credentialExpiresOn(createdOn: string): string {
  return addMonths(createdOn, credentialLifetimeMonths);
}

/** The expiry day of a stored API credential: the one the user entered, else created + 36 months. */
export function apiCredentialExpiresOn(credential: Pick<CredentialRecord, 'createdOn' | 'expiresOn'>): string {
  return credential.expiresOn ?? credentialExpiresOn(credential.createdOn);
}

/** "3 months", "12 days", "today", "expired 4 days ago": for tree descriptions and tooltips. */
export function describeExpiry(day: string, now: number): string {
  const days = daysUntil(day, now);
  if (days < 0) return `expired ${-days === 1 ? 'yesterday' : `${-days} days ago`}`;
  if (days === 0) return 'expires today';
  if (days < 60) return `expires in ${days} day${days === 1 ? '' : 's'}`;
  return `expires in ${Math.floor(days / 30.44)} months`;
}
