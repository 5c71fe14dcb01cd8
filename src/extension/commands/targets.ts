/**
 * What a command acts on. Menus pass a tree node; palette calls pass nothing (the user picks); other
 * extensions, keybindings and tests pass an argument object, and then nothing is asked: a missing or wrong
 * argument is an error, never a prompt (but releasing a secret or destroying data asks for consent, see
 * call-consent.ts).
 *
 * A target counts as the user's own gesture only when this extension made that very object (a tree node, a
 * button of ours): trusted by identity, never by shape, since any extension can build `{ kind, credentialId }`.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import type { CredentialRecord, IntegrationRecord, LifecycleEntry } from '../../core/credentials';
import type { Services } from '../services';
import type { TreeNode } from '../tree/credentials-tree';
import { displayText, labelText } from '../display';
import { showInformationMessage } from '../notifications';

export type CommandArgs = Record<string, unknown>;

const madeByOurUi = new WeakSet<object>();

/** Marks a target this extension's own UI hands to a command (tree nodes, notification and page buttons). */
export function fromOurUi<T extends object>(target: T): T {
  madeByOurUi.add(target);
  return target;
}

/** A target made by this extension's UI, whatever its shape. */
export function isFromOurUi(value: unknown): value is object {
  return typeof value === 'object' && value !== null && madeByOurUi.has(value);
}

/** A tree node the tree provider (or another part of our UI) made: a forged look-alike is an argument object. */
export function isTreeNode(value: unknown): value is TreeNode {
  return isFromOurUi(value) && 'kind' in value && 'credentialId' in value;
}

/** A node of our UI for a credential, e.g. for a notification's button. */
export function credentialTarget(credentialId: string): TreeNode {
  return fromOurUi({ kind: 'credential', credentialId });
}

/** An argument object (anything our UI did not make): the command runs without prompts. */
export function argsOf(value: unknown): CommandArgs | undefined {
  return typeof value === 'object' && value !== null && !isFromOurUi(value) ? (value as CommandArgs) : undefined;
}

export function stringArg(args: CommandArgs, name: string, required: true): string;
export function stringArg(args: CommandArgs, name: string, required?: false): string | undefined;
export function stringArg(args: CommandArgs, name: string, required = false): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) {
    if (required) throw invalidInput(`The argument "${name}" is required.`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalidInput(`The argument "${name}" must be a string.`);
  return value;
}

/** The credential named by a tree node, an argument (id or name), or picked by the user. */
export async function resolveCredential(
  services: Services,
  target: unknown,
  placeHolder: string,
): Promise<CredentialRecord | undefined> {
  if (isTreeNode(target)) return services.credentials.require(target.credentialId);
  const args = argsOf(target);
  if (args) {
    const wanted = stringArg(args, 'credential', true);
    const found = services.credentials.find(wanted);
    if (!found)
      throw invalidInput(
        `No credential "${wanted}". Add it first, or use its name or id as shown in the Sophos Central view.`,
      );
    return found;
  }
  const credentials = services.credentials.list();
  if (credentials.length === 0) {
    const add = vscode.l10n.t('Add Credential');
    const chosen = await showInformationMessage(vscode.l10n.t('There is no Sophos Central credential yet.'), add);
    if (chosen === add) await vscode.commands.executeCommand('sophosCentral.addCredential');
    return undefined;
  }
  if (credentials.length === 1) return credentials[0];
  const picked = await vscode.window.showQuickPick(
    credentials.map((credential) => ({
      label: labelText(credential.name),
      description: labelText(credential.tenant?.name ?? credential.whoami?.idType ?? '', 80),
      detail: credential.description && displayText(credential.description, 300),
      credential,
    })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.credential;
}

/** An integration credential by id, or by name (any case). */
export function findIntegration(services: Services, wanted: string): IntegrationRecord | undefined {
  return (
    services.credentials.integration(wanted) ??
    services.credentials.integrations().find((entry) => entry.name.toLowerCase() === wanted.trim().toLowerCase())
  );
}

/**
 * An API or an integration credential, for the commands both kinds share (lifecycle, details, delete): a tree
 * node, `{ credential: id or name }`, or picked from both lists.
 */
export async function resolveEntry(
  services: Services,
  target: unknown,
  placeHolder: string,
): Promise<LifecycleEntry | undefined> {
  const find = (wanted: string) => services.credentials.find(wanted) ?? findIntegration(services, wanted);
  if (isTreeNode(target)) {
    const found = find(target.credentialId);
    if (!found) throw invalidInput('That credential no longer exists: it may have been deleted in another window.');
    return found;
  }
  const args = argsOf(target);
  if (args) {
    const wanted = stringArg(args, 'credential', true);
    const found = find(wanted);
    if (!found)
      throw invalidInput(
        `No credential "${wanted}". Add it first, or use its name or id as shown in the Sophos Central view.`,
      );
    return found;
  }
  const entries: LifecycleEntry[] = [...services.credentials.list(), ...services.credentials.integrations()];
  if (entries.length === 0) return resolveCredential(services, target, placeHolder);
  if (entries.length === 1) return entries[0];
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: labelText(entry.name), entry })),
    { placeHolder },
  );
  return picked?.entry;
}
