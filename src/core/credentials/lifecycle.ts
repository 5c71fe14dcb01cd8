/**
 * The lifecycle of a credential, as Sophos' Integration Credential Manager has it, as pure functions of the
 * credential's dates and a clock:
 *
 * - Expiry: a Sophos API credential expires 36 months after it was created; other credentials may carry an
 *   expiration date. Sophos sends no alert before an API credential expires, so warnings come at 90, 60, 30
 *   and 7 days before.
 * - Inactivity: a credential unused for its inactivity limit is suspended (default 6 months), and purged
 *   later (default 1 year). Activity is the latest of: added, last used, unsuspended, inactivity reset.
 *   Suspension is warned about 90 days before it is due; purge at 90, 60, 30 and 7 days before.
 * - Each warning is shown once per threshold: its key records that it was shown.
 */
import { addDays, daysUntil } from './dates';

export interface InactivityPolicy {
  suspendAfterDays: number;
  purgeAfterDays: number;
}

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
  if (!suspendChoices.some((choice) => choice.days === policy.suspendAfterDays)) return 'Suspend after 1, 3 or 6 months, or 1 year.';
  if (!purgeChoices.some((choice) => choice.days === policy.purgeAfterDays)) return 'Purge after 6 months, 1 year or 2 years.';
  if (policy.purgeAfterDays <= policy.suspendAfterDays) return 'A credential must be purged later than it is suspended.';
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
  policy: InactivityPolicy;
}

export const expiryWarningDays = [90, 60, 30, 7] as const;
export const purgeWarningDays = [90, 60, 30, 7] as const;
export const suspensionWarningDays = [90] as const;

export interface LifecycleState {
  /** The day inactivity started counting from (YYYY-MM-DD). */
  activeSince: string;
  suspendOn: string;
  purgeOn: string;
  daysToExpiry?: number;
  daysToSuspension: number;
  daysToPurge: number;
  expired: boolean;
  /** What should happen now without the user: suspend (inactive long enough) or purge. */
  due?: 'suspend' | 'purge';
}

export function lifecycleState(facts: LifecycleFacts, now: number): LifecycleState {
  const activity = [facts.addedAt, facts.lastUsedAt, facts.unsuspendedAt, facts.inactivityResetAt].filter((time): time is string => !!time).sort().at(-1)!;
  const activeSince = activity.slice(0, 10);
  const suspendOn = addDays(activeSince, facts.policy.suspendAfterDays);
  const purgeOn = addDays(activeSince, facts.policy.purgeAfterDays);
  const daysToSuspension = daysUntil(suspendOn, now);
  const daysToPurge = daysUntil(purgeOn, now);
  const daysToExpiry = facts.expiresOn === undefined ? undefined : daysUntil(facts.expiresOn, now);
  const due = daysToPurge <= 0 ? 'purge' : daysToSuspension <= 0 && !facts.suspended ? 'suspend' : undefined;
  return {
    activeSince,
    suspendOn,
    purgeOn,
    daysToExpiry,
    daysToSuspension,
    daysToPurge,
    expired: daysToExpiry !== undefined && daysToExpiry < 0,
    ...(due ? { due } : {}),
  };
}

export interface LifecycleWarning {
  kind: 'expiry' | 'suspension' | 'purge';
  /** The threshold crossed (90, 60, 30 or 7 days). */
  threshold: number;
  daysLeft: number;
  on: string;
  /** Remembered once shown, so the warning is not repeated; a new date (reset, unsuspend) gives a new key. */
  key: string;
}

/**
 * The warnings due now that have not been shown. Only the tightest threshold crossed is returned per kind
 * (a credential found at 20 days gets the 30-day warning, not 90, 60 and 30 at once).
 */
export function dueWarnings(facts: LifecycleFacts, now: number, shown: ReadonlySet<string>): LifecycleWarning[] {
  const state = lifecycleState(facts, now);
  const warnings: LifecycleWarning[] = [];
  const consider = (kind: LifecycleWarning['kind'], thresholds: readonly number[], daysLeft: number | undefined, on: string | undefined) => {
    if (daysLeft === undefined || on === undefined || daysLeft < 0) return;
    const crossed = thresholds.filter((threshold) => daysLeft <= threshold);
    if (crossed.length === 0) return;
    const threshold = Math.min(...crossed);
    const key = `${kind}:${on}:${threshold}`;
    if (!shown.has(key)) warnings.push({ kind, threshold, daysLeft, on, key });
  };
  consider('expiry', expiryWarningDays, state.daysToExpiry, facts.expiresOn);
  if (!facts.suspended) consider('suspension', suspensionWarningDays, state.daysToSuspension, state.suspendOn);
  consider('purge', purgeWarningDays, state.daysToPurge, state.purgeOn);
  return warnings;
}

/** The lifecycle facts of a stored Sophos API credential. */
export function factsOf(credential: {
  createdOn?: string;
  addedAt?: string;
  lastUsedAt?: string;
  unsuspendedAt?: string;
  inactivityResetAt?: string;
  suspended?: unknown;
  inactivity?: InactivityPolicy;
}, expiresOn: string | undefined): LifecycleFacts {
  return {
    expiresOn,
    addedAt: credential.addedAt ?? `${credential.createdOn ?? '1970-01-01'}T00:00:00.000Z`,
    ...(credential.lastUsedAt ? { lastUsedAt: credential.lastUsedAt } : {}),
    ...(credential.unsuspendedAt ? { unsuspendedAt: credential.unsuspendedAt } : {}),
    ...(credential.inactivityResetAt ? { inactivityResetAt: credential.inactivityResetAt } : {}),
    suspended: credential.suspended !== undefined,
    policy: credential.inactivity ?? defaultInactivityPolicy,
  };
}
