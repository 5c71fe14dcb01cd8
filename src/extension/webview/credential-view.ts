/** Builds what the details page shows from a stored credential and its usage log. No `vscode`: unit-tested. */
import { regionName } from '../../core/api';
import {
  apiCredentialExpiresOn,
  credentialStatus,
  defaultInactivityPolicy,
  describeExpiry,
  healthLabels,
  isFailure,
  integrationType,
  roleLabel,
  type CredentialRecord,
  type CredentialStatus,
  type IntegrationRecord,
  type KnownFacts,
  type LifecycleState,
  type UsageSummary,
} from '../../core/credentials';
import type { CredentialView, DetailRow } from '../../protocol/credential-details';
import { displayText } from '../display';

/** An API credential: created, the expiry Sophos Central shows, last used here; no inactivity limit. */
export function credentialView(
  credential: CredentialRecord,
  usage: UsageSummary,
  now: number,
  uses: TokenUses[] = [],
  secretMissing = false,
): CredentialView {
  const expiresOn = apiCredentialExpiresOn(credential);
  const whoami = credential.whoami;
  return page(credential, usage, now, {
    known: { secretMissing },
    actions: () => [
      ...(secretMissing ? (['enterSecret'] as const) : (['test'] as const)),
      credential.suspended ? 'unsuspend' : 'suspend',
      'edit',
      'delete',
    ],
    lastRequest: (event) =>
      `${event.feature}, ${event.method} ${pathOf(event.url)} → ${event.status ?? event.errorKind ?? 'no reply'}`,
    rows: (status) => [
      { label: 'Type', value: 'Sophos Central API credential (Service Principal)' },
      { label: 'Vendor and identifier', value: `Sophos · Client ID ${credential.clientId}` },
      { label: 'Role', value: roleLabel(credential.role) },
      {
        label: 'Integrations with access',
        value: 'Connection test, SLS token, Token list, Tenant list, other extensions',
      },
      {
        label: whoami?.idType === 'partner' ? 'Partner' : whoami?.idType === 'organization' ? 'Organization' : 'Tenant',
        value: whoami ? whoami.id : 'not known until tested',
      },
      ...(credential.tenant
        ? [{ label: 'Acting on tenant', value: `${credential.tenant.name ?? ''} ${credential.tenant.id}`.trim() }]
        : []),
      {
        label: 'Data region',
        value: whoami?.dataRegionUrl
          ? `${regionName(whoami.dataRegionUrl)} (${whoami.dataRegionUrl})`
          : (credential.tenant?.dataRegion ?? '—'),
      },
      { label: 'Created', value: credential.createdOn },
      { label: 'Expires', value: `${expiresOn} (${describeExpiry(expiresOn, now)})` },
      { label: 'Last used here', value: status.lastUse ? formatTime(status.lastUse) : 'never' },
      ...(credential.suspended
        ? [
            {
              label: 'Suspended',
              value:
                credential.suspended.reason === 'inactivity'
                  ? `${formatTime(credential.suspended.at)}, for inactivity, by an earlier version (API credentials are no longer suspended for inactivity): unsuspend it to use it again`
                  : `${formatTime(credential.suspended.at)}, by hand: no command can use it until it is unsuspended`,
            },
          ]
        : []),
      ...uses.map((use) => ({ label: `SLS token "${use.label}"`, value: `Used in ${use.files}` })),
    ],
  });
}

/** Where a kept token of the credential was put: its label and "deploy/.env, group_vars/all.yml". */
export interface TokenUses {
  label: string;
  files: string;
}

/** The same page for an integration credential: its type, fields (secrets never), permissions and integrations. */
export function integrationView(entry: IntegrationRecord, usage: UsageSummary, now: number): CredentialView {
  const type = integrationType(entry.typeId);
  return page(entry, usage, now, {
    actions: (status) => [
      ...(status.lifecycle.probablyPurged ? (['test'] as const) : []),
      entry.suspended ? 'unsuspend' : 'suspend',
      'resetInactivity',
      'setInactivityLimit',
      'edit',
      'delete',
    ],
    lastRequest: (event) => event.feature,
    rows: ({ lifecycle, lastUse }) => [
      ...(lifecycle.probablyPurged
        ? [
            {
              label: 'State',
              value: `Probably purged in Sophos Central since ${lifecycle.purgeOn}: nothing was deleted here. Test it, delete it, or keep it (Reset inactivity).`,
            },
          ]
        : []),
      { label: 'Type', value: type?.label ?? entry.typeId },
      { label: 'Vendor and identifier', value: `${type?.vendor ?? 'Unknown'} · ${type?.product ?? ''}`.trim() },
      ...(type?.fields ?? []).map((field) => ({
        label: field.label,
        value: field.secret ? '•••••••• (in SecretStorage)' : (entry.values[field.id] ?? ''),
      })),
      { label: 'Permissions', value: entry.permissions === 'write' ? 'Write' : 'Read' },
      { label: 'Integrations with access', value: entry.integrations.join(', ') },
      { label: 'Added', value: entry.addedAt ? formatTime(entry.addedAt) : '—' },
      {
        label: 'Expires',
        value: entry.expiresOn ? `${entry.expiresOn} (${describeExpiry(entry.expiresOn, now)})` : 'no expiration date',
      },
      { label: 'Last accessed', value: lastUse ? formatTime(lastUse) : 'never' },
      ...inactivityRows(entry, lifecycle),
      { label: 'Security acknowledged', value: formatTime(entry.acknowledgedAt) },
    ],
  });
}

interface PageParts {
  known?: KnownFacts;
  rows: (status: CredentialStatus) => DetailRow[];
  lastRequest: (event: UsageSummary['events'][number]) => string;
  actions: (status: CredentialStatus) => CredentialView['actions'];
}

/** What every kind of credential's page shares: the status every screen shows, usage, the log, legible text. */
function page(
  entry: CredentialRecord | IntegrationRecord,
  usage: UsageSummary,
  now: number,
  parts: PageParts,
): CredentialView {
  const status = credentialStatus(entry, usage, now, parts.known);
  const lastEvent = usage.events.at(-1);
  return legible({
    id: entry.id,
    name: entry.name,
    ...(entry.description ? { description: entry.description } : {}),
    suspended: entry.suspended !== undefined,
    health: { name: status.health, label: healthLabels[status.health], reason: status.reason },
    details: parts.rows(status),
    usage: {
      requestCount: usage.requestCount,
      ...(lastEvent ? { lastRequest: `${formatTime(lastEvent.time)}: ${parts.lastRequest(lastEvent)}` } : {}),
    },
    actions: parts.actions(status),
    events: eventsOf(usage),
  });
}

/** Integration credentials only: Sophos suspends them after the limit and purges them later. */
function inactivityRows(entry: IntegrationRecord, lifecycle: LifecycleState): DetailRow[] {
  const policy = entry.inactivity ?? defaultInactivityPolicy;
  const purge = lifecycle.probablyPurged
    ? `probably purged in Sophos Central since ${lifecycle.purgeOn}`
    : `probably purged in Sophos Central on ${lifecycle.purgeOn} (in ${lifecycle.daysToPurge} days)`;
  return [
    {
      label: 'Inactivity limit',
      value: `suspend after ${policy.suspendAfterDays} days unused, purged in Sophos Central after ${policy.purgeAfterDays} days`,
    },
    {
      label: 'Inactivity time left',
      value: entry.suspended
        ? `suspended ${formatTime(entry.suspended.at)} (${entry.suspended.reason === 'inactivity' ? 'inactivity' : 'by hand'}); ${purge}`
        : `suspended on ${lifecycle.suspendOn} (in ${Math.max(0, lifecycle.daysToSuspension ?? 0)} days); ${purge}`,
    },
  ];
}

function eventsOf(usage: UsageSummary): CredentialView['events'] {
  return [...usage.events].reverse().map((event) => ({
    time: event.time,
    feature: event.feature,
    method: event.method,
    path: pathOf(event.url),
    ...(event.status !== undefined ? { status: event.status } : {}),
    outcome: isFailure(event) ? 'failure' : 'success',
    ...(event.errorKind ? { errorKind: event.errorKind } : {}),
    latencyMs: event.latencyMs,
    ...(event.supportId ? { supportId: event.supportId } : {}),
  }));
}

/** Names and values as the user can read them: bidi controls shown, very long strings cut (see display.ts). */
function legible(view: CredentialView): CredentialView {
  return {
    ...view,
    name: displayText(view.name, 500),
    ...(view.description !== undefined ? { description: displayText(view.description, 2000) } : {}),
    details: view.details.map((row) => ({ label: row.label, value: displayText(row.value, 500) })),
    events: view.events.map((event) => ({
      ...event,
      feature: displayText(event.feature, 100),
      path: displayText(event.path, 300),
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
