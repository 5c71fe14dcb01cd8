/**
 * What needs the user's attention, for the view's badge and the status bar: probably purged in Sophos Central,
 * expiring (within 90 days) or expired, suspended, or unhealthy (the last test failed). Free of `vscode`:
 * unit-tested.
 */
import { apiCredentialExpiresOn, daysUntil, entryFacts, lifecycleState, type Credentials } from '../core/credentials';

export interface AttentionItem {
  id: string;
  name: string;
  reason: 'probablyPurged' | 'expired' | 'expiring' | 'suspended' | 'unhealthy';
}

const expiringWithinDays = 90;

export function needingAttention(store: Pick<Credentials, 'list' | 'integrations'>, now: number): AttentionItem[] {
  const items: AttentionItem[] = [];
  const check = (
    id: string,
    name: string,
    suspended: boolean,
    expiresOn: string | undefined,
    unhealthy: boolean,
    probablyPurged = false,
  ) => {
    const days = expiresOn === undefined ? undefined : daysUntil(expiresOn, now);
    if (probablyPurged) items.push({ id, name, reason: 'probablyPurged' });
    else if (suspended) items.push({ id, name, reason: 'suspended' });
    else if (days !== undefined && days < 0) items.push({ id, name, reason: 'expired' });
    else if (days !== undefined && days <= expiringWithinDays) items.push({ id, name, reason: 'expiring' });
    else if (unhealthy) items.push({ id, name, reason: 'unhealthy' });
  };
  for (const credential of store.list()) {
    check(
      credential.id,
      credential.name,
      credential.suspended !== undefined,
      apiCredentialExpiresOn(credential),
      credential.lastTest?.ok === false,
    );
  }
  for (const integration of store.integrations()) {
    check(
      integration.id,
      integration.name,
      integration.suspended !== undefined,
      integration.expiresOn,
      false,
      lifecycleState(entryFacts(integration), now).probablyPurged,
    );
  }
  return items;
}

export function describeAttention(items: readonly AttentionItem[]): string {
  const count = (reason: AttentionItem['reason']) => items.filter((item) => item.reason === reason).length;
  const parts = [
    [count('probablyPurged'), 'probably purged in Sophos Central'],
    [count('expired'), 'expired'],
    [count('expiring'), 'expiring within 90 days'],
    [count('suspended'), 'suspended'],
    [count('unhealthy'), 'failing their test'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}
