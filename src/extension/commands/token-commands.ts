/** Mint, copy and revoke SLS tokens. A minted value is in SecretStorage before anything else can fail. */
import * as vscode from 'vscode';
import { invalidInput, labelProblem, parseExpiry, slsCredentialWarning, validateLabel } from '../../core/api';
import {
  canManageAccessTokens,
  isDay,
  roleLabel,
  today,
  type CredentialRecord,
  type MintResult,
} from '../../core/credentials';
import { copySecret } from '../clipboard';
import { consentToChange, handOver } from '../call-consent';
import { insertTokenAtCursor } from '../config-files/insert-commands';
import { CommandId } from '../command-ids';
import type { Services } from '../services';
import type { CredentialsTreeProvider } from '../tree/credentials-tree';
import { withProgress } from '../ui';
import { argsOf, credentialTarget, fromOurUi, isTreeNode, resolveCredential, stringArg } from './targets';
import { selectTenant } from './credential-commands';
import { showInformationMessage, showWarningMessage } from '../notifications';

const dayMs = 86_400_000;

export async function createSlsToken(services: Services, tree: CredentialsTreeProvider, target: unknown) {
  let credential = await resolveCredential(services, target, vscode.l10n.t('Credential to mint the SLS token with'));
  if (!credential) return undefined;
  const args = argsOf(target);
  if (args) return createFromArguments(services, tree, credential, args);

  if (!canManageAccessTokens(credential.role)) {
    const anyway = vscode.l10n.t('Try Anyway');
    const chosen = await showWarningMessage(
      vscode.l10n.t(
        'SLS tokens need a Service Principal Super Admin credential; "{0}" is recorded as {1}, so Sophos Central will most likely refuse.',
        credential.name,
        roleLabel(credential.role),
      ),
      anyway,
    );
    if (chosen !== anyway) return undefined;
  }
  if (!credential.whoami) {
    // Saved untested: who it is (tenant, partner, organization) decides what comes next, so test it first.
    const id = credential.id;
    await withProgress(vscode.l10n.t('Testing "{0}"…', credential.name), (signal) =>
      services.credentials.test(id, { signal }),
    );
    credential = services.credentials.require(id);
  }
  if (credential.whoami && credential.whoami.idType !== 'tenant') {
    // The SLS guide: the credential must come from the tenant's own Central Admin dashboard. Say so before trying.
    const anyway = vscode.l10n.t('Try Anyway');
    const chosen = await showWarningMessage(slsCredentialWarning(credential.whoami.idType), anyway);
    if (chosen !== anyway) return undefined;
  }
  if (credential.whoami && credential.whoami.idType !== 'tenant' && !credential.tenant) {
    if (!(await selectTenant(services, credentialTarget(credential.id)))) return undefined;
    credential = services.credentials.require(credential.id);
  }
  const label = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create SLS Token with "{0}"', credential.name),
    prompt: vscode.l10n.t('A label for the token: 1 to 50 letters, digits, spaces, commas, hyphens or periods.'),
    value: 'SLS Token',
    validateInput: (text) => labelProblem(text),
    ignoreFocusOut: true,
  });
  if (label === undefined) return undefined;
  const expiresAt = await askExpiry();
  if (expiresAt === null) return undefined;

  const minted = await withProgress(vscode.l10n.t('Creating SLS token "{0}"…', label), (signal) =>
    services.credentials.tokens.mint(credential.id, { label, expiresAt }, { signal }),
  );
  tree.refreshTokens(credential.id);
  void offerValue(services, credential, minted);
  return mintSummary(minted);
}

async function createFromArguments(
  services: Services,
  tree: CredentialsTreeProvider,
  credential: CredentialRecord,
  args: Record<string, unknown>,
) {
  const label = validateLabel(stringArg(args, 'label') ?? 'SLS Token');
  const expiresArg = stringArg(args, 'expiresAt');
  const expiresAt = expiresArg === undefined ? undefined : parseExpiry(expiresArg);
  const tenantArg = stringArg(args, 'tenantId');
  const minted = await services.credentials.tokens.mint(credential.id, {
    label,
    expiresAt,
    ...(tenantArg ? { tenantId: tenantArg } : {}),
  });
  tree.refreshTokens(credential.id);
  if (minted.storeError) {
    services.logger.error(
      `Token ${minted.token.id} was created but could not be kept in SecretStorage: ${(minted.storeError as Error).message ?? minted.storeError}`,
    );
    void offerValue(services, credential, minted);
  }
  return mintSummary(minted);
}

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

/** Shows the new token once, redacted, with Copy / Insert / Reveal. Modal when it could not be stored. */
async function offerValue(services: Services, credential: CredentialRecord, minted: MintResult): Promise<void> {
  const copy = vscode.l10n.t('Copy');
  const insert = vscode.l10n.t('Insert at Cursor');
  const reveal = vscode.l10n.t('Reveal');
  const expiry = minted.token.expiresAt
    ? vscode.l10n.t('expires {0}', minted.token.expiresAt.slice(0, 10))
    : vscode.l10n.t('no expiry');
  let chosen: string | undefined;
  if (minted.storeError) {
    services.logger.error(
      `SLS token ${minted.token.id} was created but SecretStorage refused it: ${(minted.storeError as Error)?.message ?? String(minted.storeError)}`,
    );
    chosen = await showWarningMessage(
      vscode.l10n.t(
        'SLS token "{0}" was created, but it could not be kept in SecretStorage. Copy it now: Sophos Central never shows it again.',
        minted.token.label,
      ),
      { modal: true, detail: vscode.l10n.t('Value: {0} ({1})', redact(minted.value), expiry) },
      copy,
      insert,
      reveal,
    );
  } else {
    chosen = await showInformationMessage(
      vscode.l10n.t(
        'Created SLS token "{0}" ({1}) with "{2}". Its value {3} is kept in SecretStorage.',
        minted.token.label,
        expiry,
        credential.name,
        redact(minted.value),
      ),
      copy,
      insert,
      reveal,
    );
  }
  if (minted.orphansRevoked.length) {
    services.logger.warn(
      `An earlier attempt created token(s) ${minted.orphansRevoked.join(', ')} whose value never arrived; they were revoked.`,
    );
  }
  if (minted.possibleOrphans.length) {
    services.logger.warn(
      `An earlier attempt failed ambiguously; tokens ${minted.possibleOrphans.join(', ')} carry the same label and were kept, since one may be somebody else's.`,
    );
    void showWarningMessage(
      vscode.l10n.t(
        'A first attempt to create "{0}" failed midway. {1} token(s) with that label exist now; none was revoked in case one is somebody else\'s. Check the Access tokens of "{2}".',
        minted.token.label,
        minted.possibleOrphans.length,
        credential.name,
      ),
    );
  }
  if (chosen === copy) {
    await copySecret(minted.value);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the SLS token.'), 3000);
  } else if (chosen === insert) {
    await insertAtCursor(services, minted);
  } else if (chosen === reveal) {
    await vscode.window.showInputBox({
      title: vscode.l10n.t('SLS token "{0}"', minted.token.label),
      value: minted.value,
      prompt: vscode.l10n.t('Select and copy it; press Escape to close.'),
      ignoreFocusOut: true,
    });
  }
}

/**
 * A stored token goes through "Insert Token at Cursor" (which knows config files and warns about git); one
 * SecretStorage refused is only in memory, so it is copied instead of being written into a file unchecked.
 */
async function insertAtCursor(services: Services, minted: MintResult): Promise<void> {
  if (!minted.storeError) {
    await insertTokenAtCursor(services, fromOurUi({ tokenId: minted.token.id }));
    return;
  }
  await vscode.env.clipboard.writeText(minted.value);
  void showWarningMessage(
    vscode.l10n.t(
      'The token could not be kept in SecretStorage, so it was copied to the clipboard instead of inserted.',
    ),
  );
}

/** The stored value of a token node or `{ tokenId }` to the clipboard. */
export async function copyToken(services: Services, target: unknown) {
  const tokenId = tokenIdOf(target);
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
  if (!(await handOver(services, argsOf(target) !== undefined, release, () => copySecret(value))))
    return { tokenId, copied: false };
  if (!argsOf(target)) void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the SLS token.'), 3000);
  return { tokenId, copied: true };
}

export async function revokeToken(services: Services, tree: CredentialsTreeProvider, target: unknown) {
  const tokenId = tokenIdOf(target);
  if (!tokenId) return undefined;
  const credentialId = isTreeNode(target) ? target.credentialId : credentialIdOf(services, target, tokenId);
  const credential = services.credentials.require(credentialId);
  const label =
    isTreeNode(target) && target.kind === 'token'
      ? target.label
      : (services.credentials.tokens.record(tokenId)?.label ?? tokenId);
  if (!argsOf(target)) {
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
      services.credentials.tokens.revoke(credential.id, tokenId, { signal }),
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
    await services.credentials.tokens.revoke(credential.id, tokenId).finally(() => tree.refreshTokens(credential.id));
  }
  services.logger.info(`Revoked SLS token ${tokenId} ("${label}") of "${credential.name}".`);
  return { tokenId, revoked: true };
}

function tokenIdOf(target: unknown): string | undefined {
  if (isTreeNode(target)) {
    if (target.kind !== 'token') throw invalidInput('Choose an access token in the Sophos Central view.');
    return target.tokenId;
  }
  const args = argsOf(target);
  if (args) return stringArg(args, 'tokenId', true);
  void showInformationMessage(
    vscode.l10n.t('Choose a token under "Access tokens" in the Sophos Central view, then use its menu.'),
  );
  void vscode.commands.executeCommand(`${CommandId.refresh}`);
  return undefined;
}

/** The credential a token call names (`credential`), else the one the stored token belongs to. */
export function credentialIdOf(services: Services, target: unknown, tokenId: string): string {
  const args = argsOf(target) ?? {};
  const named = stringArg(args, 'credential');
  const credential = named ? services.credentials.find(named) : undefined;
  const id = credential?.id ?? services.credentials.tokens.record(tokenId)?.credentialId;
  if (!id) throw invalidInput('Name the credential the token belongs to: { credential, tokenId }.');
  return id;
}

function mintSummary(minted: MintResult) {
  return {
    id: minted.token.id,
    label: minted.token.label,
    type: minted.token.type,
    tenantId: minted.token.tenantId,
    createdAt: minted.token.createdAt,
    expiresAt: minted.token.expiresAt,
    stored: minted.storeError === undefined,
  };
}

/** "SLS-abcd…wxyz": enough to tell tokens apart, not enough to use one. */
export function redact(value: string): string {
  return value.length <= 12 ? '••••' : `${value.slice(0, 8)}…${value.slice(-4)}`;
}
