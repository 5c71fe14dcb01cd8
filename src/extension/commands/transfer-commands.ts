/**
 * Moving credentials between machines without their secrets: Enter Secret (for metadata that arrived by
 * Settings Sync or an import), Export Credentials (without secrets) and Import Credentials.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { SophosApiError, invalidInput, normalizeClientSecret } from '../../core/api';
import { exportCredentials, importCredentials, type ImportReport } from '../../core/credentials';
import { askText } from '../multi-step-input';
import { showInformationMessage, showWarningMessage } from '../notifications';
import type { Services } from '../services';
import { withProgress } from '../ui';
import type { Args } from './command-args';
import { chosenCredential } from './choose-credential';
import type { Invocation } from './invocation';

/** Files Export Credentials wrote in this session: the integration suite's leak scan reads them. */
export const exportedFiles: string[] = [];

/** A credentials file is a few kilobytes; anything far larger is not one. */
const maxImportBytes = 1024 * 1024;

/**
 * Stores the Client Secret of a credential that has none on this machine, after it signed in with the Client
 * ID: a refused secret is not stored. `{ credential, clientSecret }` from a command call.
 */
export async function enterSecret(services: Services, invocation: Invocation<Args<'enterSecret'>>): Promise<unknown> {
  const credential = await chosenCredential(services, invocation, vscode.l10n.t('Credential to enter the secret of'));
  if (!credential) return undefined;
  const args = invocation.from === 'call' ? invocation.args : undefined;
  // Enter Secret fills a gap; it never replaces a secret that is here (Edit Credential asks for that).
  await services.credentials.secrets.refuseIfPresent(credential.id);
  const typed =
    args?.clientSecret ??
    (await askText({
      title: vscode.l10n.t('Enter the Client Secret of "{0}"', credential.name),
      step: 1,
      totalSteps: 1,
      password: true,
      prompt: vscode.l10n.t(
        'It signs in with the Client ID {0} first; it is stored only if Sophos accepts it.',
        credential.clientId,
      ),
      validate: (text) => (text.trim() === '' ? vscode.l10n.t('Enter the Client Secret.') : undefined),
    }));
  if (typeof typed !== 'string') return undefined;
  try {
    await withProgress(vscode.l10n.t('Checking the Client Secret of "{0}"…', credential.name), (signal) =>
      services.credentials.provideSecret(credential.id, normalizeClientSecret(typed), { signal }),
    );
  } catch (error) {
    if (error instanceof SophosApiError && error.kind === 'cancelled') return undefined;
    throw error;
  }
  services.logger.info(`Stored the Client Secret of "${credential.name}" on this machine.`);
  if (!args)
    void showInformationMessage(
      vscode.l10n.t('"{0}" signs in: its secret is stored on this machine.', credential.name),
    );
  return { credential: credential.id, stored: true };
}

/** A JSON file of every API credential's metadata, never a secret. `{ file }` from a command call (a new file). */
export async function exportCredentialsFile(
  services: Services,
  invocation: Invocation<Args<'exportMetadata'>>,
): Promise<unknown> {
  const args = invocation.from === 'call' ? invocation.args : undefined;
  const file =
    args?.file ??
    (
      await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export Credentials (without secrets)'),
        filters: { JSON: ['json'] },
        defaultUri: vscode.Uri.joinPath(
          vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()),
          'sophos-central-credentials.json',
        ),
      })
    )?.fsPath;
  if (!file) return undefined;
  const exported = exportCredentials(services.credentials.list());
  // A command call never replaces a file; the save dialog has asked the user already.
  await writeFile(file, `${JSON.stringify(exported, null, 2)}\n`, { flag: args ? 'wx' : 'w' });
  exportedFiles.push(file);
  services.logger.info(`Exported ${exported.credentials.length} credential(s) without secrets to ${file}.`);
  if (!args)
    void showInformationMessage(
      vscode.l10n.t('Exported {0} credential(s) without their secrets to {1}.', exported.credentials.length, file),
    );
  return { file, count: exported.credentials.length };
}

/** Adds the credentials of an exported file that are not here; each then needs its secret on this machine. */
export async function importCredentialsFile(
  services: Services,
  invocation: Invocation<Args<'importMetadata'>>,
): Promise<ImportReport | undefined> {
  const args = invocation.from === 'call' ? invocation.args : undefined;
  const file =
    args?.file ??
    (
      await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Import Credentials'),
        filters: { JSON: ['json'] },
        canSelectMany: false,
      })
    )?.[0]?.fsPath;
  if (!file) return undefined;
  if ((await stat(file)).size > maxImportBytes) throw invalidInput(`${file} is too large to be a credentials file.`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw invalidInput(`${file} is not JSON: choose a file made by Export Credentials.`);
  }
  const report = await importCredentials(services.credentials, raw).catch((error: Error) => {
    throw invalidInput(error.message);
  });
  services.logger.info(
    `Imported ${report.added.length} credential(s) from ${file}; skipped ${report.skipped.length}: ${report.skipped.map((entry) => `"${entry.name}" (${entry.reason})`).join(', ') || 'none'}.`,
  );
  if (!args) {
    const added = vscode.l10n.t(
      'Imported {0} credential(s): each needs its secret on this machine (Enter Secret).',
      report.added.length,
    );
    const skipped = report.skipped.map((entry) => `"${entry.name}": ${entry.reason}`).join('; ');
    if (skipped) void showWarningMessage(`${added} ${vscode.l10n.t('Skipped: {0}.', skipped)}`);
    else void showInformationMessage(added);
  }
  return report;
}
