/**
 * The tree items of the two kinds of credential. Their icon, colour, description and tooltip show the
 * credential's status (credentialStatus): the same health the badge, the status bar and the details page show.
 */
import * as vscode from 'vscode';
import { regionName } from '../../core/api';
import {
  apiCredentialExpiresOn,
  describeExpiry,
  healthLabels,
  integrationType,
  roleLabel,
  type CredentialRecord,
  type CredentialStatus,
  type IntegrationRecord,
} from '../../core/credentials';
import { CommandId } from '../command-ids';
import { actionOn } from '../commands/invocation';
import { displayText, labelText } from '../display';

export function credentialItem(credential: CredentialRecord, status: CredentialStatus, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(labelText(credential.name), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = credential.id;
  const expiresOn = apiCredentialExpiresOn(credential);
  const who = labelText(credential.tenant?.name ?? credential.whoami?.idType ?? vscode.l10n.t('untested'), 60);
  item.description = `${statePrefix(status)}${who} · ${describeExpiry(expiresOn, now)}`;
  const rows: [string, string][] = [
    [vscode.l10n.t('Role'), roleLabel(credential.role)],
    [vscode.l10n.t('Client ID'), credential.clientId],
    [
      vscode.l10n.t('Tenant'),
      credential.whoami
        ? `${credential.whoami.id} (${credential.whoami.idType})`
        : vscode.l10n.t('not known until tested'),
    ],
    [vscode.l10n.t('Region'), credential.whoami?.dataRegionUrl ? regionName(credential.whoami.dataRegionUrl) : '—'],
    [vscode.l10n.t('Created'), credential.createdOn],
    [vscode.l10n.t('Expires'), `${expiresOn} (${describeExpiry(expiresOn, now)})`],
    [vscode.l10n.t('Last used here'), lastUse(status)],
  ];
  if (credential.tenant)
    rows.splice(3, 0, [vscode.l10n.t('Acting on'), `${credential.tenant.name ?? ''} ${credential.tenant.id}`.trim()]);
  item.tooltip = tooltip(credential, status, rows);
  item.iconPath = statusIcon(status);
  const noSecret = status.cause === 'secretMissing' ? ':noSecret' : '';
  item.contextValue = `credential:${credential.whoami?.idType ?? 'untested'}${noSecret}${credential.suspended ? ':suspended' : ''}`;
  item.command = {
    title: vscode.l10n.t('Open Credential Details'),
    command: CommandId.openCredential,
    arguments: [actionOn(credential.id)],
  };
  item.accessibilityInformation = { label: `${credential.name}, ${healthLabels[status.health]}, ${item.description}` };
  return item;
}

export function integrationItem(entry: IntegrationRecord, status: CredentialStatus, now: number): vscode.TreeItem {
  const type = integrationType(entry.typeId);
  const item = new vscode.TreeItem(labelText(entry.name), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = entry.id;
  const expiry = entry.expiresOn ? describeExpiry(entry.expiresOn, now) : vscode.l10n.t('no expiry');
  item.description = `${statePrefix(status)}${type?.label ?? entry.typeId} · ${expiry}`;
  item.iconPath = statusIcon(status);
  item.tooltip = tooltip(entry, status, [
    [vscode.l10n.t('Type'), `${type?.label ?? entry.typeId} (${type?.vendor ?? ''})`],
    [vscode.l10n.t('Permissions'), entry.permissions],
    [vscode.l10n.t('Integrations with access'), entry.integrations.join(', ')],
    [vscode.l10n.t('Expires'), entry.expiresOn ?? vscode.l10n.t('never')],
    [vscode.l10n.t('Last used'), lastUse(status)],
  ]);
  item.contextValue = entry.suspended ? 'integration:suspended' : 'integration';
  item.command = {
    title: vscode.l10n.t('Open Credential Details'),
    command: CommandId.openCredential,
    arguments: [actionOn(entry.id)],
  };
  item.accessibilityInformation = { label: `${entry.name}, ${healthLabels[status.health]}, ${item.description}` };
  return item;
}

/** One icon per health; suspension and a probable purge get their own shape, in the red of unhealthy. */
export function statusIcon(status: CredentialStatus): vscode.ThemeIcon {
  const red = new vscode.ThemeColor('errorForeground');
  if (status.cause === 'probablyPurged') return new vscode.ThemeIcon('question', red);
  if (status.cause === 'suspended') return new vscode.ThemeIcon('debug-pause', red);
  if (status.health === 'red') return new vscode.ThemeIcon('error', red);
  if (status.health === 'yellow')
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
  if (status.health === 'awaitingUsage') return new vscode.ThemeIcon('circle-large-outline');
  return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
}

/** The states that block use lead the description; the health's reason is in the tooltip. */
function statePrefix(status: CredentialStatus): string {
  if (status.lifecycle.probablyPurged) return `${vscode.l10n.t('probably purged in Sophos Central')} · `;
  if (status.cause === 'suspended') return `${vscode.l10n.t('suspended')} · `;
  if (status.cause === 'secretMissing') return `${vscode.l10n.t('secret needed on this machine')} · `;
  return '';
}

function lastUse(status: CredentialStatus): string {
  return status.lastUse ? status.lastUse.replace('T', ' ').slice(0, 16) + ' UTC' : vscode.l10n.t('never');
}

/** Name, description, health with its reason, then the rows: all as text, never as Markdown. */
function tooltip(
  entry: { name: string; description?: string },
  status: CredentialStatus,
  rows: [string, string][],
): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown('**');
  markdown.appendText(displayText(entry.name, 500));
  markdown.appendMarkdown('**\n\n');
  if (entry.description) {
    markdown.appendText(displayText(entry.description, 2000));
    markdown.appendMarkdown('\n\n');
  }
  for (const [name, value] of [
    [vscode.l10n.t('Health'), `${healthLabels[status.health]}: ${status.reason}`],
    ...rows,
  ]) {
    markdown.appendMarkdown(`${name}: `);
    markdown.appendText(displayText(value, 500));
    markdown.appendMarkdown('  \n');
  }
  return markdown;
}

/**
 * The "Tenant" row of a partner or organization credential: the tenant this window acts on, so the workspace's
 * when it is bound to another than the one chosen (its tokens are listed and minted there, as the status bar says).
 */
export function tenantRow(
  credential: CredentialRecord,
  inWindow: string | undefined,
): { value: string; tooltip?: string } {
  const chosen = credential.tenant;
  if (inWindow && inWindow.toLowerCase() !== chosen?.id.toLowerCase())
    return {
      value: vscode.l10n.t('{0} (this workspace)', inWindow),
      tooltip: vscode.l10n.t(
        'This workspace works with this tenant (sophosCentral.workspaceTenant): tokens are listed and minted here.',
      ),
    };
  if (!chosen) return { value: vscode.l10n.t('none chosen: click to choose') };
  return {
    value: `${chosen.name ?? chosen.id}${chosen.dataRegion ? ` (${chosen.dataRegion})` : ''}`,
    tooltip: vscode.l10n.t('Tokens are minted in this tenant. Click to choose another.'),
  };
}
