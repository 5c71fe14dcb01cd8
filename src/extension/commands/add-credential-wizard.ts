/**
 * The Add Credential wizard: seven steps (name, description, role, Client ID, Client Secret, creation date, the
 * expiry Sophos Central shows, prefilled with created + 36 months), then a connection test (token + whoami)
 * under a cancellable progress. On failure the user can fix the secret, retry or save it untested: what they
 * typed is never thrown away.
 */
import * as vscode from 'vscode';
import { SophosApiError, regionName, uuidProblem, type WhoAmI } from '../../core/api';
import { credentialExpiresOn, serviceRoles, type CredentialRecord } from '../../core/credentials';
import { CommandId } from '../command-ids';
import { presentError } from '../error-presentation';
import { askPick, askText, runSteps } from '../multi-step-input';
import { nameProblem } from '../name-problem';
import { showErrorMessage, showInformationMessage } from '../notifications';
import type { Services } from '../services';
import { showFailure, withProgress } from '../ui';
import { actionOn } from './invocation';
import {
  clientSecretProblem,
  createdOnProblem,
  expiresOnProblem,
  newDraft,
  result,
  save,
  type AddCredentialResult,
} from './new-credential';

const maxDescriptionLength = 500;

export async function addWithWizard(services: Services): Promise<AddCredentialResult | undefined> {
  const draft = newDraft();
  const title = vscode.l10n.t('Add Sophos Central API Credential');
  const totalSteps = 7;
  const roleItems = serviceRoles.map((role) => ({
    label: role.label,
    description: role.id === 'superAdmin' ? vscode.l10n.t('needed to mint SLS tokens') : '',
    detail: role.detail,
    role: role.id,
  }));
  const secretStep = async () => {
    const value = await askText({
      title,
      step: 5,
      totalSteps,
      password: true,
      value: draft.clientSecret,
      prompt: vscode.l10n.t(
        'The Client Secret, shown once when the credential was created. It is kept in SecretStorage only.',
      ),
      validate: clientSecretProblem,
    });
    if (typeof value === 'string') draft.clientSecret = value.trim();
    return value;
  };
  const completed = await runSteps([
    async () => {
      const value = await askText({
        title,
        step: 1,
        totalSteps,
        value: draft.name,
        prompt: vscode.l10n.t('A name for this credential, e.g. the one it has in Sophos Central.'),
        placeholder: vscode.l10n.t('e.g. Acme SLS provisioning'),
        validate: (text) => nameProblem(services, text.trim()),
      });
      if (typeof value === 'string') draft.name = value.trim();
      return value;
    },
    async () => {
      const value = await askText({
        title,
        step: 2,
        totalSteps,
        value: draft.description,
        prompt: vscode.l10n.t('Optional: what it is for (press Enter to skip).'),
        validate: (text) =>
          text.length > maxDescriptionLength
            ? vscode.l10n.t('At most {0} characters.', maxDescriptionLength)
            : undefined,
      });
      if (typeof value === 'string') draft.description = value.trim();
      return value;
    },
    async () => {
      const value = await askPick({
        title,
        step: 3,
        totalSteps,
        items: roleItems,
        matchOnDetail: true,
        active: roleItems.find((item) => item.role === draft.role),
        placeholder: vscode.l10n.t('The role chosen in Sophos Central. Give a credential only the access it needs.'),
      });
      if (value && typeof value === 'object') draft.role = value.role;
      return value;
    },
    async () => {
      const value = await askText({
        title,
        step: 4,
        totalSteps,
        value: draft.clientId,
        prompt: vscode.l10n.t('The Client ID, a UUID from API Credentials Management.'),
        placeholder: '12345678-abcd-4ef0-9876-0123456789ab',
        validate: (text) => uuidProblem(text),
      });
      if (typeof value === 'string') draft.clientId = value.trim().toLowerCase();
      return value;
    },
    secretStep,
    async () => {
      const value = await askText({
        title,
        step: 6,
        totalSteps,
        value: draft.createdOn,
        prompt: vscode.l10n.t(
          'The day the credential was created (YYYY-MM-DD). It expires 36 months later, and Sophos sends no warning.',
        ),
        validate: (text) => createdOnProblem(text.trim()),
      });
      if (typeof value === 'string') draft.createdOn = value.trim();
      return value;
    },
    async () => {
      const standard = credentialExpiresOn(draft.createdOn);
      const value = await askText({
        title,
        step: 7,
        totalSteps,
        value: draft.expiresOn || standard,
        prompt: vscode.l10n.t(
          'The expiry date Sophos Central shows for it (YYYY-MM-DD): 36 months after creation unless Central shows another.',
        ),
        validate: (text) => expiresOnProblem(text.trim(), draft.createdOn),
      });
      if (typeof value === 'string') draft.expiresOn = value.trim() === standard ? '' : value.trim();
      return value;
    },
  ]);
  if (!completed) return undefined;

  // Test, and on failure let the user fix the secret, retry or save untested, until saved or dismissed.
  for (;;) {
    try {
      const signedIn = await withProgress(vscode.l10n.t('Testing "{0}" with Sophos Central…', draft.name), (signal) =>
        services.credentials.trySecret(draft.clientId, draft.clientSecret, { signal, feature: 'Connection test' }),
      );
      const credential = await save(services, draft, signedIn);
      void announce(credential, signedIn.whoami);
      return result(credential, true);
    } catch (error) {
      const cancelledByUser = error instanceof SophosApiError && error.kind === 'cancelled';
      const message = cancelledByUser
        ? vscode.l10n.t('The connection test was cancelled.')
        : (presentError(error, true).message ?? String(error));
      if (!cancelledByUser) services.logger.error(`Adding "${draft.name}": ${message}`);
      const editSecret = vscode.l10n.t('Edit Secret');
      const retry = vscode.l10n.t('Retry');
      const saveUntested = vscode.l10n.t('Save Untested');
      const isSecretProblem = error instanceof SophosApiError && error.kind === 'auth';
      const buttons = isSecretProblem ? [editSecret, retry, saveUntested] : [retry, saveUntested];
      const chosen = await (cancelledByUser ? showInformationMessage : showErrorMessage)(message, ...buttons);
      if (chosen === saveUntested) {
        try {
          const credential = await save(services, draft);
          void showInformationMessage(
            vscode.l10n.t('Saved "{0}" untested. Test it from the Sophos Central view when you can.', credential.name),
          );
          return result(credential, false);
        } catch (saveError) {
          await showFailure(services, saveError);
          return undefined;
        }
      }
      if (chosen === editSecret) {
        const edited = await secretStep();
        if (typeof edited !== 'string') return undefined;
        continue;
      }
      if (chosen !== retry) return undefined;
    }
  }
}

async function announce(credential: CredentialRecord, whoami: WhoAmI): Promise<void> {
  const region = whoami.apiHosts.dataRegion ? regionName(whoami.apiHosts.dataRegion) : undefined;
  const text =
    whoami.idType === 'tenant'
      ? vscode.l10n.t('"{0}" works: tenant {1}, data region {2}.', credential.name, whoami.id, region ?? '—')
      : vscode.l10n.t(
          '"{0}" works: {1} {2}. Choose a tenant to mint tokens in.',
          credential.name,
          whoami.idType,
          whoami.id,
        );
  const next = whoami.idType === 'tenant' ? vscode.l10n.t('Create SLS Token') : vscode.l10n.t('Select Tenant');
  const chosen = await showInformationMessage(text, next);
  if (chosen === next) {
    await vscode.commands.executeCommand(
      whoami.idType === 'tenant' ? CommandId.createSlsToken : CommandId.selectTenant,
      actionOn(credential.id),
    );
  }
}
