/**
 * Applies the lifecycle at start-up (after activation, never blocking it) and every hour: suspends integration
 * credentials past their inactivity limit and shows each warning once. Nothing is deleted here: a credential
 * past its purge limit is announced as probably purged in Sophos Central, with Test, Delete and Keep. Sophos
 * sends no alert before an API credential expires; this is that alert.
 */
import * as vscode from 'vscode';
import type { LifecycleWarning } from '../core/credentials';
import { CommandId } from './command-ids';
import type { CredentialsAndLog } from './services';
import { actionOn } from './commands/invocation';
import { showWarningMessage } from './notifications';

const firstCheckDelayMs = 5_000;
const checkEveryMs = 60 * 60_000;
const apiCredentialsGuide =
  'https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/GlobalSettings/APICredentials/index.html';

/** One notification of a check: its text and its buttons, each a command run on the credential (or a link). */
export interface LifecycleNotice {
  credentialId: string;
  message: string;
  actions: { label: string; command: string }[];
}

export interface LifecycleMonitor extends vscode.Disposable {
  /** Runs a check now (tests pass a clock and the credentials to look at); resolves with what it announced. */
  check(options?: { now?: number; only?: readonly string[] }): Promise<LifecycleNotice[]>;
}

export function startLifecycleMonitor(services: CredentialsAndLog): LifecycleMonitor {
  let running: Promise<LifecycleNotice[]> | undefined;
  const check = (options: { now?: number; only?: readonly string[] } = {}) => {
    running ??= sweep(services, options).finally(() => (running = undefined));
    return running;
  };
  const first = setTimeout(() => void check(), firstCheckDelayMs);
  const timer = setInterval(() => void check(), checkEveryMs);
  return { check, dispose: () => (clearTimeout(first), clearInterval(timer)) };
}

async function sweep(
  services: CredentialsAndLog,
  options: { now?: number; only?: readonly string[] },
): Promise<LifecycleNotice[]> {
  const notices: LifecycleNotice[] = [];
  try {
    const result = await services.credentials.lifecycle.sweep(options);
    for (const credential of result.suspended) {
      services.logger.warn(`Suspended "${credential.name}": unused for longer than its inactivity limit.`);
      notices.push({
        credentialId: credential.id,
        message: vscode.l10n.t(
          '"{0}" was suspended: it was not used for longer than its inactivity limit (Sophos Central suspends it too). Nothing was deleted.',
          credential.name,
        ),
        actions: [{ label: vscode.l10n.t('Unsuspend'), command: CommandId.unsuspendCredential }],
      });
    }
    for (const { credential, warning } of result.warnings) {
      services.logger.warn(`"${credential.name}": ${describe(warning)}`);
      notices.push({
        credentialId: credential.id,
        message: vscode.l10n.t('"{0}": {1}', credential.name, describe(warning)),
        actions: actionsFor(warning),
      });
    }
  } catch (error) {
    services.logger.error(`Lifecycle check failed: ${(error as Error).message}`);
  }
  for (const notice of notices) void notify(notice);
  return notices;
}

function actionsFor(warning: LifecycleWarning): LifecycleNotice['actions'] {
  switch (warning.kind) {
    case 'expiry':
      return [{ label: vscode.l10n.t('Open Sophos Central Guide'), command: apiCredentialsGuide }];
    case 'probablyPurged':
      // Keep starts a new inactivity period: the credential is not announced again for that period.
      return [
        { label: vscode.l10n.t('Test'), command: CommandId.testCredential },
        { label: vscode.l10n.t('Delete'), command: CommandId.deleteCredential },
        { label: vscode.l10n.t('Keep'), command: CommandId.resetInactivity },
      ];
    default:
      return [{ label: vscode.l10n.t('Reset Inactivity Limit'), command: CommandId.resetInactivity }];
  }
}

function describe(warning: LifecycleWarning): string {
  switch (warning.kind) {
    case 'expiry':
      return vscode.l10n.t(
        'expires in {0} day(s), on {1}. Sophos sends no alert and then removes it: create its successor in Sophos Central now.',
        warning.daysLeft,
        warning.on,
      );
    case 'suspension':
      return vscode.l10n.t('will be suspended for inactivity in {0} day(s), on {1}.', warning.daysLeft, warning.on);
    case 'purge':
      return vscode.l10n.t(
        'Sophos Central will probably purge it for inactivity in {0} day(s), on {1}. Nothing is deleted here.',
        warning.daysLeft,
        warning.on,
      );
    case 'probablyPurged':
      return vscode.l10n.t(
        'probably purged in Sophos Central: unused since before its purge limit ({0}). Nothing was deleted here: Test it, Delete it, or Keep it (its inactivity timer starts over).',
        warning.on,
      );
  }
}

async function notify(notice: LifecycleNotice): Promise<void> {
  const label = await showWarningMessage(notice.message, ...notice.actions.map((action) => action.label));
  const command = notice.actions.find((action) => action.label === label)?.command;
  if (!command) return;
  if (command.startsWith('https:')) await vscode.env.openExternal(vscode.Uri.parse(command));
  else await vscode.commands.executeCommand(command, actionOn(notice.credentialId));
}
