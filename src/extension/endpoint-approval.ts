/**
 * Before the first secret goes to a host that is not Sophos' own (`*.sophos.com` over https), the user
 * confirms that host, once. Any extension can write the user's settings, so `sophosCentral.idUrl` alone never
 * decides where a Client Secret goes; the answer is kept in this extension's global state, which no other
 * extension can write.
 */
import * as vscode from 'vscode';
import { SophosApiError, invalidInput, secretUrlProblem, type CentralEndpoints } from '../core/api';
import type { Logger } from './log';
import { showWarningMessage } from './notifications';

const approvedKey = 'sophosCentral.approvedHosts.v1';

export function isSophosOrigin(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && (parsed.hostname === 'sophos.com' || parsed.hostname.endsWith('.sophos.com')) && (parsed.port === '' || parsed.port === '443');
}

export function endpointGuard(context: vscode.ExtensionContext, logger: Logger): (endpoints: CentralEndpoints) => Promise<void> {
  const asking = new Map<string, Promise<boolean>>();
  const approved = () => context.globalState.get<string[]>(approvedKey) ?? [];
  return async (endpoints) => {
    for (const url of [endpoints.idUrl, endpoints.apiUrl]) {
      const problem = secretUrlProblem(url);
      if (problem) throw invalidInput(problem);
      if (isSophosOrigin(url)) continue;
      const origin = new URL(url).origin;
      if (approved().includes(origin)) continue;
      let answer = asking.get(origin);
      if (!answer) {
        answer = ask(context, origin).finally(() => asking.delete(origin));
        asking.set(origin, answer);
      }
      if (!(await answer)) {
        logger.warn(`Nothing was sent to ${origin}: the user did not allow it.`);
        throw new SophosApiError('invalidInput', `Nothing was sent: ${origin} is not a Sophos host and you did not allow it. Point sophosCentral.idUrl and sophosCentral.apiUrl back at Sophos (https://id.sophos.com, https://api.central.sophos.com), or allow the host when asked.`);
      }
      logger.info(`The user allowed secrets to go to ${origin}.`);
    }
  };
}

async function ask(context: vscode.ExtensionContext, origin: string): Promise<boolean> {
  // Modal dialogs cannot show in the extension's own test runs; Test mode is not something another extension can set.
  let allowed = context.extensionMode === vscode.ExtensionMode.Test;
  if (!allowed) {
    const allow = vscode.l10n.t('Allow {0}', origin);
    const chosen = await showWarningMessage(
      vscode.l10n.t('Send your Sophos Central Client Secret and bearer tokens to {0}?', origin),
      { modal: true, detail: vscode.l10n.t('The settings sophosCentral.idUrl / sophosCentral.apiUrl point at {0}, which is not a Sophos host. Allow it only if it is yours: a test server such as the bundled sandbox, or a gateway you run. You are asked once per host.', origin) },
      allow,
    );
    allowed = chosen === allow;
  }
  if (allowed) await context.globalState.update(approvedKey, [...new Set([...(context.globalState.get<string[]>(approvedKey) ?? []), origin])]);
  return allowed;
}
