/** Update Token: a token's label and expiry changed in Sophos Central (PATCH), from the tree, the palette or a call. */
import * as vscode from 'vscode';
import { invalidInput, labelProblem, type AccessToken } from '../../core/api';
import { consentToChange } from '../call-consent';
import { labelText } from '../display';
import type { Services } from '../services';
import { effectiveTenantId } from '../workspace-binding';
import type { CredentialsTreeProvider } from '../tree/credentials-tree';
import { withProgress } from '../ui';
import { pickCredential } from './choose-credential';
import type { Args } from './command-args';
import type { Invocation } from './invocation';
import { askExpiry, tokenCredential } from './token-commands';

/** A token node, `{ tokenId, credential?, label?, expiresAt? }`, or nothing (the user picks). */
export async function updateToken(
  services: Services,
  tree: CredentialsTreeProvider,
  invocation: Invocation<Args<'updateToken'>>,
) {
  if (invocation.from === 'call') {
    const { tokenId, label, expiresAt } = invocation.args;
    const credential = tokenCredential(services, invocation.args);
    if (label === undefined && expiresAt === undefined) throw invalidInput('Give a new "label" or "expiresAt".');
    // A new expiry can end a token within the minute: as final for its sensors as revoking it.
    if (expiresAt !== undefined) {
      const what = vscode.l10n.t(
        'change when the SLS token {0} of "{1}" expires, to {2}',
        tokenId,
        credential.name,
        expiresAt,
      );
      const detail = vscode.l10n.t('Sensors that use it can no longer reach the package repository once it expires.');
      if (!(await consentToChange(services, what, detail, vscode.l10n.t('Change'))))
        return { id: tokenId, updated: false };
    }
    // The core checks label and expiry as on create, before any request.
    // A token the call does not keep here is looked for on this window's tenant, where the tree lists it.
    const updated = await services.credentials.tokens
      .update(credential.id, tokenId, { label, expiresAt }, {}, effectiveTenantId(services, credential))
      .finally(() => tree.refreshTokens(credential.id));
    services.logger.info(
      `Updated SLS token ${tokenId} of "${credential.name}" for a command call: ${JSON.stringify({ label, expiresAt })}.`,
    );
    return summary(updated.token);
  }
  const target = invocation.from === 'ui' ? invocation.target : undefined;
  const picked =
    target?.kind === 'token'
      ? { credentialId: target.credentialId, tokenId: target.tokenId, label: target.label, tenantId: target.tenantId }
      : await pickToken(services);
  if (!picked) return undefined;
  const label = await vscode.window.showInputBox({
    title: vscode.l10n.t('Update SLS token "{0}"', labelText(picked.label)),
    prompt: vscode.l10n.t('A label for the token: 1 to 50 letters, digits, spaces, commas, hyphens or periods.'),
    value: labelProblem(picked.label) ? '' : picked.label,
    validateInput: (text) => labelProblem(text),
    ignoreFocusOut: true,
  });
  if (label === undefined) return undefined;
  const expiresAt = await askExpiry({ label: vscode.l10n.t('Keep the current expiry'), description: '' });
  if (expiresAt === null) return undefined;
  const change = { ...(label !== picked.label ? { label } : {}), ...(expiresAt ? { expiresAt } : {}) };
  if (Object.keys(change).length === 0) return undefined;
  const updated = await withProgress(vscode.l10n.t('Updating "{0}"…', labelText(picked.label)), (signal) =>
    services.credentials.tokens
      .update(picked.credentialId, picked.tokenId, change, { signal }, picked.tenantId)
      .finally(() => tree.refreshTokens(picked.credentialId)),
  );
  services.logger.info(`Updated SLS token ${picked.tokenId}: ${JSON.stringify(change)}.`);
  void vscode.window.setStatusBarMessage(
    vscode.l10n.t('Updated the SLS token "{0}".', labelText(updated.token.label ?? label)),
    4000,
  );
  return summary(updated.token);
}

async function pickToken(
  services: Services,
): Promise<{ credentialId: string; tokenId: string; label: string; tenantId: string } | undefined> {
  const credential = await pickCredential(services, vscode.l10n.t('Credential whose token to update'));
  if (!credential) return undefined;
  const { tokens, tenantId } = await withProgress(
    vscode.l10n.t('Listing the tokens of "{0}"…', credential.name),
    (signal) =>
      services.credentials.tokens.listInCentral(credential.id, { signal }, effectiveTenantId(services, credential)),
  );
  if (tokens.length === 0) throw invalidInput(`"${credential.name}" has no access tokens in Sophos Central.`);
  const chosen = await vscode.window.showQuickPick(
    tokens.map((token) => ({
      label: labelText(token.label ?? token.id),
      description: token.expiresAt
        ? vscode.l10n.t('expires {0}', token.expiresAt.slice(0, 10))
        : vscode.l10n.t('no expiry'),
      detail: token.id,
      token,
    })),
    { placeHolder: vscode.l10n.t('SLS token to update'), matchOnDetail: true },
  );
  return chosen && { credentialId: credential.id, tokenId: chosen.token.id, label: chosen.token.label ?? '', tenantId };
}

function summary(token: AccessToken) {
  return { id: token.id, label: token.label, expiresAt: token.expiresAt };
}
