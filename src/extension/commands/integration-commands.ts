/**
 * Integration credentials (third-party credentials used by Sophos integrations): add them with the same pages
 * as Sophos' Integration Credential Manager (integration-wizard.ts), edit them with the same pages prefilled,
 * copy a secret field, "test" them. Lifecycle, details, delete and the tree are shared with API credentials.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import { defaultInactivityPolicy, integrationType, type IntegrationRecord } from '../../core/credentials';
import { consentToChange, handOver } from '../call-consent';
import { copySecret } from '../clipboard';
import { showInformationMessage } from '../notifications';
import type { Services } from '../services';
import type { Args } from './command-args';
import { draftFromArguments } from './integration-draft';
import { askDraft } from './integration-wizard';
import type { Invocation } from './invocation';

export async function addIntegrationCredential(
  services: Services,
  invocation: Invocation<Args<'addIntegrationCredential'>>,
) {
  const args = invocation.from === 'call' ? invocation.args : undefined;
  const draft = args ? draftFromArguments(services, args) : await askDraft(services);
  if (!draft?.type) return undefined;
  const record = await services.credentials.addIntegration(
    {
      name: draft.name,
      ...(draft.description ? { description: draft.description } : {}),
      typeId: draft.type.id,
      permissions: draft.permissions,
      integrations: draft.integrations,
      values: draft.values,
      ...(draft.expiresOn ? { expiresOn: draft.expiresOn } : {}),
      acknowledgedAt: new Date().toISOString(),
      addedAt: new Date().toISOString(),
      inactivity: draft.inactivity,
    },
    draft.secrets,
  );
  services.logger.info(`Added integration credential "${record.name}" (${draft.type.label}).`);
  if (!args)
    void showInformationMessage(
      vscode.l10n.t('Added "{0}" ({1}). Its secret values are in SecretStorage only.', record.name, draft.type.label),
    );
  return summary(record);
}

/**
 * Edit Credential on an integration credential: its details and values on the add wizard's pages, prefilled;
 * or `{ credential, name?, description?, permissions?, integrations?, inactivity?, expiresOn?, values?, secrets? }`.
 * A new secret value is stored before anything else changes, over the old one (never none); a new inactivity
 * limit removes pending suspension and purge warnings and starts its period at once.
 */
export async function editIntegrationCredential(
  services: Services,
  entry: IntegrationRecord,
  invocation: Invocation<Args<'editCredential'>>,
) {
  const args = invocation.from === 'call' ? invocation.args : undefined;
  const draft = args ? draftFromArguments(services, args, entry) : await askDraft(services, entry);
  if (!draft) return undefined;
  const replaced = Object.keys(draft.secrets);
  const labelOf = (id: string) => integrationType(entry.typeId)?.fields.find((field) => field.id === id)?.label ?? id;
  const labels = replaced.map(labelOf).join(', ');
  // The credential's own values (a URL, an id, a secret) are what the user stored: a command call changes them only with a yes.
  const overwritten = [
    ...replaced,
    ...Object.keys(draft.values).filter((id) => draft.values[id] !== (entry.values[id] ?? '')),
  ];
  if (args && overwritten.length > 0) {
    const detail = vscode.l10n.t('The stored values are overwritten; the old ones cannot be recovered here.');
    if (
      !(await consentToChange(
        services,
        vscode.l10n.t('replace the {0} of "{1}"', overwritten.map(labelOf).join(', '), entry.name),
        detail,
        vscode.l10n.t('Replace'),
      ))
    )
      return { ...summary(entry), secretsReplaced: [] };
  }
  const current = entry.inactivity ?? defaultInactivityPolicy;
  const newLimit =
    draft.inactivity.suspendAfterDays !== current.suspendAfterDays ||
    draft.inactivity.purgeAfterDays !== current.purgeAfterDays;
  const updated = await services.credentials.updateIntegration(
    entry.id,
    (record) => ({
      name: draft.name,
      description: draft.description || undefined,
      permissions: draft.permissions,
      integrations: draft.integrations,
      values: draft.values,
      expiresOn: draft.expiresOn || undefined,
      inactivity: draft.inactivity,
      ...(newLimit ? services.credentials.lifecycle.newInactivityPeriod(record) : {}),
    }),
    replaced.length > 0 ? draft.secrets : {},
  );
  services.logger.info(
    `Edited integration credential "${updated.name}"${replaced.length ? `; replaced its ${labels}` : ''}${newLimit ? '; a new inactivity period starts today' : ''}.`,
  );
  if (!args) void showInformationMessage(vscode.l10n.t('Saved "{0}".', updated.name));
  return { ...summary(updated), secretsReplaced: replaced };
}

/** Copies one secret field (a tree node of the field, or `{ credential, field }`); counts as a use. */
export async function copyIntegrationSecret(services: Services, invocation: Invocation<Args<'copyIntegrationSecret'>>) {
  let id: string;
  let fieldId: string;
  if (invocation.from === 'ui' && invocation.target.kind === 'integrationField') {
    id = invocation.target.credentialId;
    fieldId = invocation.target.fieldId;
  } else {
    if (invocation.from !== 'call')
      throw invalidInput('Choose a secret field of an integration credential in the Sophos Central view.');
    const wanted = invocation.args.credential;
    const entry = services.credentials.findIntegration(wanted);
    if (!entry) throw invalidInput(`No integration credential "${wanted}".`);
    id = entry.id;
    fieldId = invocation.args.field;
  }
  const entry = services.credentials.integration(id)!;
  const label = integrationType(entry.typeId)?.fields.find((field) => field.id === fieldId)?.label ?? fieldId;
  services.credentials.ensureUsable(id);
  const release = { what: vscode.l10n.t('the {0}', label), to: vscode.l10n.t('the clipboard'), credentialId: id };
  const copy = async () => copySecret(await services.credentials.secrets.integrationSecret(id, fieldId));
  if (!(await handOver(services, invocation.from === 'call', release, copy)))
    return { id, field: fieldId, copied: false };
  if (invocation.from !== 'call')
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the {0} of "{1}".', label, entry.name), 3000);
  services.logger.info(`Copied the ${label} of "${entry.name}".`);
  return { id, field: fieldId, copied: true };
}

/**
 * "Test" of an integration credential: this editor cannot sign in to the vendor with it, and whether Sophos
 * Central still holds it shows only in its Integration Credential Manager, so the user is told where to look.
 */
export async function testIntegration(services: Services, entry: IntegrationRecord, headless: boolean) {
  const type = integrationType(entry.typeId);
  services.logger.info(`Test of "${entry.name}": an integration credential can only be checked in Sophos Central.`);
  if (!headless) {
    const open = vscode.l10n.t('Open Integration Credential Manager Help');
    const chosen = await showInformationMessage(
      vscode.l10n.t(
        'This editor cannot sign in to {0} with "{1}": Sophos Central checks it when an integration uses it. Look for it in Sophos Central under General Settings › Integration Credential Manager: if it is listed, keep it here; if not, delete it here.',
        type?.vendor ?? entry.typeId,
        entry.name,
      ),
      open,
    );
    if (chosen === open && type) await vscode.env.openExternal(vscode.Uri.parse(type.docs));
  }
  return {
    id: entry.id,
    tested: false,
    reason: 'An integration credential can only be checked in Sophos Central (Integration Credential Manager).',
  };
}

function summary(record: IntegrationRecord) {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    type: record.typeId,
    permissions: record.permissions,
    integrations: record.integrations,
    values: record.values,
    expiresOn: record.expiresOn,
    inactivity: record.inactivity ?? defaultInactivityPolicy,
  };
}
