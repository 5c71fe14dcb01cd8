/**
 * "Insert Token into File…" and "Insert Token at Cursor": a stored SLS token value put into a config file the
 * way the file expects it (the core does the editing), after a warning when git would commit the file.
 */
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import {
  assignmentLine,
  refuseSymlink,
  detectConfigFormat,
  isConfigEditError,
  requireConfigFormat,
  setConfigValue,
  withGitignoreEntry,
  gitignoreEntry,
  type ConfigFormat,
} from '../../core/config-files';
import type { TokenRecord } from '../../core/credentials';
import { CommandId } from '../command-ids';
import { argsOf, isFromOurUi, stringArg, type CommandArgs } from '../commands/targets';
import { copySecret } from '../clipboard';
import { consentToRelease, recordRelease } from '../call-consent';
import type { Services } from '../services';
import { applyMinimalEdit, changeText, setValueInFile } from './file-text';
import { gitExposure, writableGitignorePath, type GitExposure } from './git-exposure';
import { showInformationMessage, showWarningMessage } from '../notifications';

export const defaultTokenKey = 'SOPHOS_SLS_TOKEN';

type GitAnswer = 'add' | 'insertAnyway' | 'cancel';
const gitAnswers: readonly GitAnswer[] = ['add', 'insertAnyway', 'cancel'];

/** `{ tokenId?, file?, key?, format?, gitignore? }`, or nothing (the user picks). */
export async function insertTokenIntoFile(services: Services, target: unknown) {
  requireTrust();
  const args = argsOf(target);
  const token = await resolveToken(services, args, args && stringArg(args, 'tokenId'));
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
 * KEY rather than adding a second one. Our own minted-token notification passes `{ tokenId }` made by our UI:
 * the user is then asked as from the palette, for that token.
 */
export async function insertTokenAtCursor(services: Services, target: unknown) {
  requireTrust();
  const args = argsOf(target);
  const ours = isFromOurUi(target) ? (target as { tokenId?: unknown }) : undefined;
  const wanted = args ? stringArg(args, 'tokenId', true) : typeof ours?.tokenId === 'string' ? ours.tokenId : undefined;
  const token = await resolveToken(services, args, wanted);
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
  const key = stringArg(args ?? {}, 'key') ?? defaultTokenKey;
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
    if (args) recordRelease(services, release);
    return { tokenId: token.record.id, inserted: 'value' };
  }
  const action = await editing(() => insertLine(editor, format, key, value));
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

interface ResolvedToken {
  record: TokenRecord;
  /** Read from SecretStorage only when it is about to be written. */
  value(): Promise<string>;
}

function tokenRelease(record: TokenRecord, to: string) {
  return { what: vscode.l10n.t('the SLS token "{0}"', record.label), to, credentialId: record.credentialId };
}

/** The token named by `wanted`, or picked by the user; a command call (`args`) must name one. */
async function resolveToken(
  services: Services,
  args: CommandArgs | undefined,
  wanted: string | undefined,
): Promise<ResolvedToken | undefined> {
  const valueOf = (id: string) => async () => {
    const value = await services.credentials.tokens.value(id);
    if (value === undefined)
      throw invalidInput(
        "This token's value is not kept in SecretStorage (it was minted elsewhere, or the value was lost). Create a new token.",
      );
    return value;
  };
  if (wanted) {
    const record = services.credentials.tokens.record(wanted);
    if (!record) throw invalidInput(`No stored token "${wanted}".`);
    const value = valueOf(wanted);
    await value();
    return { record, value };
  }
  if (args) throw invalidInput('The argument "tokenId" is required.');
  const tokens = services.credentials.tokens.stored();
  const present = await Promise.all(
    tokens.map(async (token) => (await services.credentials.tokens.value(token.id)) !== undefined),
  );
  const stored = tokens.filter((_token, index) => present[index]);
  if (stored.length === 0) {
    const create = vscode.l10n.t('Create SLS Token');
    const chosen = await showInformationMessage(
      vscode.l10n.t('No SLS token value is kept in SecretStorage yet.'),
      create,
    );
    if (chosen === create) await vscode.commands.executeCommand(CommandId.createSlsToken);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    stored.map((record) => ({
      label: record.label,
      description: services.credentials.get(record.credentialId)?.name ?? '',
      detail: record.expiresAt
        ? vscode.l10n.t('expires {0}', record.expiresAt.slice(0, 10))
        : vscode.l10n.t('no expiry'),
      record,
    })),
    { placeHolder: vscode.l10n.t('SLS token to insert'), matchOnDescription: true },
  );
  return picked && { record: picked.record, value: valueOf(picked.record.id) };
}

async function resolveFile(args: CommandArgs | undefined): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const activeUri =
    active && (active.uri.scheme === 'file' || active.uri.scheme === 'untitled') ? active.uri : undefined;
  if (args) {
    const file = stringArg(args, 'file');
    if (file === undefined) {
      if (!activeUri) throw invalidInput('Name the file: { file } (absolute, or relative to the workspace folder).');
      return activeUri;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (isAbsolute(file)) return vscode.Uri.file(file);
    if (!folder) throw invalidInput(`"${file}" is relative, and no folder is open.`);
    return folder.scheme === 'file' ? vscode.Uri.file(join(folder.fsPath, file)) : vscode.Uri.joinPath(folder, file);
  }
  const choose = { label: vscode.l10n.t('Choose a file…'), uri: undefined as vscode.Uri | undefined };
  if (activeUri) {
    const current = {
      label: vscode.workspace.asRelativePath(activeUri),
      description: vscode.l10n.t('the active editor'),
      uri: activeUri as vscode.Uri | undefined,
    };
    const picked = await vscode.window.showQuickPick([current, choose], {
      placeHolder: vscode.l10n.t('File to put the SLS token into'),
    });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: vscode.l10n.t('Insert Token'),
    filters: {
      [vscode.l10n.t('Config files')]: ['env', 'yaml', 'yml', 'json', 'jsonc', 'sh', 'bash', 'zsh'],
      [vscode.l10n.t('All files')]: ['*'],
    },
  });
  return chosen?.[0];
}

function formatOf(file: vscode.Uri, languageId: string | undefined, args: CommandArgs | undefined): ConfigFormat {
  const detected = detectConfigFormat(file.path, languageId);
  return editingSync(() => detected ?? requireConfigFormat(args?.format, file.path));
}

async function resolveKey(args: CommandArgs | undefined, format: ConfigFormat): Promise<string | undefined> {
  const problem = (key: string) => {
    try {
      setConfigValue('', format, key, 'x');
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  if (args) {
    const key = stringArg(args, 'key') ?? defaultTokenKey;
    const invalid = problem(key);
    if (invalid) throw invalidInput(invalid);
    return key;
  }
  return vscode.window
    .showInputBox({
      prompt:
        format === 'yaml' || format === 'json'
          ? vscode.l10n.t('Key to set (a dotted path like sophos.sls_token goes inside nested keys)')
          : vscode.l10n.t('Variable to set'),
      value: defaultTokenKey,
      validateInput: (text) => problem(text.trim()),
      ignoreFocusOut: true,
    })
    .then((key) => key?.trim());
}

/**
 * Before a secret goes into a file git would commit: a modal warning with "Add to .gitignore" and "Insert
 * Anyway". With arguments the answer is `gitignore: 'add' | 'insertAnyway' | 'cancel'` and required when asked.
 */
async function confirmGitExposure(
  services: Services,
  file: vscode.Uri,
  args: CommandArgs | undefined,
): Promise<GitAnswer | undefined> {
  // git reads the repository's own config: never run it in a folder the user has not trusted.
  if (file.scheme !== 'file' || !vscode.workspace.isTrusted) return undefined;
  const exposure = await gitExposure(file.fsPath);
  if (!exposure) return undefined;
  let answer: GitAnswer;
  if (args) {
    const given = stringArg(args, 'gitignore');
    if (given === undefined) {
      throw invalidInput(
        `${exposure.relativePath} ${exposure.tracked ? 'is tracked by git' : 'is not ignored by git'}, so the token could be committed. Pass gitignore: 'add', 'insertAnyway' or 'cancel'.`,
      );
    }
    if (!(gitAnswers as readonly string[]).includes(given))
      throw invalidInput(`The argument "gitignore" must be 'add', 'insertAnyway' or 'cancel'.`);
    answer = given as GitAnswer;
  } else {
    const add = vscode.l10n.t('Add to .gitignore');
    const anyway = vscode.l10n.t('Insert Anyway');
    const chosen = await showWarningMessage(
      exposure.tracked
        ? vscode.l10n.t('{0} is tracked by git: the SLS token would be committed with it.', exposure.relativePath)
        : vscode.l10n.t('{0} is not ignored by git: the SLS token could be committed with it.', exposure.relativePath),
      {
        modal: true,
        detail: exposure.tracked
          ? vscode.l10n.t(
              '"Add to .gitignore" adds it to {0}; a tracked file stays tracked until you run git rm --cached on it.',
              '.gitignore',
            )
          : vscode.l10n.t('"Add to .gitignore" adds it to the repository\'s .gitignore.'),
      },
      add,
      anyway,
    );
    answer = chosen === add ? 'add' : chosen === anyway ? 'insertAnyway' : 'cancel';
  }
  if (answer === 'add') await addToGitignore(services, exposure);
  return answer;
}

async function addToGitignore(services: Services, exposure: GitExposure): Promise<void> {
  const entry = gitignoreEntry(exposure.relativePath);
  const path = await editing(() => writableGitignorePath(exposure));
  await changeText(vscode.Uri.file(path), (text) => withGitignoreEntry(text, entry));
  services.logger.info(`Added ${entry} to ${path}.`);
}

function describeAction(action: string, key: string, file: vscode.Uri): string {
  const name = vscode.workspace.asRelativePath(file);
  if (action === 'unchanged') return vscode.l10n.t('{0} in {1} already holds this token.', key, name);
  return action === 'added'
    ? vscode.l10n.t('Added {0} to {1}.', key, name)
    : vscode.l10n.t('Replaced {0} in {1}.', key, name);
}

/** A file we will not edit is a plain message for the user (never an "unexpected failure"), without the value. */
async function editing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isConfigEditError(error)) throw invalidInput(error.message);
    throw error;
  }
}

function editingSync<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isConfigEditError(error)) throw invalidInput(error.message);
    throw error;
  }
}
