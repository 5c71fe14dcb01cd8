/**
 * What an insert command puts where: the token (named, or picked among those whose value is kept), the file,
 * the key, and the user's answer when git would commit the file.
 */
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import {
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
import type { Args } from '../commands/command-args';
import { showInformationMessage, showWarningMessage } from '../notifications';
import type { Services } from '../services';
import { changeText } from './file-text';
import { gitExposure, writableGitignorePath, type GitExposure } from './git-exposure';
import { boundFirst, workspaceBinding } from '../workspace-binding';

export const defaultTokenKey = 'SOPHOS_SLS_TOKEN';

type GitAnswer = 'add' | 'insertAnyway' | 'cancel';

interface ResolvedToken {
  record: TokenRecord;
  /** Read from SecretStorage only when it is about to be written. */
  value(): Promise<string>;
}

export function tokenRelease(record: TokenRecord, to: string) {
  return { what: vscode.l10n.t('the SLS token "{0}"', record.label), to, credentialId: record.credentialId };
}

/** The token named by `wanted`, or picked by the user; a command call (`args`) must name one. */
export async function resolveToken(
  services: Services,
  args: object | undefined,
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
  // This workspace's credential and tenant first: the default pick is a token it works with.
  const boundTenant = workspaceBinding(services)?.tenantId?.toLowerCase();
  const { items, describe } = boundFirst(
    services,
    stored,
    (record) => record.credentialId,
    (record) => !boundTenant || record.tenantId.toLowerCase() === boundTenant,
  );
  const picked = await vscode.window.showQuickPick(
    items.map((record) => ({
      label: record.label,
      description: describe(record, services.credentials.get(record.credentialId)?.name ?? ''),
      detail: record.expiresAt
        ? vscode.l10n.t('expires {0}', record.expiresAt.slice(0, 10))
        : vscode.l10n.t('no expiry'),
      record,
    })),
    { placeHolder: vscode.l10n.t('SLS token to insert'), matchOnDescription: true },
  );
  return picked && { record: picked.record, value: valueOf(picked.record.id) };
}

export async function resolveFile(args: Args<'insertTokenIntoFile'> | undefined): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const activeUri =
    active && (active.uri.scheme === 'file' || active.uri.scheme === 'untitled') ? active.uri : undefined;
  if (args) {
    const file = args.file;
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

export function formatOf(
  file: vscode.Uri,
  languageId: string | undefined,
  args: Args<'insertTokenIntoFile'> | undefined,
): ConfigFormat {
  const detected = detectConfigFormat(file.path, languageId);
  return editingSync(() => detected ?? requireConfigFormat(args?.format, file.path));
}

export async function resolveKey(
  args: Args<'insertTokenIntoFile'> | undefined,
  format: ConfigFormat,
): Promise<string | undefined> {
  const problem = (key: string) => {
    try {
      setConfigValue('', format, key, 'x');
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  if (args) {
    const key = args.key ?? defaultTokenKey;
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
export async function confirmGitExposure(
  services: Services,
  file: vscode.Uri,
  args: { gitignore?: GitAnswer } | undefined,
): Promise<GitAnswer | undefined> {
  // git reads the repository's own config: never run it in a folder the user has not trusted.
  if (file.scheme !== 'file' || !vscode.workspace.isTrusted) return undefined;
  const exposure = await gitExposure(file.fsPath);
  if (!exposure) return undefined;
  let answer: GitAnswer;
  if (args) {
    if (args.gitignore === undefined) {
      throw invalidInput(
        `${exposure.relativePath} ${exposure.tracked ? 'is tracked by git' : 'is not ignored by git'}, so the token could be committed. Pass gitignore: 'add', 'insertAnyway' or 'cancel'.`,
      );
    }
    answer = args.gitignore;
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

/** A file we will not edit is a plain message for the user (never an "unexpected failure"), without the value. */
export async function editing<T>(work: () => Promise<T>): Promise<T> {
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
