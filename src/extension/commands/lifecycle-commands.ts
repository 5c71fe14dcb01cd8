/**
 * Suspend and unsuspend (any credential, a local block); reset the inactivity timer and change the inactivity
 * limit (integration credentials: API credentials have none, the service refuses).
 */
import * as vscode from 'vscode';
import { defaultInactivityPolicy, purgeChoices, suspendChoices, type LifecycleEntry } from '../../core/credentials';
import type { Services } from '../services';
import { chosenEntry } from './choose-credential';
import type { Args } from './command-args';
import type { Invocation } from './invocation';
import { showInformationMessage, showWarningMessage } from '../notifications';
import { consentToChange } from '../call-consent';

export async function suspendCredential(services: Services, invocation: Invocation<Args<'suspendCredential'>>) {
  const credential = await chosenEntry(services, invocation, vscode.l10n.t('Credential to suspend'));
  if (!credential) return undefined;
  if (invocation.from !== 'call') {
    const suspend = vscode.l10n.t('Suspend');
    const chosen = await showWarningMessage(
      vscode.l10n.t('Suspend "{0}"?', credential.name),
      {
        modal: true,
        detail: vscode.l10n.t(
          'No command can use it until you unsuspend it. It stays in Sophos Central and keeps working for other tools.',
        ),
      },
      suspend,
    );
    if (chosen !== suspend) return undefined;
  }
  const updated = await services.credentials.lifecycle.suspend(credential.id);
  services.logger.info(`Suspended "${credential.name}" by hand.`);
  return state(updated);
}

export async function unsuspendCredential(services: Services, invocation: Invocation<Args<'unsuspendCredential'>>) {
  const credential = await chosenEntry(services, invocation, vscode.l10n.t('Credential to unsuspend'));
  if (!credential) return undefined;
  // A suspension may be the user's block on a compromised credential: a command call lifts it only with a yes.
  if (invocation.from === 'call' && credential.suspended) {
    const detail = vscode.l10n.t(
      'Suspending blocks every use of it, by this editor and by other extensions. Unsuspend it only if you asked for this.',
    );
    if (
      !(await consentToChange(
        services,
        vscode.l10n.t('unsuspend "{0}"', credential.name),
        detail,
        vscode.l10n.t('Unsuspend'),
      ))
    )
      return state(credential);
  }
  const updated = await services.credentials.lifecycle.unsuspend(credential.id);
  services.logger.info(`Unsuspended "${credential.name}"; its inactivity timer starts again.`);
  if (invocation.from !== 'call')
    void showInformationMessage(
      vscode.l10n.t('"{0}" is active again; its inactivity timer starts over.', credential.name),
    );
  return state(updated);
}

export async function resetInactivity(services: Services, invocation: Invocation<Args<'resetInactivity'>>) {
  const credential = await chosenEntry(
    services,
    invocation,
    vscode.l10n.t('Credential whose inactivity timer to reset'),
  );
  if (!credential) return undefined;
  const updated = await services.credentials.lifecycle.resetInactivity(credential.id);
  services.logger.info(`Reset the inactivity timer of "${credential.name}".`);
  if (invocation.from !== 'call')
    void showInformationMessage(vscode.l10n.t('The inactivity timer of "{0}" starts over today.', credential.name));
  return state(updated);
}

/** `{ credential, suspendAfterDays, purgeAfterDays }`, or two quick picks. */
export async function setInactivityLimit(services: Services, invocation: Invocation<Args<'setInactivityLimit'>>) {
  const credential = await chosenEntry(services, invocation, vscode.l10n.t('Credential whose inactivity limit to set'));
  if (!credential) return undefined;
  services.credentials.lifecycle.ensureInactivityApplies(credential.id);
  const current = credential.inactivity ?? defaultInactivityPolicy;
  let policy = current;
  if (invocation.from === 'call') {
    const { suspendAfterDays = current.suspendAfterDays, purgeAfterDays = current.purgeAfterDays } = invocation.args;
    policy = { suspendAfterDays, purgeAfterDays };
  } else {
    const suspend = await vscode.window.showQuickPick(
      suspendChoices.map((choice) => ({
        label: vscode.l10n.t('Suspend after {0} unused', choice.label),
        days: choice.days,
        picked: choice.days === current.suspendAfterDays,
      })),
      { placeHolder: vscode.l10n.t('When "{0}" is suspended if nothing uses it', credential.name) },
    );
    if (!suspend) return undefined;
    const purge = await vscode.window.showQuickPick(
      purgeChoices
        .filter((choice) => choice.days > suspend.days)
        .map((choice) => ({ label: vscode.l10n.t('Purge after {0} unused', choice.label), days: choice.days })),
      {
        placeHolder: vscode.l10n.t('When Sophos Central purges it (nothing is deleted here: you are asked what to do)'),
      },
    );
    if (!purge) return undefined;
    policy = { suspendAfterDays: suspend.days, purgeAfterDays: purge.days };
  }
  const updated = await services.credentials.lifecycle.setInactivityPolicy(credential.id, policy);
  services.logger.info(
    `Inactivity limit of "${credential.name}": suspend after ${policy.suspendAfterDays} days, purge after ${policy.purgeAfterDays} days; a new period starts today.`,
  );
  return state(updated);
}

function state(credential: LifecycleEntry) {
  return {
    id: credential.id,
    suspended: credential.suspended !== undefined,
    unsuspendedAt: credential.unsuspendedAt,
    inactivityResetAt: credential.inactivityResetAt,
    // API credentials have no inactivity limit: none is reported for them.
    inactivity: 'typeId' in credential ? (credential.inactivity ?? defaultInactivityPolicy) : undefined,
  };
}
