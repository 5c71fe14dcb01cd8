/**
 * The credential an invocation is about: the one our UI's target names, the one a call names (`credential`:
 * id or name, any case), or, from the palette, the one the user picks.
 */
import * as vscode from 'vscode';
import { invalidInput } from '../../core/api';
import type { CredentialRecord, LifecycleEntry } from '../../core/credentials';
import { CommandId } from '../command-ids';
import { displayText, labelText } from '../display';
import { showInformationMessage } from '../notifications';
import type { Services } from '../services';
import { boundFirst } from '../workspace-binding';
import { credentialOf, type Invocation, type UiTarget } from './invocation';

/** An API credential. */
export async function chosenCredential(
  services: Services,
  invocation: Invocation<{ credential: string }>,
  placeHolder: string,
): Promise<CredentialRecord | undefined> {
  switch (invocation.from) {
    case 'ui':
      return services.credentials.require(targetCredential(invocation.target));
    case 'call':
      return namedCredential(services, invocation.args.credential);
    case 'palette':
      return pickCredential(services, placeHolder);
  }
}

/** An API or an integration credential, for the commands both kinds share (lifecycle, details, edit, delete). */
export async function chosenEntry(
  services: Services,
  invocation: Invocation<{ credential: string }>,
  placeHolder: string,
): Promise<LifecycleEntry | undefined> {
  switch (invocation.from) {
    case 'ui': {
      const found = services.credentials.findEntry(targetCredential(invocation.target));
      if (!found) throw invalidInput('That credential no longer exists: it may have been deleted in another window.');
      return found;
    }
    case 'call':
      return namedEntry(services, invocation.args.credential);
    case 'palette':
      return pickEntry(services, placeHolder);
  }
}

function namedCredential(services: Services, wanted: string): CredentialRecord {
  return services.credentials.find(wanted) ?? noCredential(wanted);
}

function namedEntry(services: Services, wanted: string): LifecycleEntry {
  return services.credentials.findEntry(wanted) ?? noCredential(wanted);
}

function noCredential(wanted: string): never {
  throw invalidInput(
    `No credential "${wanted}". Add it first, or use its name or id as shown in the Sophos Central view.`,
  );
}

function targetCredential(target: UiTarget): string {
  const id = credentialOf(target);
  if (!id) throw invalidInput('Choose a credential in the Sophos Central view.');
  return id;
}

/** The only API credential, or one the user picks; with none, an offer to add one. */
export async function pickCredential(services: Services, placeHolder: string): Promise<CredentialRecord | undefined> {
  const credentials = services.credentials.list();
  if (credentials.length === 0) {
    const add = vscode.l10n.t('Add Credential');
    const chosen = await showInformationMessage(vscode.l10n.t('There is no Sophos Central credential yet.'), add);
    if (chosen === add) await vscode.commands.executeCommand(CommandId.addCredential);
    return undefined;
  }
  if (credentials.length === 1) return credentials[0];
  const { items, describe } = boundFirst(services, credentials, (credential) => credential.id);
  const picked = await vscode.window.showQuickPick(
    items.map((credential) => ({
      label: labelText(credential.name),
      description: describe(credential, labelText(credential.tenant?.name ?? credential.whoami?.idType ?? '', 80)),
      detail: credential.description && displayText(credential.description, 300),
      credential,
    })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.credential;
}

async function pickEntry(services: Services, placeHolder: string): Promise<LifecycleEntry | undefined> {
  const entries = services.credentials.entries();
  if (entries.length === 0) return pickCredential(services, placeHolder);
  if (entries.length === 1) return entries[0];
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({ label: labelText(entry.name), entry })),
    { placeHolder },
  );
  return picked?.entry;
}
