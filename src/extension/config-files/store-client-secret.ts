/**
 * Store as credential and replace with reference: the quick fix on a Client Secret found in a file (open, or
 * found by Scan Workspace). The Client ID is the UUID next to it; the user names the credential; the pair signs
 * in with Sophos first and only a secret Sophos accepts is stored, with the defaults Add Credential starts from.
 * Then the reference takes the secret's place as one undoable edit. Only our own quick fix runs it (trusted by
 * identity, see commands/invocation.ts): a command call never signs in with, or stores, a secret it points at.
 */
import * as vscode from 'vscode';
import { SophosApiError, invalidInput, normalizeClientId } from '../../core/api';
import { environmentNameForKey } from '../../core/config-files';
import type { CredentialRecord } from '../../core/credentials';
import { clientIdFor, findClientSecrets, hashSecret } from '../../core/scan';
import { CommandId } from '../command-ids';
import type { Args } from '../commands/command-args';
import { actionOn, type Invocation } from '../commands/invocation';
import { newDraft, save } from '../commands/new-credential';
import { presentError } from '../error-presentation';
import { nameProblem } from '../name-problem';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../notifications';
import { configSection } from '../settings';
import type { Services } from '../services';
import { withProgress } from '../ui';
import { environmentNames } from './secret-diagnostics';
import { referenceFor, replaceFoundValue } from './secret-replacement';

export interface StoredClientSecret {
  /** The credential now kept, or the one that already kept this Client ID (then nothing was stored). */
  credential?: string;
  stored: boolean;
  /** The secret's place in the document now holds the reference (or nothing, where no reference fits). */
  replaced: boolean;
  variable: string;
}

export async function storeClientSecretFromFile(
  services: Services,
  invocation: Invocation<Args<'storeClientSecretFromFile'>>,
): Promise<StoredClientSecret | undefined> {
  const target = invocation.from === 'ui' && invocation.target.kind === 'secretInFile' ? invocation.target : undefined;
  if (!target)
    throw invalidInput(
      'Use the quick fix "Store as credential and replace with reference" on a Client Secret in a file: a command call cannot store one.',
    );
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  const text = document.getText();
  const found = findClientSecrets(text).find((match) => match.start === target.start && match.end === target.end);
  const foundClientId = found && clientIdFor(text, found.start);
  if (!found || !foundClientId) throw invalidInput('The file has changed: there is no Client Secret there any more.');
  const clientId = normalizeClientId(foundClientId);
  const secret = text.slice(found.start, found.end);
  const variable = environmentNameForKey(found.key, environmentNames['found-client-secret']);
  const where = vscode.workspace.asRelativePath(document.uri, false);
  const reference = referenceFor(document, variable);

  const existing = services.credentials.list().find((credential) => credential.clientId.toLowerCase() === clientId);
  if (existing && !(await keepsThisSecret(services, existing, secret))) {
    // The file may hold a newer secret than the one kept: removing it could lose its only copy.
    void keptSecretDiffers(existing, where);
    return { credential: existing.name, stored: false, replaced: false, variable };
  }
  if (existing) return referenceOnly(document, existing, { secret, start: found.start, variable, where, reference });

  const name = await askName(services, clientId, where);
  if (name === undefined) return undefined;
  const draft = newDraft({ name, clientId, clientSecret: secret });
  let credential: CredentialRecord;
  try {
    const signedIn = await withProgress(
      vscode.l10n.t('Signing in to Sophos Central with Client ID {0}…', clientId),
      (signal) => services.credentials.trySecret(clientId, secret, { signal, feature: 'Connection test' }),
    );
    credential = await save(services, draft, signedIn);
  } catch (error) {
    // Nothing stored, the document untouched: the message says so (never with the value).
    if (!(error instanceof SophosApiError && error.kind === 'cancelled')) {
      const message = presentError(error, false).message ?? String(error);
      services.logger.error(`Storing the Client Secret found in ${where}: ${message}`);
      void showErrorMessage(vscode.l10n.t('Nothing was stored and {0} is unchanged. {1}', where, message));
    }
    return { stored: false, replaced: false, variable };
  }
  const replaced = await replaceFoundValue(document, secret, found.start, variable);
  services.logger.info(
    `Stored the Client Secret found in ${where} as "${credential.name}"${replaced ? `; the file now refers to ${variable}` : ''}.`,
  );
  void announce(credential, where, replaced ? reference : undefined);
  return { credential: credential.name, stored: true, replaced, variable };
}

/** The secret in the file is the very one kept for the credential (compared by hash, as the detector does). */
async function keepsThisSecret(services: Services, credential: CredentialRecord, secret: string): Promise<boolean> {
  const kept = (await services.credentials.secrets.hashes()).lookup(hashSecret(secret.trim()));
  return kept?.kind === 'clientSecret' && kept.credentialName === credential.name;
}

async function keptSecretDiffers(existing: CredentialRecord, where: string): Promise<void> {
  const edit = vscode.l10n.t('Edit Credential');
  const chosen = await showWarningMessage(
    vscode.l10n.t(
      '"{0}" keeps another Client Secret for Client ID {1}, so the one in {2} is left where it is. To keep this one instead, replace it in Edit Credential (it signs in first).',
      existing.name,
      existing.clientId,
      where,
    ),
    edit,
  );
  if (chosen === edit) await vscode.commands.executeCommand(CommandId.editCredential, actionOn(existing.id));
}

/** The Client ID is kept here already with this secret: nothing is stored twice, the reference alone is offered. */
async function referenceOnly(
  document: vscode.TextDocument,
  existing: CredentialRecord,
  found: { secret: string; start: number; variable: string; where: string; reference: string | undefined },
): Promise<StoredClientSecret> {
  const question = found.reference
    ? vscode.l10n.t(
        '"{0}" already keeps Client ID {1} here: nothing is stored twice. Replace the secret in {2} with {3}?',
        existing.name,
        existing.clientId,
        found.where,
        found.reference,
      )
    : vscode.l10n.t(
        '"{0}" already keeps Client ID {1} here: nothing is stored twice. Remove the secret from {2}?',
        existing.name,
        existing.clientId,
        found.where,
      );
  const replace = found.reference ? vscode.l10n.t('Replace with Reference') : vscode.l10n.t('Remove from File');
  const chosen = await showInformationMessage(question, replace);
  const replaced = chosen === replace && (await replaceFoundValue(document, found.secret, found.start, found.variable));
  return { credential: existing.name, stored: false, replaced, variable: found.variable };
}

async function askName(services: Services, clientId: string, where: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Store as Sophos Central Credential'),
    value: suggestedName(services, where),
    prompt: vscode.l10n.t(
      'A name for the credential with Client ID {0}. It signs in first: only a secret Sophos accepts is stored.',
      clientId,
    ),
    ignoreFocusOut: true,
    validateInput: (text) => nameProblem(services, text.trim()),
  });
  return name?.trim();
}

/**
 * "From deploy/.env", or "From deploy/.env (2)" when that name is taken. Never the name the workspace's settings
 * bind: a folder could otherwise ship a pair of its own and have the default make it this window's credential.
 */
function suggestedName(services: Services, where: string): string {
  const bound = vscode.workspace.getConfiguration(configSection).get<string>('workspaceCredential')?.trim();
  const free = (name: string) => !services.credentials.nameProblem(name) && name.toLowerCase() !== bound?.toLowerCase();
  const base = `From ${where}`.slice(0, 90);
  if (free(base)) return base;
  for (let count = 2; ; count++) {
    const name = `${base} (${count})`;
    if (free(name)) return name;
  }
}

async function announce(credential: CredentialRecord, where: string, reference: string | undefined): Promise<void> {
  const roleNote = vscode.l10n.t('Its role is recorded as Super Admin: edit the credential if it has another.');
  const text = reference
    ? vscode.l10n.t(
        'Stored "{0}" and put {1} in place of the secret in {2}. {3}',
        credential.name,
        reference,
        where,
        roleNote,
      )
    : vscode.l10n.t('Stored "{0}" and removed the secret from {1}. {2}', credential.name, where, roleNote);
  const edit = vscode.l10n.t('Edit Credential');
  if ((await showInformationMessage(text, edit)) === edit)
    await vscode.commands.executeCommand(CommandId.editCredential, actionOn(credential.id));
}
