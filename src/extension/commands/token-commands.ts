/** Copy and revoke SLS tokens, and the expiry choice that creating and updating one share. */
import { confirmTenant, effectiveTenantId } from '../workspace-binding';
import * as vscode from 'vscode';
import { invalidInput, parseExpiry } from '../../core/api';
import { isDay, today, type CredentialRecord } from '../../core/credentials';
import { consentToChange, handOver } from '../call-consent';
import { copySecret } from '../clipboard';
import { CommandId } from '../command-ids';
import { showInformationMessage, showWarningMessage } from '../notifications';
import type { Services } from '../services';
import type { CredentialsTreeProvider } from '../tree/credentials-tree';
import { withProgress } from '../ui';
import type { Args } from './command-args';
import type { Invocation } from './invocation';

const dayMs = 86_400_000;

/**
 * undefined: the first choice (no expiry, or what `first` names, e.g. "keep the current one"); null: the user
 * dismissed the choice.
 */
export async function askExpiry(first?: { label: string; description: string }): Promise<string | undefined | null> {
  const inDays = (days: number) => new Date(Date.now() + days * dayMs).toISOString();
  const items = [
    {
      label: first?.label ?? vscode.l10n.t('No expiry'),
      description: first?.description ?? vscode.l10n.t('valid until revoked (or the server licence ends)'),
      value: () => undefined,
    },
    { label: vscode.l10n.t('30 days'), description: inDays(30).slice(0, 10), value: () => inDays(30) },
    { label: vscode.l10n.t('90 days'), description: inDays(90).slice(0, 10), value: () => inDays(90) },
    { label: vscode.l10n.t('1 year'), description: inDays(365).slice(0, 10), value: () => inDays(365) },
    { label: vscode.l10n.t('Choose a date…'), description: '', value: () => 'choose' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: vscode.l10n.t('When the token expires (a date past the server licence is cut back to it)'),
    ignoreFocusOut: true,
  });
  if (!picked) return null;
  const value = picked.value();
  if (value !== 'choose') return value;
  const day = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Expiry date (YYYY-MM-DD), in the future'),
    value: today(Date.now() + 180 * dayMs),
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (!isDay(text.trim())) return vscode.l10n.t('Enter a date as YYYY-MM-DD.');
      try {
        parseExpiry(text.trim());
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  return day === undefined ? null : parseExpiry(day.trim());
}

/** The stored value of a token node or `{ tokenId }` to the clipboard. */
export async function copyToken(services: Services, invocation: Invocation<Args<'copyToken'>>) {
  const tokenId = tokenIdOf(invocation);
  if (!tokenId) return undefined;
  const record = services.credentials.tokens.record(tokenId);
  const value = await services.credentials.tokens.value(tokenId);
  if (value === undefined || !record) {
    throw invalidInput(
      "This token's value is not kept in SecretStorage (it was minted elsewhere, or the value was lost). Sophos never shows a value twice: create a new token.",
    );
  }
  const release = {
    what: vscode.l10n.t('the SLS token "{0}"', record.label),
    to: vscode.l10n.t('the clipboard'),
    credentialId: record.credentialId,
  };
  if (!(await handOver(services, invocation.from === 'call', release, () => copySecret(value))))
    return { tokenId, copied: false };
  if (invocation.from !== 'call') void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the SLS token.'), 3000);
  return { tokenId, copied: true };
}

export async function revokeToken(
  services: Services,
  tree: CredentialsTreeProvider,
  invocation: Invocation<Args<'revokeToken'>>,
) {
  const tokenId = tokenIdOf(invocation);
  if (!tokenId) return undefined;
  const node = invocation.from === 'ui' && invocation.target.kind === 'token' ? invocation.target : undefined;
  const credential = node
    ? services.credentials.require(node.credentialId)
    : tokenCredential(services, invocation.from === 'call' ? invocation.args : { tokenId });
  const record = services.credentials.tokens.record(tokenId);
  const label = node?.label ?? record?.label ?? tokenId;
  // Where it is revoked: the tenant it was minted or listed on; a bound workspace says so first if that differs.
  const tenantId = record?.tenantId ?? node?.tenantId ?? effectiveTenantId(services, credential);
  if (!(await confirmTenant(services, credential, tenantId)))
    return invocation.from === 'call' ? { tokenId, revoked: false } : undefined;
  if (invocation.from !== 'call') {
    const revoke = vscode.l10n.t('Revoke');
    const chosen = await showWarningMessage(
      vscode.l10n.t('Revoke the SLS token "{0}"?', label),
      {
        modal: true,
        detail: vscode.l10n.t('Sensors that use it can no longer reach the package repository. This cannot be undone.'),
      },
      revoke,
    );
    if (chosen !== revoke) return undefined;
    await withProgress(vscode.l10n.t('Revoking "{0}"…', label), (signal) =>
      services.credentials.tokens.revoke(credential.id, tokenId, { signal }, tenantId),
    ).then(
      () => tree.refreshTokens(credential.id),
      (error: unknown) => {
        tree.refreshTokens(credential.id);
        throw error;
      },
    );
  } else {
    const detail = vscode.l10n.t(
      'Sensors that use it can no longer reach the package repository. This cannot be undone.',
    );
    if (
      !(await consentToChange(
        services,
        vscode.l10n.t('revoke the SLS token "{0}" of "{1}"', label, credential.name),
        detail,
        vscode.l10n.t('Revoke'),
      ))
    )
      return { tokenId, revoked: false };
    await services.credentials.tokens
      .revoke(credential.id, tokenId, {}, tenantId)
      .finally(() => tree.refreshTokens(credential.id));
  }
  services.logger.info(`Revoked SLS token ${tokenId} ("${label}") of "${credential.name}".`);
  return { tokenId, revoked: true };
}

/** A token command acts on a token in the tree, or the one a call names; the palette points to the tree. */
function tokenIdOf(invocation: Invocation<{ tokenId: string }>): string | undefined {
  if (invocation.from === 'ui') {
    if (invocation.target.kind !== 'token') throw invalidInput('Choose an access token in the Sophos Central view.');
    return invocation.target.tokenId;
  }
  if (invocation.from === 'call') return invocation.args.tokenId;
  void showInformationMessage(
    vscode.l10n.t('Choose a token under "Access tokens" in the Sophos Central view, then use its menu.'),
  );
  void vscode.commands.executeCommand(CommandId.refresh);
  return undefined;
}

/** The credential a token call names (`credential`), else the one the stored token belongs to. */
export function tokenCredential(services: Services, args: { tokenId: string; credential?: string }): CredentialRecord {
  const named = args.credential ? services.credentials.find(args.credential) : undefined;
  const id = named?.id ?? services.credentials.tokens.record(args.tokenId)?.credentialId;
  if (!id) throw invalidInput('Name the credential the token belongs to: { credential, tokenId }.');
  return services.credentials.require(id);
}
