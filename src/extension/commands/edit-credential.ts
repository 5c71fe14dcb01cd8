/**
 * Edit Credential: one field of an API credential (name, description, role, or a new Client Secret, which signs
 * in before it replaces the stored one); an integration credential goes to its wizard's pages, prefilled.
 */
import * as vscode from 'vscode';
import { SophosApiError, invalidInput, normalizeClientSecret } from '../../core/api';
import { roleLabel, serviceRoles, type CredentialRecord } from '../../core/credentials';
import { consentToChange } from '../call-consent';
import { askText } from '../multi-step-input';
import { nameProblem } from '../name-problem';
import { showInformationMessage, showWarningMessage } from '../notifications';
import type { Services } from '../services';
import { withProgress } from '../ui';
import { chosenEntry } from './choose-credential';
import { clientSecretProblem } from './new-credential';
import type { Args } from './command-args';
import { editIntegrationCredential } from './integration-commands';
import type { EditField, Invocation } from './invocation';

/** Edits one field: the one an error's button names (Edit Secret, Edit Role), or the one the user picks. */
export async function editCredential(services: Services, invocation: Invocation<Args<'editCredential'>>) {
  const entry = await chosenEntry(services, invocation, vscode.l10n.t('Credential to edit'));
  if (!entry) return undefined;
  const integration = services.credentials.integration(entry.id);
  if (integration) return editIntegrationCredential(services, integration, invocation);
  const credential = services.credentials.require(entry.id);
  if (invocation.from === 'call') return editFromArguments(services, credential, invocation.args);

  let field = invocation.from === 'ui' && invocation.target.kind === 'action' ? invocation.target.field : undefined;
  if (!field) {
    const items: { label: string; description: string; field: EditField }[] = [
      { label: vscode.l10n.t('Name'), description: credential.name, field: 'name' },
      { label: vscode.l10n.t('Description'), description: credential.description ?? '', field: 'description' },
      { label: vscode.l10n.t('Role'), description: roleLabel(credential.role), field: 'role' },
      {
        label: vscode.l10n.t('Client Secret'),
        description: vscode.l10n.t('rotate: enter a new secret'),
        field: 'secret',
      },
    ];
    field = (
      await vscode.window.showQuickPick(items, {
        placeHolder: vscode.l10n.t('What to change in "{0}"', credential.name),
      })
    )?.field;
  }
  const title = vscode.l10n.t('Edit "{0}"', credential.name);
  switch (field) {
    case 'name': {
      const name = await askText({
        title,
        step: 1,
        totalSteps: 1,
        value: credential.name,
        prompt: vscode.l10n.t('New name'),
        validate: (text) => nameProblem(services, text.trim(), credential.id),
      });
      if (typeof name !== 'string') return undefined;
      return summary(await services.credentials.update(credential.id, { name }));
    }
    case 'description': {
      const description = await askText({
        title,
        step: 1,
        totalSteps: 1,
        value: credential.description ?? '',
        prompt: vscode.l10n.t('New description (empty to remove)'),
      });
      if (typeof description !== 'string') return undefined;
      return summary(
        await services.credentials.update(credential.id, { description: description.trim() || undefined }),
      );
    }
    case 'role': {
      const picked = await vscode.window.showQuickPick(
        serviceRoles.map((role) => ({
          label: role.label,
          detail: role.detail,
          role: role.id,
          picked: role.id === credential.role,
        })),
        { placeHolder: vscode.l10n.t('The role this credential has in Sophos Central'), matchOnDetail: true },
      );
      if (!picked) return undefined;
      return summary(await services.credentials.update(credential.id, { role: picked.role }));
    }
    case 'secret': {
      const secret = await askText({
        title,
        step: 1,
        totalSteps: 1,
        password: true,
        prompt: vscode.l10n.t('The new Client Secret. The old one is replaced only once this one is stored.'),
        validate: clientSecretProblem,
      });
      if (typeof secret !== 'string') return undefined;
      // The stored secret may be the only working copy (Sophos shows a secret once): the new one signs in first.
      const newSecret = normalizeClientSecret(secret);
      try {
        await withProgress(vscode.l10n.t('Checking the new Client Secret of "{0}"…', credential.name), (signal) =>
          services.credentials.rotateSecret(credential.id, newSecret, { context: { signal } }),
        );
      } catch (error) {
        if (error instanceof SophosApiError && error.kind === 'cancelled') return undefined;
        const keep = vscode.l10n.t('Keep the Old Secret');
        const replace = vscode.l10n.t('Replace Anyway');
        const message = error instanceof Error ? error.message : String(error);
        const chosen = await showWarningMessage(
          vscode.l10n.t('The new secret did not sign in: {0}', message),
          { modal: true, detail: vscode.l10n.t('The stored secret is kept unless you replace it anyway.') },
          keep,
          replace,
        );
        if (chosen !== replace) return summary(credential);
        await services.credentials.rotateSecret(credential.id, newSecret, { unchecked: true });
      }
      services.logger.info(`Rotated the Client Secret of "${credential.name}".`);
      void showInformationMessage(vscode.l10n.t('The Client Secret of "{0}" was replaced.', credential.name));
      return summary(services.credentials.require(credential.id));
    }
    default:
      return undefined;
  }
}

async function editFromArguments(services: Services, credential: CredentialRecord, args: Args<'editCredential'>) {
  const { name, description, role, clientSecret: secret } = args;
  if (name !== undefined) {
    const problem = nameProblem(services, name.trim(), credential.id);
    if (problem) throw invalidInput(problem);
  }
  if (secret !== undefined) {
    // Headless too: a secret that does not sign in never replaces the stored one, unless `test: false` says so.
    const unchecked = args.test === false;
    const detail = unchecked
      ? vscode.l10n.t(
          'The new secret is NOT checked: if it is wrong, the working one is lost (Sophos shows a secret only once).',
        )
      : vscode.l10n.t('The new secret signs in first: if Sophos refuses it, the stored one is kept.');
    if (
      !(await consentToChange(
        services,
        vscode.l10n.t('replace the Client Secret of "{0}"', credential.name),
        detail,
        vscode.l10n.t('Replace'),
      ))
    )
      return { ...summary(credential), replaced: false };
    await services.credentials.rotateSecret(credential.id, normalizeClientSecret(secret), { unchecked });
    services.logger.info(`Rotated the Client Secret of "${credential.name}".`);
  }
  const updated = await services.credentials.update(credential.id, {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description: description.trim() || undefined } : {}),
    ...(role !== undefined ? { role } : {}),
  });
  return summary(updated);
}

function summary(credential: CredentialRecord) {
  return {
    id: credential.id,
    name: credential.name,
    description: credential.description,
    role: credential.role,
    clientId: credential.clientId,
  };
}
