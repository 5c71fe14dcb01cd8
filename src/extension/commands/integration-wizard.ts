/**
 * The integration credential wizard: the same pages as Sophos' Integration Credential Manager (type, details,
 * permissions, integrations with access, inactivity limit, expiry, acknowledgement, the type's values).
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import {
  daysUntil,
  defaultInactivityPolicy,
  fieldProblem,
  integrationType,
  integrationTypes,
  isDay,
  purgeChoices,
  suspendChoices,
  today,
  type IntegrationRecord,
} from '../../core/credentials';
import { askPick, askPickMany, askText, runSteps, skip, type StepResult } from '../multi-step-input';
import { nameProblem } from '../name-problem';
import type { Services } from '../services';
import type { Draft } from './integration-draft';

/**
 * The wizard's pages. Given an existing credential they are its edit pages: prefilled, without the type (which
 * cannot change) and the acknowledgement (given when it was added); secret fields start empty, and empty keeps
 * the stored value (a stored secret never goes into an input box).
 */
export async function askDraft(services: Services, existing?: IntegrationRecord): Promise<Draft | undefined> {
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
