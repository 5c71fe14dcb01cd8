/** Create SLS Token: mint one, keep its value in SecretStorage before anything else can fail, then offer it once. */
import * as vscode from 'vscode';
import { confirmTenant, effectiveTenantId } from '../workspace-binding';
import { parseExpiry, labelProblem, slsCredentialWarning, validateLabel } from '../../core/api';
import { canManageAccessTokens, roleLabel, type CredentialRecord, type MintResult } from '../../core/credentials';
import { copySecret } from '../clipboard';
import { insertTokenAtCursor } from '../config-files/insert-commands';
import { showInformationMessage, showWarningMessage } from '../notifications';
import type { Services } from '../services';
import type { CredentialsTreeProvider } from '../tree/credentials-tree';
import { withProgress } from '../ui';
import { chosenCredential } from './choose-credential';
import type { Args } from './command-args';
import { selectTenant } from './credential-commands';
import { onCredential, type Invocation } from './invocation';
import { askExpiry } from './token-commands';

export async function createSlsToken(
  services: Services,
  tree: CredentialsTreeProvider,
  invocation: Invocation<Args<'createSlsToken'>>,
) {
  let credential = await chosenCredential(services, invocation, vscode.l10n.t('Credential to mint the SLS token with'));
  if (!credential) return undefined;
  if (invocation.from === 'call') return createFromArguments(services, tree, credential, invocation.args);

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
  // A bound workspace names the tenant: Select Tenant would be asked for and then not used.
  if (
    credential.whoami &&
    credential.whoami.idType !== 'tenant' &&
    !credential.tenant &&
    !effectiveTenantId(services, credential)
  ) {
    if (!(await selectTenant(services, onCredential(credential.id)))) return undefined;
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

  // A bound workspace mints on its own tenant (see workspace-binding.ts).
  const tenantId = effectiveTenantId(services, credential);
  const minted = await withProgress(vscode.l10n.t('Creating SLS token "{0}"…', label), (signal) =>
    services.credentials.tokens.mint(
      credential.id,
      { label, expiresAt, ...(tenantId ? { tenantId } : {}) },
      { signal },
    ),
  );
  tree.refreshTokens(credential.id);
  void offerValue(services, credential, minted);
  return mintSummary(minted);
}

async function createFromArguments(
  services: Services,
  tree: CredentialsTreeProvider,
  credential: CredentialRecord,
  args: Args<'createSlsToken'>,
) {
  const label = validateLabel(args.label ?? 'SLS Token');
  const expiresAt = args.expiresAt === undefined ? undefined : parseExpiry(args.expiresAt);
  // A call that names no tenant mints on this window's (the bound one), as the palette does.
  const tenantId = args.tenantId ?? effectiveTenantId(services, credential);
  if (!(await confirmTenant(services, credential, tenantId ?? credential.tenant?.id))) return undefined;
  const minted = await services.credentials.tokens.mint(credential.id, {
    label,
    expiresAt,
    ...(tenantId ? { tenantId } : {}),
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
    await insertTokenAtCursor(services, { from: 'ui', target: { kind: 'mintedToken', tokenId: minted.token.id } });
    return;
  }
  await vscode.env.clipboard.writeText(minted.value);
  void showWarningMessage(
    vscode.l10n.t(
      'The token could not be kept in SecretStorage, so it was copied to the clipboard instead of inserted.',
    ),
  );
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
