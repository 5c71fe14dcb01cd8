/**
 * The lifecycle of a credential, as pure functions of the credential's dates and a clock:
 *
 * - Expiry: a Sophos API credential expires on the day Sophos Central shows (36 months after it was created
 *   unless the user entered another day); other credentials may carry an expiration date. Sophos sends no alert
 *   before an API credential expires, so warnings come at 90, 60, 30 and 7 days before.
 * - Inactivity applies to integration credentials only, as in Sophos' Integration Credential Manager: unused
 *   for its limit (default 6 months) it is suspended here, and at its purge limit (default 1 year) Sophos
 *   Central has probably purged it. Nothing is ever deleted here: "probably purged" is a state the user acts on
 *   (test, delete, keep). An API credential has no inactivity limit: its use in this editor is not its use (a
 *   SIEM may use it all day), so it is never suspended or marked for its inactivity here.
 * - Activity is the latest of: added, last used, unsuspended, inactivity reset (Keep is a reset). Suspension is
 *   warned about 90 days before it is due; the purge at 90, 60, 30 and 7 days before, then once when due.
 * - Each warning is shown once per threshold: its key records that it was shown.
 */
import { addDays, daysUntil } from './dates';
import {
  apiCredentialExpiresOn,
  type CredentialRecord,
  type InactivityPolicy,
  type IntegrationRecord,
  type LifecycleFields,
} from './model';

export type { InactivityPolicy } from './model';

export const defaultInactivityPolicy: InactivityPolicy = { suspendAfterDays: 182, purgeAfterDays: 365 };

/** The choices offered, up to suspension after 1 year and purge after 2 years. */
export const suspendChoices = [
  { days: 30, label: '1 month' },
  { days: 91, label: '3 months' },
  { days: 182, label: '6 months' },
  { days: 365, label: '1 year' },
] as const;
export const purgeChoices = [
  { days: 182, label: '6 months' },
  { days: 365, label: '1 year' },
  { days: 730, label: '2 years' },
] as const;

export function policyProblem(policy: InactivityPolicy): string | undefined {
  if (!suspendChoices.some((choice) => choice.days === policy.suspendAfterDays))
    return 'Suspend after 1, 3 or 6 months, or 1 year.';
  if (!purgeChoices.some((choice) => choice.days === policy.purgeAfterDays))
    return 'Purge after 6 months, 1 year or 2 years.';
  if (policy.purgeAfterDays <= policy.suspendAfterDays)
    return 'A credential must be purged later than it is suspended.';
  return undefined;
}

export interface LifecycleFacts {
  /** YYYY-MM-DD; undefined for a credential that never expires. */
  expiresOn?: string;
  /** ISO times. */
  addedAt: string;
  lastUsedAt?: string;
  unsuspendedAt?: string;
  inactivityResetAt?: string;
  suspended: boolean;
  /** The inactivity limit; undefined when inactivity does not apply (API credentials). */
  policy?: InactivityPolicy;
}

export const expiryWarningDays = [90, 60, 30, 7] as const;
export const purgeWarningDays = [90, 60, 30, 7] as const;
export const suspensionWarningDays = [90] as const;

export interface LifecycleState {
  /** The day inactivity started counting from (YYYY-MM-DD). */
  activeSince: string;
  daysToExpiry?: number;
  expired: boolean;
  /** Only where inactivity applies (integration credentials). */
  suspendOn?: string;
  purgeOn?: string;
  daysToSuspension?: number;
  daysToPurge?: number;
  /** Past its purge limit: Sophos Central has probably purged it. Nothing here is deleted for it. */
  probablyPurged: boolean;
  /** The only thing that happens without the user: suspension for inactivity (a local block, undone by unsuspending). */
  due?: 'suspend';
}

export function lifecycleState(facts: LifecycleFacts, now: number): LifecycleState {
  const activity = [facts.addedAt, facts.lastUsedAt, facts.unsuspendedAt, facts.inactivityResetAt]
    .filter((time): time is string => !!time)
    .sort()
    .at(-1)!;
  const activeSince = activity.slice(0, 10);
  const daysToExpiry = facts.expiresOn === undefined ? undefined : daysUntil(facts.expiresOn, now);
  const expiry = { activeSince, daysToExpiry, expired: daysToExpiry !== undefined && daysToExpiry < 0 };
  if (!facts.policy) return { ...expiry, probablyPurged: false };
  const suspendOn = addDays(activeSince, facts.policy.suspendAfterDays);
  const purgeOn = addDays(activeSince, facts.policy.purgeAfterDays);
  const daysToSuspension = daysUntil(suspendOn, now);
  const daysToPurge = daysUntil(purgeOn, now);
  return {
    ...expiry,
    suspendOn,
    purgeOn,
    daysToSuspension,
    daysToPurge,
    probablyPurged: daysToPurge <= 0,
    ...(daysToSuspension <= 0 && !facts.suspended ? { due: 'suspend' as const } : {}),
  };
}

export interface LifecycleWarning {
  /** `probablyPurged`: the purge limit has passed (daysLeft 0 or less); shown once per purge day. */
  kind: 'expiry' | 'suspension' | 'purge' | 'probablyPurged';
  /** The threshold crossed (90, 60, 30 or 7 days; 0 for probablyPurged). */
  threshold: number;
  daysLeft: number;
  on: string;
  /** Remembered once shown, so the warning is not repeated; a new date (reset, keep, unsuspend) gives a new key. */
  key: string;
}

/**
 * The warnings due now that have not been shown. Only the tightest threshold crossed is returned per kind
 * (a credential found at 20 days gets the 30-day warning, not 90, 60 and 30 at once).
 */
export function dueWarnings(facts: LifecycleFacts, now: number, shown: ReadonlySet<string>): LifecycleWarning[] {
  const state = lifecycleState(facts, now);
  const warnings: LifecycleWarning[] = [];
  const consider = (
    kind: LifecycleWarning['kind'],
    thresholds: readonly number[],
    daysLeft: number | undefined,
    on: string | undefined,
  ) => {
    if (daysLeft === undefined || on === undefined || daysLeft < 0) return;
    const crossed = thresholds.filter((threshold) => daysLeft <= threshold);
    if (crossed.length === 0) return;
    const threshold = Math.min(...crossed);
    const key = `${kind}:${on}:${threshold}`;
    if (!shown.has(key)) warnings.push({ kind, threshold, daysLeft, on, key });
  };
  consider('expiry', expiryWarningDays, state.daysToExpiry, facts.expiresOn);
  if (state.probablyPurged) {
    const key = `probablyPurged:${state.purgeOn}`;
    if (!shown.has(key))
      warnings.push({ kind: 'probablyPurged', threshold: 0, daysLeft: state.daysToPurge!, on: state.purgeOn!, key });
    return warnings;
  }
  if (!facts.suspended) consider('suspension', suspensionWarningDays, state.daysToSuspension, state.suspendOn);
  if (state.daysToPurge !== undefined && state.daysToPurge > 0)
    consider('purge', purgeWarningDays, state.daysToPurge, state.purgeOn);
  return warnings;
}

/**
 * The lifecycle facts of a stored credential. `inactivity`: whether the inactivity limit applies (integration
 * credentials); an API credential's stored limit, from older versions, is kept but not applied.
 */
export function factsOf(
  entry: LifecycleFields & { createdOn?: string },
  expiresOn: string | undefined,
  inactivity: boolean,
): LifecycleFacts {
  return {
    expiresOn,
    addedAt: entry.addedAt ?? `${entry.createdOn ?? '1970-01-01'}T00:00:00.000Z`,
    ...(entry.lastUsedAt ? { lastUsedAt: entry.lastUsedAt } : {}),
    ...(entry.unsuspendedAt ? { unsuspendedAt: entry.unsuspendedAt } : {}),
    ...(entry.inactivityResetAt ? { inactivityResetAt: entry.inactivityResetAt } : {}),
    suspended: entry.suspended !== undefined,
    ...(inactivity ? { policy: entry.inactivity ?? defaultInactivityPolicy } : {}),
  };
}

/** Which rules apply to which kind of credential, in one place: inactivity for integration credentials only. */
export function entryFacts(entry: CredentialRecord | IntegrationRecord): LifecycleFacts {
  return 'typeId' in entry
    ? factsOf(entry, entry.expiresOn, true)
    : factsOf(entry, apiCredentialExpiresOn(entry), false);
}
