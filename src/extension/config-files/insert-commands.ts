/**
 * "Insert Token into File…" and "Insert Token at Cursor": a stored SLS token value put into a config file the
 * way the file expects it (the core does the editing), after a warning when git would commit the file.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import {
  assignmentLine,
  refuseSymlink,
  detectConfigFormat,
  setConfigValue,
  type ConfigFormat,
} from '../../core/config-files';
import type { Args } from '../commands/command-args';
import type { Invocation } from '../commands/invocation';
import { copySecret } from '../clipboard';
import { consentToRelease, recordRelease } from '../call-consent';
import { noteTokenUse } from './token-uses';
import type { Services } from '../services';
import { applyMinimalEdit, setValueInFile } from './file-text';
import {
  confirmGitExposure,
  defaultTokenKey,
  editing,
  formatOf,
  resolveFile,
  resolveKey,
  resolveToken,
  tokenRelease,
} from './insert-targets';
import { showWarningMessage } from '../notifications';

/** `{ tokenId?, file?, key?, format?, gitignore? }`, or nothing (the user picks). */
export async function insertTokenIntoFile(services: Services, invocation: Invocation<Args<'insertTokenIntoFile'>>) {
  requireTrust();
  const args = invocation.from === 'call' ? invocation.args : undefined;
  const token = await resolveToken(services, args, args?.tokenId);
  if (!token) return undefined;
  const file = await resolveFile(args);
  if (!file) return undefined;
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === file.toString());
  const format = formatOf(file, document?.languageId, args);
  const key = await resolveKey(args, format);
  if (key === undefined) return undefined;
  if (file.scheme === 'file') await editing(() => refuseSymlink(file.fsPath, 'file'));
  const release = tokenRelease(token.record, vscode.l10n.t('the file {0}', vscode.workspace.asRelativePath(file)));
  if (args && !(await consentToRelease(services, release))) {
    return { tokenId: token.record.id, file: file.fsPath, key, action: 'cancelled' };
  }
  const answer = await confirmGitExposure(services, file, args);
  if (answer === 'cancel')
    return args ? { tokenId: token.record.id, file: file.fsPath, key, action: 'cancelled' } : undefined;
  const value = await token.value();
  const action = await editing(() => setValueInFile(file, format, key, value));
  services.logger.info(`Token ${token.record.id} put into ${file.fsPath || file.toString()} as ${key}: ${action}.`);
  await noteTokenUse(services, token.record.id, file, key);
  if (args) recordRelease(services, release);
  if (!args) void vscode.window.setStatusBarMessage(describeAction(action, key, file), 4000);
  return {
    tokenId: token.record.id,
    file: file.fsPath,
    key,
    format,
    action,
    ...(answer === 'add' ? { gitignore: 'added' } : {}),
  };
}

/**
 * `{ tokenId, key?, asLine?, gitignore? }`, or nothing. The raw value goes at the cursor; on an empty line of a
 * config file the user may take a `KEY=value` line (in the file's syntax) instead, which replaces an existing
 * KEY rather than adding a second one. From our own minted-token notification the user is asked as from the
 * palette, for that token.
 */
export async function insertTokenAtCursor(services: Services, invocation: Invocation<Args<'insertTokenAtCursor'>>) {
  requireTrust();
  const args = invocation.from === 'call' ? invocation.args : undefined;
  const minted = invocation.from === 'ui' && invocation.target.kind === 'mintedToken' ? invocation.target : undefined;
  const token = await resolveToken(services, args, args?.tokenId ?? minted?.tokenId);
  if (!token) return undefined;
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    // A command call never falls back to the clipboard: it named a place, and that place is not there.
    if (args) throw invalidInput('No editor is open to insert the token into.');
    await copySecret(await token.value());
    services.logger.info(`Token ${token.record.id} copied to the clipboard: no editor was open to insert it into.`);
    void showWarningMessage(vscode.l10n.t('No editor is open, so the token was copied to the clipboard instead.'));
    return { tokenId: token.record.id, inserted: 'clipboard' };
  }
  const document = editor.document;
  const format = detectConfigFormat(document.fileName, document.languageId);
  const key = args?.key ?? defaultTokenKey;
  const onEmptyLine =
    editor.selections.length === 1 &&
    editor.selection.isEmpty &&
    document.lineAt(editor.selection.active.line).isEmptyOrWhitespace;
  let asLine = false;
  if (format && onEmptyLine) {
    if (args) asLine = args.asLine === true;
    else {
      const choice = await askLineOrValue(format, key);
      if (choice === undefined) return undefined;
      asLine = choice;
    }
  }
  const release = tokenRelease(
    token.record,
    vscode.l10n.t('the editor of {0}', vscode.workspace.asRelativePath(document.uri)),
  );
  if (args && !(await consentToRelease(services, release))) {
    return { tokenId: token.record.id, inserted: 'nothing', action: 'cancelled' };
  }
  const answer =
    document.uri.scheme === 'file' ? await confirmGitExposure(services, document.uri, args) : 'insertAnyway';
  if (answer === 'cancel')
    return args ? { tokenId: token.record.id, inserted: 'nothing', action: 'cancelled' } : undefined;
  const value = await token.value();
  if (!asLine || !format) {
    const selections = editor.selections;
    if (!(await editor.edit((edit) => selections.forEach((selection) => edit.replace(selection, value)))))
      throw new Error('VS Code did not apply the edit.');
    await noteTokenUse(services, token.record.id, document.uri);
    if (args) recordRelease(services, release);
    return { tokenId: token.record.id, inserted: 'value' };
  }
  const action = await editing(() => insertLine(editor, format, key, value));
  await noteTokenUse(services, token.record.id, document.uri, key);
  if (args) recordRelease(services, release);
  services.logger.info(
    `Token ${token.record.id} put into ${document.uri.fsPath || document.uri.toString()} as ${key}: ${action}.`,
  );
  return { tokenId: token.record.id, inserted: 'line', key, action };
}

/** At the cursor when the key is new in an env or shell file; otherwise where the format puts it (no duplicate). */
async function insertLine(
  editor: vscode.TextEditor,
  format: ConfigFormat,
  key: string,
  value: string,
): Promise<string> {
  const document = editor.document;
  const before = document.getText();
  const result = setConfigValue(before, format, key, value);
  if (result.action === 'unchanged') return 'unchanged';
  if (result.action === 'added' && (format === 'env' || format === 'shell')) {
    const line = document.lineAt(editor.selection.active.line);
    const ok = await editor.edit((edit) => edit.replace(line.range, assignmentLine(format, key, value)));
    if (!ok) throw new Error('VS Code did not apply the edit.');
    return 'added';
  }
  await applyMinimalEdit(document, before, result.text);
  return result.action;
}

async function askLineOrValue(format: ConfigFormat, key: string): Promise<boolean | undefined> {
  const sample: Record<ConfigFormat, string> = {
    env: `${key}=…`,
    shell: `export ${key}='…'`,
    yaml: `${key}: …`,
    json: `"${key}": "…"`,
  };
  const items = [
    {
      label: vscode.l10n.t('Insert as {0}', sample[format]),
      description: vscode.l10n.t('a setting of this file (an existing one is replaced)'),
      asLine: true,
    },
    { label: vscode.l10n.t('Insert the value only'), description: vscode.l10n.t('at the cursor'), asLine: false },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: vscode.l10n.t('How to insert the SLS token'),
  });
  return picked?.asLine;
}

export function requireTrust(): void {
  if (!vscode.workspace.isTrusted)
    throw invalidInput(
      'Putting tokens into files is turned off in an untrusted workspace. Trust the workspace first (Workspaces: Manage Workspace Trust).',
    );
}

function describeAction(action: string, key: string, file: vscode.Uri): string {
  const name = vscode.workspace.asRelativePath(file);
  if (action === 'unchanged') return vscode.l10n.t('{0} in {1} already holds this token.', key, name);
  return action === 'added'
    ? vscode.l10n.t('Added {0} to {1}.', key, name)
    : vscode.l10n.t('Replaced {0} in {1}.', key, name);
}
