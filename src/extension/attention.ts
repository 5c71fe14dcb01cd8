/**
 * What needs the user's attention, for the view's badge and the status bar: the credentials whose status
 * (credentialStatus, the rule every screen shares) says so. Free of `vscode`: unit-tested.
 */
import {
  credentialStatus,
  describeAttention,
  type CredentialRecord,
  type CredentialStatus,
  type IntegrationRecord,
  type UsageSummary,
} from '../core/credentials';

export interface AttentionItem {
  id: string;
  name: string;
  status: CredentialStatus;
}

export interface Attention {
  items: AttentionItem[];
  /** "1 expired, 2 expiring within 90 days": for tooltips. */
  summary: string;
  /** Some of them are red (unusable or failing), not only yellow. */
  severe: boolean;
}

export function needingAttention(
  entries: readonly (CredentialRecord | IntegrationRecord)[],
  usage: { summary(credentialId: string): UsageSummary },
  now: number,
  /** Whether an API credential's secret is missing on this machine (Credentials.secrets.isMissing). */
  secretMissing: (id: string) => boolean = () => false,
): Attention {
  const items = entries
    .map((entry) => ({
      id: entry.id,
      name: entry.name,
      status: credentialStatus(entry, usage.summary(entry.id), now, { secretMissing: secretMissing(entry.id) }),
    }))
    .filter((item) => item.status.needsAttention);
  return {
    items,
    summary: describeAttention(items.map((item) => item.status)),
    severe: items.some((item) => item.status.health === 'red'),
  };
}
