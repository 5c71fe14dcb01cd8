/**
 * Rotate SLS Token: a new token with the same label and expiry rule, written over the old value in every file
 * it was put into and every open document that holds it (one undoable edit each), each place checked, and
 * only then the old token revoked. Any failure revokes nothing and names which place holds which token.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import { describePlaces, fileTarget, type RotationTarget } from '../../core/rotation';
import { consentToChange } from '../call-consent';
import { labelText } from '../display';
import { showInformationMessage, showWarningMessage } from '../notifications';
import type { Services } from '../services';
import type { CredentialsTreeProvider } from '../tree/credentials-tree';
import { withProgress } from '../ui';
import type { Args } from './command-args';
import type { Invocation } from './invocation';
import { tokenCredential } from './token-commands';

export async function rotateSlsToken(
  services: Services,
  tree: CredentialsTreeProvider,
  invocation: Invocation<Args<'rotateSlsToken'>>,
) {
  const tokenId = await chosenToken(services, invocation);
  if (!tokenId) return undefined;
  const record = services.credentials.tokens.record(tokenId);
  if (!record) throw invalidInput('Only a token whose value is kept here can be rotated: mint a new one instead.');
  const credential = services.credentials.require(record.credentialId);
  const detail = vscode.l10n.t(
    'A new token replaces it in every file it was put into and every open document that holds it; then the old one is revoked, and sensors still using it lose access.',
  );
  if (invocation.from === 'call') {
    const what = vscode.l10n.t('rotate the SLS token "{0}" of "{1}"', record.label, credential.name);
    if (!(await consentToChange(services, what, detail, vscode.l10n.t('Rotate')))) return { tokenId, rotated: false };
  } else if (!(await confirmRotation(services, record.label, credential.name, detail))) return undefined;
  const oldValue = await services.credentials.tokens.value(tokenId);
  if (oldValue === undefined) throw invalidInput(`The value of "${record.label}" is missing from SecretStorage.`);
  const targets = placesOf(oldValue, record.usedIn?.map((use) => use.file) ?? []);
  const rotation = withProgress(vscode.l10n.t('Rotating "{0}"…', labelText(record.label)), () =>
    services.credentials.tokens.rotate(credential.id, tokenId, targets),
  );
  const { outcome, minted } = await Promise.resolve(rotation).finally(() => tree.refreshTokens(credential.id));
  if (!outcome) {
    // SecretStorage refused the new value: nothing was written or revoked; the value is the user's to copy.
    throw invalidInput(
      `A new token was minted but SecretStorage refused it, so nothing was changed and "${record.label}" still works. Revoke the new token ${minted.token.id} in Sophos Central, fix SecretStorage and try again.`,
    );
  }
  const places = describePlaces(outcome);
  services.logger.info(
    `Rotated SLS token ${tokenId} of "${credential.name}" to ${minted.token.id}: ${places.join('; ') || 'no places'}; old ${outcome.revoked ? 'revoked' : 'kept'}.`,
  );
  const summary = {
    tokenId: minted.token.id,
    oldTokenId: tokenId,
    revoked: outcome.revoked,
    places: outcome.places.map((place) => ({ name: place.name, holds: place.holds })),
  };
  if (outcome.revoked) {
    if (invocation.from !== 'call')
      void showInformationMessage(
        vscode.l10n.t(
          'Rotated "{0}": {1} place(s) now hold the new token and the old one is revoked.',
          record.label,
          outcome.places.length,
        ),
      );
    return summary;
  }
  const message = vscode.l10n.t('"{0}" was not rotated everywhere, so the old token was NOT revoked.', record.label);
  const which = [...places, outcome.failure ?? ''].filter(Boolean).join('\n');
  if (invocation.from === 'call') throw invalidInput(`${message} ${which}`);
  void showWarningMessage(message, { modal: true, detail: which });
  return summary;
}

/**
 * Rotation ends in a revoke, which cannot be undone: asked in a modal, as Revoke is, whatever the gesture. A
 * quick fix's target can be fetched and run by another extension (vscode.executeCodeActionProvider); a modal is
 * what it cannot answer.
 */
async function confirmRotation(services: Services, label: string, credentialName: string, detail: string) {
  if (services.testMode) return true;
  const rotate = vscode.l10n.t('Rotate');
  const chosen = await showWarningMessage(
    vscode.l10n.t('Rotate the SLS token "{0}" of "{1}"?', label, credentialName),
    { modal: true, detail },
    rotate,
  );
  return chosen === rotate;
}

async function chosenToken(services: Services, invocation: Invocation<Args<'rotateSlsToken'>>) {
  if (invocation.from === 'call') return tokenCredential(services, invocation.args) && invocation.args.tokenId;
  if (invocation.from === 'ui' && invocation.target.kind === 'token') return invocation.target.tokenId;
  const kept = services.credentials.tokens.stored().filter((token) => !token.imported);
  if (kept.length === 0) throw invalidInput('No SLS token is kept here to rotate. Create one first.');
  const picked = await vscode.window.showQuickPick(
    kept.map((token) => ({
      label: labelText(token.label),
      description: labelText(services.credentials.get(token.credentialId)?.name ?? '', 60),
      detail: token.id,
      token,
    })),
    { placeHolder: vscode.l10n.t('SLS token to rotate') },
  );
  return picked?.token.id;
}

/** Open documents holding the value (edited in place, undoable), then the recorded files that are not open. */
function placesOf(oldValue: string, recordedFiles: string[]): RotationTarget[] {
  const open = vscode.workspace.textDocuments.filter((document) => document.getText().includes(oldValue));
  const openFiles = new Set(open.filter((document) => document.uri.scheme === 'file').map((d) => d.uri.fsPath));
  const files = [...new Set(recordedFiles)].filter((file) => !openFiles.has(file));
  return [...open.map(documentTarget), ...files.map((file) => fileTarget(file, vscode.workspace.asRelativePath(file)))];
}

/** An open document: one WorkspaceEdit of minimal replacements (undoable), saved when it had no unsaved changes. */
function documentTarget(document: vscode.TextDocument): RotationTarget {
  const name = document.uri.scheme === 'file' ? vscode.workspace.asRelativePath(document.uri) : document.uri.toString();
  return {
    name,
    replace: async (from, to) => {
      const wasDirty = document.isDirty;
      const text = document.getText();
      const edit = new vscode.WorkspaceEdit();
      for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length))
        edit.replace(
          document.uri,
          new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)),
          to,
        );
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit');
      if (!wasDirty && document.uri.scheme === 'file' && !(await document.save()))
        throw new Error('it could not be saved');
    },
    read: async () => document.getText(),
  };
}
