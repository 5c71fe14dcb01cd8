/** Builds what the details page shows from a stored credential and its usage log. No `vscode`: unit-tested. */
import { regionName } from '../../core/api';
import {
  assessHealth,
  credentialExpiresOn,
  defaultInactivityPolicy,
  describeExpiry,
  factsOf,
  healthLabels,
  isFailure,
  lifecycleState,
  roleLabel,
  type CredentialRecord,
  type UsageSummary,
} from '../../core/credentials';
import type { CredentialView, DetailRow } from '../../protocol/credential-details';

export function credentialView(credential: CredentialRecord, usage: UsageSummary, now: number): CredentialView {
  const expiresOn = credentialExpiresOn(credential.createdOn);
  const lifecycle = lifecycleState(factsOf(credential, expiresOn), now);
  const verdict = assessHealth(
    { events: usage.events, suspended: credential.suspended !== undefined, daysToExpiry: lifecycle.daysToExpiry, daysToSuspension: lifecycle.daysToSuspension },
    now,
  );
  const policy = credential.inactivity ?? defaultInactivityPolicy;
  const whoami = credential.whoami;
  const rows: DetailRow[] = [
    { label: 'Type', value: 'Sophos Central API credential (Service Principal)' },
    { label: 'Vendor and identifier', value: `Sophos · Client ID ${credential.clientId}` },
    { label: 'Role', value: roleLabel(credential.role) },
    { label: 'Integrations with access', value: 'Connection test, SLS token, Token list, Tenant list, other extensions' },
    { label: whoami?.idType === 'partner' ? 'Partner' : whoami?.idType === 'organization' ? 'Organization' : 'Tenant', value: whoami ? whoami.id : 'not known until tested' },
  ];
  if (credential.tenant) rows.push({ label: 'Acting on tenant', value: `${credential.tenant.name ?? ''} ${credential.tenant.id}`.trim() });
  rows.push(
    { label: 'Data region', value: whoami?.dataRegionUrl ? `${regionName(whoami.dataRegionUrl)} (${whoami.dataRegionUrl})` : credential.tenant?.dataRegion ?? '—' },
    { label: 'Created', value: credential.createdOn },
    { label: 'Expires', value: `${expiresOn} (${describeExpiry(expiresOn, now)})` },
    { label: 'Last accessed', value: usage.lastAccessedAt ? formatTime(usage.lastAccessedAt) : credential.lastUsedAt ? formatTime(credential.lastUsedAt) : 'never' },
    { label: 'Inactivity limit', value: `suspend after ${policy.suspendAfterDays} days unused, purge after ${policy.purgeAfterDays} days` },
    {
      label: 'Inactivity time left',
      value: credential.suspended
        ? `suspended ${formatTime(credential.suspended.at)} (${credential.suspended.reason === 'inactivity' ? 'inactivity' : 'by hand'}); purged on ${lifecycle.purgeOn} (in ${Math.max(0, lifecycle.daysToPurge)} days)`
        : `suspended on ${lifecycle.suspendOn} (in ${Math.max(0, lifecycle.daysToSuspension)} days), purged on ${lifecycle.purgeOn}`,
    },
  );
  const lastEvent = usage.events.at(-1);
  return {
    id: credential.id,
    name: credential.name,
    ...(credential.description ? { description: credential.description } : {}),
    suspended: credential.suspended !== undefined,
    health: { name: verdict.health, label: healthLabels[verdict.health], reason: verdict.reason },
    details: rows,
    usage: {
      requestCount: usage.requestCount,
      ...(lastEvent ? { lastRequest: `${formatTime(lastEvent.time)}: ${lastEvent.feature}, ${lastEvent.method} ${pathOf(lastEvent.url)} → ${lastEvent.status ?? lastEvent.errorKind ?? 'no reply'}` } : {}),
      ...(usage.lastAccessedAt ? { lastAccessed: formatTime(usage.lastAccessedAt) } : {}),
    },
    events: [...usage.events].reverse().map((event) => ({
      time: event.time,
      feature: event.feature,
      method: event.method,
      path: pathOf(event.url),
      ...(event.status !== undefined ? { status: event.status } : {}),
      outcome: isFailure(event) ? 'failure' : 'success',
      ...(event.errorKind ? { errorKind: event.errorKind } : {}),
      latencyMs: event.latencyMs,
      ...(event.supportId ? { supportId: event.supportId } : {}),
    })),
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
