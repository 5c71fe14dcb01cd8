/**
 * Integration credentials (third-party credentials used by Sophos integrations): add them with the same
 * pages as Sophos' Integration Credential Manager (type, details, acknowledgement, credential values), edit
 * them with the same pages prefilled, copy a secret field, delete. Lifecycle, details and the tree are shared
 * with API credentials.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import {
  defaultInactivityPolicy,
  describeNameProblem,
  fieldProblem,
  integrationType,
  integrationTypes,
  isDay,
  policyProblem,
  purgeChoices,
  suspendChoices,
  today,
  daysUntil,
  type InactivityPolicy,
  type IntegrationPermission,
  type IntegrationRecord,
  type IntegrationType,
} from '../../core/credentials';
import { copySecret } from '../clipboard';
import { consentToChange, handOver } from '../call-consent';
import { askPick, askPickMany, askText, runSteps, skip, type StepResult } from '../multi-step-input';
import { nameProblem } from '../name-problem';
import type { Services } from '../services';
import { argsOf, findIntegration, isTreeNode, stringArg, type CommandArgs } from './targets';
import { showInformationMessage } from '../notifications';

interface Draft {
  type?: IntegrationType;
  name: string;
  description: string;
  permissions: IntegrationPermission;
  integrations: string[];
  inactivity: InactivityPolicy;
  expiresOn: string;
  acknowledged: boolean;
  values: Record<string, string>;
  secrets: Record<string, string>;
}

export async function addIntegrationCredential(services: Services, target: unknown) {
  const args = argsOf(target);
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
 * The draft an argument call describes. Adding: `type`, `name`, `acknowledge: true` and every field are needed.
 * Editing `existing`: what is not given stays as it is (a secret field not given keeps its stored value).
 */
function draftFromArguments(services: Services, args: CommandArgs, existing?: IntegrationRecord): Draft {
  const type = integrationType(existing?.typeId ?? stringArg(args, 'type', true));
  if (!type) throw invalidInput(`Unknown credential type. Types: ${integrationTypes.map((t) => t.id).join(', ')}.`);
  if (!existing && args.acknowledge !== true)
    throw invalidInput(
      'Confirm that you understand the security implications of this credential: { acknowledge: true }.',
    );
  const name = (existing ? (stringArg(args, 'name') ?? existing.name) : stringArg(args, 'name', true)).trim();
  const nameRefusal = services.credentials.nameProblem(name, existing?.id);
  if (nameRefusal) throw invalidInput(describeNameProblem(nameRefusal));
  const permissions = (stringArg(args, 'permissions') ?? existing?.permissions ?? 'read') as IntegrationPermission;
  if (permissions !== 'read' && permissions !== 'write') throw invalidInput('Permissions are "read" or "write".');
  const integrations = Array.isArray(args.integrations)
    ? (args.integrations as unknown[]).map(String)
    : existing
      ? [...existing.integrations]
      : [type.integrations[0]!];
  const unknown = integrations.filter((feature) => !type.integrations.includes(feature));
  if (unknown.length || integrations.length === 0)
    throw invalidInput(`Integrations with access for ${type.label}: ${type.integrations.join(', ')}.`);
  const values: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const given = {
    ...(args.values as Record<string, unknown> | undefined),
    ...(args.secrets as Record<string, unknown> | undefined),
  };
  const strays = Object.keys(given).filter((id) => !type.fields.some((field) => field.id === id));
  if (strays.length > 0)
    throw invalidInput(
      `${type.label} has no field ${strays.join(', ')}. Fields: ${type.fields.map((field) => field.id).join(', ')}.`,
    );
  for (const field of type.fields) {
    if (existing && given[field.id] === undefined) {
      if (!field.secret) values[field.id] = existing.values[field.id] ?? '';
      continue;
    }
    const value = typeof given[field.id] === 'string' ? (given[field.id] as string).trim() : '';
    const problem = fieldProblem(field, value);
    if (problem) throw invalidInput(problem);
    (field.secret ? secrets : values)[field.id] = value;
  }
  const expiresArg = stringArg(args, 'expiresOn');
  const expiresOn = expiresArg ?? existing?.expiresOn ?? '';
  if (expiresArg && (!type.expires || !isDay(expiresArg) || daysUntil(expiresArg, Date.now()) < 0))
    throw invalidInput(
      `Expiration date: ${type.expires ? 'a future day as YYYY-MM-DD' : `${type.label} credentials have none`}.`,
    );
  const inactivity =
    (args.inactivity as InactivityPolicy | undefined) ?? existing?.inactivity ?? defaultInactivityPolicy;
  const problem = policyProblem(inactivity);
  if (problem) throw invalidInput(problem);
  const description = stringArg(args, 'description') ?? existing?.description ?? '';
  return {
    type,
    name,
    description,
    permissions,
    integrations,
    inactivity,
    expiresOn,
    acknowledged: true,
    values,
    secrets,
  };
}

/**
 * Edit Credential on an integration credential: its details and values on the add wizard's pages, prefilled;
 * or `{ credential, name?, description?, permissions?, integrations?, inactivity?, expiresOn?, values?, secrets? }`.
 * A new secret value is stored before anything else changes, over the old one (never none); a new inactivity
 * limit removes pending suspension and purge warnings and starts its period at once.
 */
export async function editIntegrationCredential(services: Services, entry: IntegrationRecord, target: unknown) {
  const args = argsOf(target);
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

/**
 * The wizard's pages. Given an existing credential they are its edit pages: prefilled, without the type (which
 * cannot change) and the acknowledgement (given when it was added); secret fields start empty, and empty keeps
 * the stored value (a stored secret never goes into an input box).
 */
async function askDraft(services: Services, existing?: IntegrationRecord): Promise<Draft | undefined> {
  const draft: Draft = existing
    ? {
        type: integrationType(existing.typeId),
        name: existing.name,
        description: existing.description ?? '',
        permissions: existing.permissions,
        integrations: [...existing.integrations],
        inactivity: existing.inactivity ?? defaultInactivityPolicy,
        expiresOn: existing.expiresOn ?? '',
        acknowledged: true,
        values: { ...existing.values },
        secrets: {},
      }
    : {
        name: '',
        description: '',
        permissions: 'read',
        integrations: [],
        inactivity: defaultInactivityPolicy,
        expiresOn: '',
        acknowledged: false,
        values: {},
        secrets: {},
      };
  if (existing && !draft.type)
    throw invalidInput(`"${existing.name}" is of a type this version does not know (${existing.typeId}).`);
  const title = existing ? vscode.l10n.t('Edit "{0}"', existing.name) : vscode.l10n.t('Add Integration Credential');
  // Steps after the type depend on it (its fields); the count shown is fixed once the type is chosen.
  const total = () => 8 + (draft.type?.fields.length ?? 1);
  const text = (
    step: number,
    value: string,
    prompt: string,
    validate?: (value: string) => string | undefined,
    password = false,
  ) => askText({ title, step, totalSteps: total(), value, prompt, validate, password });
  const steps: (() => Promise<StepResult<unknown>>)[] = [
    async () => {
      if (existing) return skip;
      const items = integrationTypes.map((type) => ({
        label: type.label,
        description: type.vendor,
        detail: vscode.l10n.t(
          'Fields: {0}. Used by: {1}.',
          type.fields.map((f) => f.label).join(', '),
          type.integrations.join(', '),
        ),
        type,
      }));
      const picked = await askPick({
        title,
        step: 1,
        totalSteps: total(),
        items,
        placeholder: vscode.l10n.t('Credential type'),
        matchOnDetail: true,
      });
      if (picked && typeof picked === 'object') {
        if (draft.type?.id !== picked.type.id) draft.integrations = [picked.type.integrations[0]!];
        draft.type = picked.type;
      }
      return picked;
    },
    async () => {
      const value = await text(2, draft.name, vscode.l10n.t('Name'), (name) =>
        nameProblem(services, name, existing?.id),
      );
      if (typeof value === 'string') draft.name = value.trim();
      return value;
    },
    async () => {
      const value = await text(3, draft.description, vscode.l10n.t('Description (optional)'));
      if (typeof value === 'string') draft.description = value.trim();
      return value;
    },
    async () => {
      const items = [
        {
          label: vscode.l10n.t('Read'),
          detail: vscode.l10n.t('Integrations may read data with it.'),
          value: 'read' as const,
        },
        {
          label: vscode.l10n.t('Write'),
          detail: vscode.l10n.t('Integrations may also act with it (e.g. Response Actions).'),
          value: 'write' as const,
        },
      ];
      const picked = await askPick({
        title,
        step: 4,
        totalSteps: total(),
        items,
        placeholder: vscode.l10n.t('Permissions'),
        active: items.find((item) => item.value === draft.permissions),
      });
      if (picked && typeof picked === 'object') draft.permissions = picked.value;
      return picked;
    },
    async () => {
      const items = draft.type!.integrations.map((feature) => ({ label: feature }));
      const picked = await askPickMany({
        title,
        step: 5,
        totalSteps: total(),
        items,
        selected: items.filter((item) => draft.integrations.includes(item.label)),
        placeholder: vscode.l10n.t('Integrations with access'),
      });
      if (Array.isArray(picked)) draft.integrations = picked.map((item) => item.label);
      return picked;
    },
    async () => {
      const items = suspendChoices.flatMap((suspend) =>
        purgeChoices
          .filter((purge) => purge.days > suspend.days)
          .map((purge) => ({
            label: vscode.l10n.t('Suspend after {0}, purge after {1}', suspend.label, purge.label),
            policy: { suspendAfterDays: suspend.days, purgeAfterDays: purge.days },
          })),
      );
      const picked = await askPick({
        title,
        step: 6,
        totalSteps: total(),
        items,
        placeholder: vscode.l10n.t('Inactivity limit'),
        active: items.find(
          (item) =>
            item.policy.suspendAfterDays === draft.inactivity.suspendAfterDays &&
            item.policy.purgeAfterDays === draft.inactivity.purgeAfterDays,
        ),
      });
      if (picked && typeof picked === 'object') draft.inactivity = picked.policy;
      return picked;
    },
    async () => {
      if (!draft.type!.expires) return skip;
      const value = await text(
        7,
        draft.expiresOn,
        vscode.l10n.t('Expiration date (YYYY-MM-DD), if the vendor set one; empty for none'),
        (day) =>
          day.trim() === ''
            ? undefined
            : !isDay(day.trim())
              ? vscode.l10n.t('Enter a date as YYYY-MM-DD, e.g. {0}.', today(Date.now()))
              : daysUntil(day.trim(), Date.now()) < 0
                ? vscode.l10n.t('That day has passed.')
                : undefined,
      );
      if (typeof value === 'string') draft.expiresOn = value.trim();
      return value;
    },
    async () => {
      if (existing) return skip;
      const items = [
        {
          label: vscode.l10n.t('I understand the security implications of using this credential'),
          detail: vscode.l10n.t(
            '{0} can act in {1} with {2} permission. Vendor documentation: {3}',
            draft.integrations.join(', '),
            draft.type!.vendor,
            draft.permissions,
            draft.type!.docs,
          ),
        },
      ];
      const picked = await askPick({
        title,
        step: 8,
        totalSteps: total(),
        items,
        placeholder: vscode.l10n.t('Confirm to continue'),
      });
      if (picked && typeof picked === 'object') draft.acknowledged = true;
      return picked;
    },
  ];
  if (!(await runSteps(steps))) return undefined;
  const fieldSteps = draft.type!.fields.map((field, index) => async () => {
    const current = (field.secret ? draft.secrets : draft.values)[field.id] ?? '';
    const keepStored = existing !== undefined && field.secret;
    const prompt = keepStored ? vscode.l10n.t('{0} (leave empty to keep the stored one)', field.label) : field.label;
    const value = await text(
      9 + index,
      current,
      prompt,
      (input) => (keepStored && input === '' ? undefined : fieldProblem(field, input)),
      field.secret,
    );
    if (typeof value === 'string') {
      if (keepStored && value.trim() === '') delete draft.secrets[field.id];
      else (field.secret ? draft.secrets : draft.values)[field.id] = value.trim();
    }
    return value;
  });
  if (!(await runSteps(fieldSteps))) return undefined;
  return draft.acknowledged ? draft : undefined;
}

/** Copies one secret field (a tree node of the field, or `{ credential, field }`); counts as a use. */
export async function copyIntegrationSecret(services: Services, target: unknown) {
  let id: string;
  let fieldId: string;
  if (isTreeNode(target) && target.kind === 'integrationField') {
    id = target.credentialId;
    fieldId = target.fieldId;
  } else {
    const args = argsOf(target);
    if (!args) throw invalidInput('Choose a secret field of an integration credential in the Sophos Central view.');
    const wanted = stringArg(args, 'credential', true);
    const entry = findIntegration(services, wanted);
    if (!entry) throw invalidInput(`No integration credential "${wanted}".`);
    id = entry.id;
    fieldId = stringArg(args, 'field', true);
  }
  const entry = services.credentials.integration(id)!;
  const label = integrationType(entry.typeId)?.fields.find((field) => field.id === fieldId)?.label ?? fieldId;
  services.credentials.ensureUsable(id);
  const release = { what: vscode.l10n.t('the {0}', label), to: vscode.l10n.t('the clipboard'), credentialId: id };
  const copy = async () => copySecret(await services.credentials.secrets.integrationSecret(id, fieldId));
  if (!(await handOver(services, argsOf(target) !== undefined, release, copy)))
    return { id, field: fieldId, copied: false };
  if (!argsOf(target))
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the {0} of "{1}".', label, entry.name), 3000);
  services.logger.info(`Copied the ${label} of "${entry.name}".`);
  return { id, field: fieldId, copied: true };
}

/** The integration credential a target names (a node of ours, or `{ credential: id or name }`), if it names one. */
export function integrationTarget(services: Services, target: unknown): IntegrationRecord | undefined {
  if (isTreeNode(target)) return services.credentials.integration(target.credentialId);
  const wanted = argsOf(target)?.credential;
  return typeof wanted === 'string' ? findIntegration(services, wanted) : undefined;
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
