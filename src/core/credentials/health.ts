/**
 * A credential's health, as the Integration Credential Manager shows it, from its recent requests, its
 * expiry and its suspension. The rules, first match wins:
 *
 * | health         | when                                                                                   |
 * |----------------|----------------------------------------------------------------------------------------|
 * | Red            | probably purged in Sophos Central (an integration credential past its purge limit);    |
 * |                | or suspended; or expired; or the latest sign-in was refused (wrong secret, disabled,   |
 * |                | deleted); or every request of the last 7 days failed                                  |
 * | Awaiting usage | no request recorded yet                                                                |
 * | Yellow         | some requests of the last 7 days failed (403 for the role, throttling, server or       |
 * |                | network trouble); or it expires within 30 days; or it will be suspended within 30 days |
 * | Green          | otherwise: the requests of the last 7 days succeeded                                   |
 *
 * Cancelled requests are not failures. Requests older than 7 days count only when nothing newer exists
 * (then the latest one decides between Green and Yellow).
 */
import type { UsageEvent } from './usage-log';

export type Health = 'green' | 'yellow' | 'red' | 'awaitingUsage';

export interface HealthFacts {
  events: readonly UsageEvent[];
  suspended: boolean;
  daysToExpiry?: number;
  daysToSuspension?: number;
  probablyPurged?: boolean;
}

export interface HealthVerdict {
  health: Health;
  reason: string;
}

export const recentWindowDays = 7;
const soonDays = 30;

export function assessHealth(facts: HealthFacts, now: number): HealthVerdict {
  if (facts.probablyPurged)
    return {
      health: 'red',
      reason:
        'Probably purged in Sophos Central: unused for longer than its purge limit. Nothing was deleted here: test it, delete it, or keep it.',
    };
  if (facts.suspended) return { health: 'red', reason: 'Suspended: no command can use it until it is unsuspended.' };
  if (facts.daysToExpiry !== undefined && facts.daysToExpiry < 0)
    return { health: 'red', reason: 'Expired: Sophos Central no longer accepts it. Create a new credential.' };
  const events = facts.events.filter((event) => event.errorKind !== 'cancelled');
  const latestSignIn = events.filter((event) => event.operation === 'token').at(-1);
  if (latestSignIn && latestSignIn.errorKind === 'auth')
    return {
      health: 'red',
      reason:
        'The latest sign-in was refused: check the Client Secret, or whether the credential was disabled or deleted.',
    };
  if (events.length === 0)
    return { health: 'awaitingUsage', reason: 'Awaiting usage: no request has been made with it yet.' };
  const since = now - recentWindowDays * 86_400_000;
  const recent = events.filter((event) => Date.parse(event.time) >= since);
  const considered = recent.length > 0 ? recent : events.slice(-1);
  const failed = considered.filter(isFailure);
  if (recent.length > 0 && failed.length === recent.length)
    return { health: 'red', reason: `All ${recent.length} request(s) of the last ${recentWindowDays} days failed.` };
  if (failed.length > 0)
    return {
      health: 'yellow',
      reason: `${failed.length} of ${considered.length} recent request(s) failed (${describeKinds(failed)}).`,
    };
  if (facts.daysToExpiry !== undefined && facts.daysToExpiry <= soonDays)
    return { health: 'yellow', reason: `Expires in ${facts.daysToExpiry} day(s).` };
  if (facts.daysToSuspension !== undefined && facts.daysToSuspension <= soonDays)
    return { health: 'yellow', reason: `Will be suspended for inactivity in ${facts.daysToSuspension} day(s).` };
  return {
    health: 'green',
    reason:
      recent.length > 0
        ? `All ${recent.length} request(s) of the last ${recentWindowDays} days succeeded.`
        : 'Its latest request succeeded.',
  };
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
