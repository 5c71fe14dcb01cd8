/**
 * Applies the lifecycle at start-up (after activation, never blocking it) and every hour: suspends and
 * purges what is due and shows each warning once. Sophos sends no alert before an API credential expires;
 * this is that alert.
 */
import * as vscode from 'vscode';
import type { LifecycleWarning } from '../core/credentials';
import { CommandId } from './command-ids';
import type { Services } from './services';

const firstCheckDelayMs = 5_000;
const checkEveryMs = 60 * 60_000;

export function startLifecycleMonitor(services: Services): vscode.Disposable {
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const result = await services.credentials.sweepLifecycle();
      for (const credential of result.suspended) {
        services.logger.warn(`Suspended "${credential.name}": unused for longer than its inactivity limit.`);
        void notify(vscode.l10n.t('"{0}" was suspended: it was not used for longer than its inactivity limit.', credential.name), credential.id, [vscode.l10n.t('Unsuspend')], [CommandId.unsuspendCredential]);
      }
      for (const credential of result.purged) {
        services.logger.warn(`Purged "${credential.name}": unused for longer than its purge limit. Its secrets were removed.`);
        void vscode.window.showWarningMessage(vscode.l10n.t('"{0}" was purged after its inactivity limit: it was removed from this editor with its secrets. It still exists in Sophos Central.', credential.name));
      }
      for (const { credential, warning } of result.warnings) {
        services.logger.warn(`"${credential.name}": ${describe(warning)}`);
        const [labels, commands] =
          warning.kind === 'expiry'
            ? [[vscode.l10n.t('Open Sophos Central Guide')], ['open-guide']]
            : [[vscode.l10n.t('Reset Inactivity Limit')], [CommandId.resetInactivity]];
        void notify(vscode.l10n.t('"{0}": {1}', credential.name, describe(warning)), credential.id, labels, commands);
      }
    } catch (error) {
      services.logger.error(`Lifecycle check failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void check(), firstCheckDelayMs);
  const timer = setInterval(() => void check(), checkEveryMs);
  const command = vscode.commands.registerCommand('sophosCentral.checkLifecycle', check);
  return { dispose: () => (clearTimeout(first), clearInterval(timer), command.dispose()) };
}

function describe(warning: LifecycleWarning): string {
  switch (warning.kind) {
    case 'expiry':
      return vscode.l10n.t('expires in {0} day(s), on {1}. Sophos sends no alert and then removes it: create its successor in Sophos Central now.', warning.daysLeft, warning.on);
    case 'suspension':
      return vscode.l10n.t('will be suspended for inactivity in {0} day(s), on {1}.', warning.daysLeft, warning.on);
    case 'purge':
      return vscode.l10n.t('will be purged for inactivity in {0} day(s), on {1}.', warning.daysLeft, warning.on);
  }
}

async function notify(message: string, credentialId: string, labels: string[], commands: string[]): Promise<void> {
  const chosen = await vscode.window.showWarningMessage(message, ...labels);
  const command = commands[labels.indexOf(chosen ?? '')];
  if (command === 'open-guide') {
    await vscode.env.openExternal(vscode.Uri.parse('https://docs.sophos.com/central/customer/help/en-us/ManageYourProducts/GlobalSettings/APICredentials/index.html'));
  } else if (command) {
    await vscode.commands.executeCommand(command, { kind: 'credential', credentialId });
  }
}
