/**
 * Copy for Connector Profile: a connector that signs in with OAuth 2.0 client credentials (StackOne's Sophos
 * Central connector, for one) needs the Client ID and the Client Secret, pasted into two fields. The Client ID
 * is copied first; the secret only when the user asks, and it is cleared from the clipboard afterwards.
 */
import * as vscode from 'vscode';
import { copySecret } from '../clipboard';
import { handOver } from '../call-consent';
import type { Services } from '../services';
import { chosenCredential } from './choose-credential';
import type { Args } from './command-args';
import type { Invocation } from './invocation';
import { showInformationMessage } from '../notifications';

export async function copyForConnectorProfile(
  services: Services,
  invocation: Invocation<Args<'copyForConnectorProfile'>>,
) {
  const credential = await chosenCredential(
    services,
    invocation,
    vscode.l10n.t('Credential for the connector profile'),
  );
  if (!credential) return undefined;
  services.credentials.ensureUsable(credential.id);
  const readSecret = () => services.credentials.secrets.clientSecret(credential.id);
  if (invocation.from === 'call') {
    const what = invocation.args.copy ?? 'clientId';
    if (what === 'clientId') await vscode.env.clipboard.writeText(credential.clientId);
    else {
      const release = {
        what: vscode.l10n.t('the Client Secret'),
        to: vscode.l10n.t('the clipboard'),
        credentialId: credential.id,
      };
      if (!(await handOver(services, true, release, async () => copySecret(await readSecret()))))
        return { id: credential.id, copied: undefined };
    }
    services.logger.info(
      `Copied the ${what === 'clientId' ? 'Client ID' : 'Client Secret'} of "${credential.name}" for a connector profile.`,
    );
    return { id: credential.id, copied: what };
  }

  await vscode.env.clipboard.writeText(credential.clientId);
  const next = vscode.l10n.t('Copy Client Secret');
  const chosen = await showInformationMessage(
    vscode.l10n.t(
      'Client ID of "{0}" copied: paste it into the connector profile\'s "Client ID" field (type: OAuth 2.0 Client Credentials). Then copy the secret.',
      credential.name,
    ),
    next,
  );
  if (chosen !== next) return { id: credential.id, copied: 'clientId' };
  const seconds = await copySecret(await readSecret());
  services.logger.info(`Copied the Client Secret of "${credential.name}" for a connector profile.`);
  void showInformationMessage(
    seconds > 0
      ? vscode.l10n.t(
          'Client Secret copied: paste it into the "Client Secret" field. The clipboard is cleared in {0} s.',
          seconds,
        )
      : vscode.l10n.t('Client Secret copied: paste it into the "Client Secret" field, then clear your clipboard.'),
  );
  return { id: credential.id, copied: 'clientSecret' };
}
