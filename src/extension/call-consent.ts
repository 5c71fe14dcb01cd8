/**
 * Any extension (and any keybinding) can call our commands with an argument object. Such a call never decides
 * on its own to let a secret out or to destroy what the user stored: the user says yes in a modal dialog that
 * names what, where and for which credential. Gestures in our own UI (see commands/invocation.ts) never come here.
 *
 * In the extension's own test runs VS Code refuses to show modal dialogs, so consent is assumed there; the
 * release is still logged and recorded. Test mode cannot be entered by another extension.
 */
import * as vscode from 'vscode';
import type { Services } from './services';
import { showWarningMessage } from './notifications';

export interface SecretRelease {
  /** What leaves SecretStorage: "the SLS token "CI runner"". */
  what: string;
  /** Where it goes: "the clipboard", "the file deploy/.env". */
  to: string;
  /** The API or integration credential it belongs to. */
  credentialId: string;
}

/**
 * Hands a secret over with `hand`: at once for our own UI; for a command call only once the user allows it,
 * and then the release is logged and put in the credential's request log. False when the user refused.
 */
export async function handOver(
  services: Services,
  fromCommandCall: boolean,
  release: SecretRelease,
  hand: () => Promise<unknown>,
): Promise<boolean> {
  if (!fromCommandCall) {
    await hand();
    return true;
  }
  if (!(await consentToRelease(services, release))) return false;
  await hand();
  recordRelease(services, release);
  return true;
}

/** A secret a command call got, after the user allowed it: in the log and in the credential's request log. */
export function recordRelease(services: Services, release: SecretRelease): void {
  const name = credentialName(services, release.credentialId);
  services.logger.warn(`Released ${release.what} of "${name}" to ${release.to} for a command call.`);
  services.usage.recordLocalUse(release.credentialId, {
    time: new Date().toISOString(),
    feature: 'Command call',
    what: `released to a command call: ${release.what} to ${release.to}`,
  });
}

/** Asks before a command call releases a secret (see handOver, which also records it). */
export async function consentToRelease(services: Services, release: SecretRelease): Promise<boolean> {
  const name = credentialName(services, release.credentialId);
  const allowed = await ask(
    services,
    vscode.l10n.t('A command call asks for {0} of "{1}", to be put in {2}.', release.what, name, release.to),
    vscode.l10n.t(
      'Allow it only if you started this yourself (a keybinding or a task of yours): whoever called the command can read the value.',
    ),
    vscode.l10n.t('Allow'),
  );
  services.logger.warn(
    `A command call asked for ${release.what} of "${name}" to ${release.to}: ${allowed ? 'allowed' : 'refused'} by the user.`,
  );
  return allowed;
}

/** Asks before a command call deletes, revokes, overwrites or unblocks something the user stored or decided. */
export async function consentToChange(
  services: Services,
  what: string,
  detail: string,
  button: string,
): Promise<boolean> {
  const allowed = await ask(services, vscode.l10n.t('A command call asks to {0}.', what), detail, button);
  services.logger.warn(`A command call asked to ${what}: ${allowed ? 'allowed' : 'refused'} by the user.`);
  return allowed;
}

async function ask(services: Services, message: string, detail: string, button: string): Promise<boolean> {
  if (services.testMode) return true;
  return (await showWarningMessage(message, { modal: true, detail }, button)) === button;
}

function credentialName(services: Services, id: string): string {
  return services.credentials.get(id)?.name ?? services.credentials.integration(id)?.name ?? id;
}
