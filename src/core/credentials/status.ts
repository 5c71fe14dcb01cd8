/**
 * A credential's status: the one health, "needs attention" and "last use" that the tree, the view's badge, the
 * status bar and the details page all show. Nothing else decides them. The rules, first match wins:
 *
 * | health            | when                                                                                 |
 * |-------------------|--------------------------------------------------------------------------------------|
 * | Red               | probably purged in Sophos Central; suspended; expired; its secret is missing; the    |
 * |                   | latest sign-in was refused; the last test failed and nothing succeeded since; or     |
 * |                   | every request of the last 7 days failed                                              |
 * | Yellow            | it expires, or is suspended for inactivity, within 90 days (from its first lifecycle |
 * |                   | warning on); or some requests of the last 7 days failed                              |
 * | Awaiting usage    | never used here                                                                      |
 * | Green             | otherwise                                                                            |
 *
 * A credential needs attention exactly when it is red or yellow. Cancelled requests are not failures; when
 * nothing happened in the last 7 days, the latest request decides.
 */
import { entryFacts, expiryWarningDays, lifecycleState, suspensionWarningDays, type LifecycleState } from './lifecycle';
import type { CredentialRecord, IntegrationRecord } from './model';
import type { UsageEvent, UsageSummary } from './usage-log';

export type Health = 'green' | 'yellow' | 'red' | 'awaitingUsage';

/** Why a credential has its health: one per rule above, for icons and counts. */
export type StatusCause =
  | 'probablyPurged'
  | 'suspended'
  | 'expired'
  | 'secretMissing'
  | 'signInRefused'
  | 'testFailed'
  | 'requestsFailing'
  | 'expiring'
  | 'suspensionDue'
  | 'someRequestsFailed'
  | 'unused'
  | 'working';

export interface CredentialStatus {
  health: Health;
  cause: StatusCause;
  /** For display: what is wrong, or what shows it is fine. */
  reason: string;
  needsAttention: boolean;
  /** ISO time of the last successful use here, if any. */
  lastUse?: string;
  /** The dates the rules were read from (expiry, suspension, purge), for the screens that show them. */
  lifecycle: LifecycleState;
}

/** What only some callers know: SecretStorage is asynchronous, so whether the secret is there is passed in. */
export interface KnownFacts {
  secretMissing?: boolean;
}

export const recentWindowDays = 7;
/** Marked from the first lifecycle warning on, so a warned-about credential is never shown as fine. */
const expiringWithinDays = Math.max(...expiryWarningDays);
const suspensionWithinDays = Math.max(...suspensionWarningDays);

export function credentialStatus(
  entry: CredentialRecord | IntegrationRecord,
  usage: Pick<UsageSummary, 'events'>,
  now: number,
  known: KnownFacts = {},
): CredentialStatus {
  const lifecycle = lifecycleState(entryFacts(entry), now);
  // "Last use" is the record's lastUsedAt, not the usage log's newest request: the inactivity limit counts from
  // it, it is kept with the credential (the log is capped, batched and best effort), and it counts only uses
  // that worked, where the log keeps failures too. The log's newest request is shown as "last request".
  const lastUse = entry.lastUsedAt;
  const [health, cause, reason] = verdict(entry, usage.events, lifecycle, now, known);
  return {
    health,
    cause,
    reason,
    needsAttention: health === 'red' || health === 'yellow',
    ...(lastUse ? { lastUse } : {}),
    lifecycle,
  };
}

type Verdict = [Health, StatusCause, string];

function verdict(
  entry: CredentialRecord | IntegrationRecord,
  allEvents: readonly UsageEvent[],
  lifecycle: LifecycleState,
  now: number,
  known: KnownFacts,
): Verdict {
  if (lifecycle.probablyPurged)
    return [
      'red',
      'probablyPurged',
      'Probably purged in Sophos Central: unused for longer than its purge limit. Nothing was deleted here: test it, delete it, or keep it.',
    ];
  if (entry.suspended) return ['red', 'suspended', 'Suspended: no command can use it until it is unsuspended.'];
  if (lifecycle.expired)
    return ['red', 'expired', 'Expired: Sophos Central no longer accepts it. Create a new credential.'];
  if (known.secretMissing)
    return ['red', 'secretMissing', 'Secret needed on this machine: Enter Secret stores it once it signs in.'];
  const events = allEvents.filter((event) => event.errorKind !== 'cancelled');
  const latestSignIn = events.filter((event) => event.operation === 'token').at(-1);
  if (latestSignIn?.errorKind === 'auth')
    return [
      'red',
      'signInRefused',
      'The latest sign-in was refused: check the Client Secret, or whether the credential was disabled or deleted.',
    ];
  const test = 'lastTest' in entry ? entry.lastTest : undefined;
  // A failed test may have signed in before failing: only a later request beyond the sign-in outdates it.
  const workedSince = (at: string) =>
    events.some((event) => event.time > at && event.operation !== 'token' && !isFailure(event));
  if (test && !test.ok && !workedSince(test.at))
    return ['red', 'testFailed', `The last test failed${test.message ? `: ${test.message}` : '.'}`];
  const since = now - recentWindowDays * 86_400_000;
  const recent = events.filter((event) => Date.parse(event.time) >= since);
  const considered = recent.length > 0 ? recent : events.slice(-1);
  const failed = considered.filter(isFailure);
  if (recent.length > 0 && failed.length === recent.length)
    return ['red', 'requestsFailing', `All ${recent.length} request(s) of the last ${recentWindowDays} days failed.`];
  const daysToExpiry = lifecycle.daysToExpiry;
  if (daysToExpiry !== undefined && daysToExpiry <= expiringWithinDays)
    return ['yellow', 'expiring', daysToExpiry === 0 ? 'Expires today.' : `Expires in ${daysToExpiry} day(s).`];
  const daysToSuspension = lifecycle.daysToSuspension;
  if (daysToSuspension !== undefined && daysToSuspension <= suspensionWithinDays)
    return [
      'yellow',
      'suspensionDue',
      daysToSuspension <= 0
        ? 'Due to be suspended for inactivity now.'
        : `Will be suspended for inactivity in ${daysToSuspension} day(s).`,
    ];
  if (failed.length > 0)
    return [
      'yellow',
      'someRequestsFailed',
      `${failed.length} of ${considered.length} recent request(s) failed (${describeKinds(failed)}).`,
    ];
  if (events.length === 0 && !entry.lastUsedAt)
    return ['awaitingUsage', 'unused', 'Awaiting usage: no request has been made with it yet.'];
  return [
    'green',
    'working',
    recent.length > 0
      ? `All ${recent.length} request(s) of the last ${recentWindowDays} days succeeded.`
      : 'Its latest use succeeded.',
  ];
}

export function isFailure(event: UsageEvent): boolean {
  return event.errorKind !== undefined && event.errorKind !== 'cancelled';
}

function describeKinds(events: readonly UsageEvent[]): string {
  return [...new Set(events.map((event) => event.errorKind))].join(', ');
}

export const healthLabels: Record<Health, string> = {
  green: 'Healthy',
  yellow: 'Partially healthy',
  red: 'Unhealthy',
  awaitingUsage: 'Awaiting usage',
};

/** How a count of credentials with this cause reads in a summary: "2 expired, 1 expiring within 90 days". */
const causeSummaries: Record<StatusCause, string> = {
  probablyPurged: 'probably purged in Sophos Central',
  suspended: 'suspended',
  expired: 'expired',
  secretMissing: 'missing their secret',
  signInRefused: 'refused at sign-in',
  testFailed: 'failing their test',
  requestsFailing: 'failing every request',
  expiring: `expiring within ${expiringWithinDays} days`,
  suspensionDue: `due for suspension within ${suspensionWithinDays} days`,
  someRequestsFailed: 'with failed requests',
  unused: 'unused',
  working: 'working',
};

/** The summary the badge and the status bar show, in the order of the rules. */
export function describeAttention(statuses: readonly Pick<CredentialStatus, 'cause' | 'needsAttention'>[]): string {
  return (Object.keys(causeSummaries) as StatusCause[])
    .map((cause) => [statuses.filter((s) => s.needsAttention && s.cause === cause).length, cause] as const)
    .filter(([count]) => count > 0)
    .map(([count, cause]) => `${count} ${causeSummaries[cause]}`)
    .join(', ');
}
