/**
 * Quick fixes for a secret found in a file: replace it with an environment reference in the idiom of what
 * reads the file (see env-reference.ts), or store it first, then replace it (an SLS token this extension does
 * not keep yet in SecretStorage; a Client Secret as a credential, see store-client-secret.ts). Where nothing
 * would expand a reference (plain YAML, other JSON), only storing and removing is offered, and the title says
 * why.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { invalidInput, validateLabel } from '../../core/api';
import {
  detectConfigFormat,
  environmentNameForKey,
  environmentReference,
  noReferenceReason,
  referenceIdiom,
} from '../../core/config-files';
import type { CredentialRecord, StoredSecretInfo, TokenRecord } from '../../core/credentials';
import { hashSecret, isSlsToken, keyBefore, type SecretHashes } from '../../core/scan';
import { CommandId, InternalCommandId } from '../command-ids';
import type { Args } from '../commands/command-args';
import { fromOurUi, type Invocation } from '../commands/invocation';
import type { Services } from '../services';
import { diagnosticSource, environmentNames, type SecretDiagnosticCode } from './secret-diagnostics';
import { replaceFoundValue, replacementEdit } from './secret-replacement';

/** How long the lightbulb waits for git's answer; a slower git answers next time (tracked-files.ts). */
const trackedWaitMs = 250;

export class SecretCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  /**
   * `storedHashes`: which kept secret a finding is (by hash), so a leaked kept token can be rotated.
   * `tracked`: whether git tracks the file, waiting for git at most so long (see tracked-files.ts).
   */
  constructor(
    private readonly storedHashes: () => SecretHashes<StoredSecretInfo>,
    private readonly tracked: (uri: vscode.Uri, waitMs: number) => Promise<boolean>,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter(
      (diagnostic) =>
        diagnostic.source === diagnosticSource && environmentNames[diagnostic.code as SecretDiagnosticCode],
    );
    const rotations = ours.map((diagnostic) =>
      diagnostic.code === 'stored-token' ? this.rotateAction(document, diagnostic) : undefined,
    );
    // In a tracked file the token is in the repository's history: only a new token makes it safe, so Rotate
    // comes first and is the preferred fix there. Elsewhere it follows the reference and store fixes.
    const rotateFirst = rotations.some(Boolean) && (await this.tracked(document.uri, trackedWaitMs));
    const actions: vscode.CodeAction[] = [];
    ours.forEach((diagnostic, index) => {
      const rotate = rotations[index];
      const fixes = fixesFor(document, diagnostic);
      if (!rotate) actions.push(...fixes);
      else if (rotateFirst) {
        for (const fix of fixes) fix.isPreferred = false;
        actions.push(rotate, ...fixes);
      } else {
        rotate.isPreferred = false;
        actions.push(...fixes, rotate);
      }
    });
    return actions;
  }

  /**
   * A kept token found in a file has leaked: replacing it with a reference does not make it safe again.
   * Rotate SLS Token: a new token everywhere it is, then this one revoked.
   */
  private rotateAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
    const info = this.storedHashes().lookup(hashSecret(document.getText(diagnostic.range)));
    if (info?.kind !== 'token') return undefined;
    const action = new vscode.CodeAction(
      vscode.l10n.t('Rotate SLS Token "{0}": a new token everywhere it is, then this one revoked', info.label),
      vscode.CodeActionKind.QuickFix,
    );
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    const target = {
      kind: 'token',
      credentialId: info.credentialId,
      tokenId: info.tokenId,
      label: info.label,
    } as const;
    action.command = { title: action.title, command: CommandId.rotateSlsToken, arguments: [fromOurUi(target)] };
    return action;
  }
}

/** The reference and store fixes of one finding, preferred as if no rotation were offered. */
function fixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  const code = diagnostic.code as SecretDiagnosticCode;
  const name = variableFor(document, diagnostic, code);
  const format = detectConfigFormat(document.fileName, document.languageId);
  const idiom = referenceIdiom(document.uri.path, format, document.getText());
  const why = idiom ? undefined : noReferenceReason(format);
  const fixes: vscode.CodeAction[] = [];
  if (idiom) {
    const replace = new vscode.CodeAction(
      vscode.l10n.t('Replace with environment reference {0}', environmentReference(idiom, name)),
      vscode.CodeActionKind.QuickFix,
    );
    replace.edit = replacementEdit(document, diagnostic.range, name);
    replace.diagnostics = [diagnostic];
    replace.isPreferred = code !== 'found-client-secret';
    fixes.push(replace);
  } else if (code === 'stored-token' || code === 'client-secret') {
    // Already kept in SecretStorage (a Client Secret, a stored token): removing it from the file is the fix.
    const remove = new vscode.CodeAction(
      vscode.l10n.t('Remove from file, it is kept in SecretStorage (no environment reference: {0})', why!),
      vscode.CodeActionKind.QuickFix,
    );
    remove.edit = replacementEdit(document, diagnostic.range, name);
    remove.diagnostics = [diagnostic];
    remove.isPreferred = true;
    fixes.push(remove);
  }
  if (code === 'found-client-secret') {
    const title = idiom
      ? vscode.l10n.t('Store as credential and replace with reference')
      : vscode.l10n.t('Store as credential and remove from file (no environment reference: {0})', why!);
    const store = storeAction(document, diagnostic, title, InternalCommandId.storeClientSecretFromFile);
    // A found Client Secret replaced without being kept would be lost: keeping it is the preferred fix.
    store.isPreferred = true;
    fixes.push(store);
  }
  if (code === 'sls-token') {
    const title = idiom
      ? vscode.l10n.t('Store in SecretStorage and remove from file')
      : vscode.l10n.t('Store in SecretStorage and remove from file (no environment reference: {0})', why!);
    const store = storeAction(document, diagnostic, title, InternalCommandId.storeTokenFromFile);
    store.isPreferred = !idiom;
    fixes.push(store);
  }
  return fixes;
}

/** The variable a reference names: a Client Secret's from the key it was found under, e.g. SOPHOS_CLIENT_SECRET. */
function variableFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, code: SecretDiagnosticCode) {
  if (code !== 'found-client-secret' && code !== 'client-secret') return environmentNames[code];
  return environmentNameForKey(
    keyBefore(document.getText(), document.offsetAt(diagnostic.range.start)),
    environmentNames[code],
  );
}

/** A fix that runs `command` on the secret where the diagnostic is, as the user's own gesture (see invocation.ts). */
function storeAction(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  title: string,
  command: InternalCommandId,
): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  const target = fromOurUi({
    kind: 'secretInFile',
    uri: document.uri.toString(),
    start: document.offsetAt(diagnostic.range.start),
    end: document.offsetAt(diagnostic.range.end),
  });
  action.command = { title, command, arguments: [target] };
  return action;
}

/**
 * `{ uri, start, end, credential?, label? }`: keeps the SLS token at [start, end) of the document as an imported
 * token of a credential (named, the only one, or, from our own quick fix, picked), then puts the reference in
 * its place.
 */
export async function storeTokenFromFile(services: Services, invocation: Invocation<Args<'storeTokenFromFile'>>) {
  const quickFix =
    invocation.from === 'ui' && invocation.target.kind === 'secretInFile' ? invocation.target : undefined;
  const fromQuickFix = quickFix !== undefined;
  const args: Args<'storeTokenFromFile'> | undefined = invocation.from === 'call' ? invocation.args : quickFix;
  if (!args) throw invalidInput('Use the quick fix on an SLS token in a file.');
  const uri = vscode.Uri.parse(args.uri);
  const { start, end } = args;
  const document = await vscode.workspace.openTextDocument(uri);
  const value = document.getText().slice(start, end);
  if (!isSlsToken(value)) throw invalidInput('The file has changed: there is no SLS token there any more.');
  const credential = await chooseCredential(services, args, fromQuickFix);
  if (!credential) return undefined;
  const label = validateLabel(args.label ?? `Imported from ${basename(uri.path)}`.slice(0, 50));
  const record: TokenRecord = {
    id: `imported-${randomUUID()}`,
    credentialId: credential.id,
    tenantId: credential.tenant?.id ?? credential.whoami?.id ?? '',
    label,
    type: 'sophosLinuxSensor',
    createdAt: new Date().toISOString(),
    expiresAt: null,
    imported: true,
  };
  await services.credentials.tokens.import(record, value);
  services.logger.info(
    `Stored an SLS token from ${uri.fsPath || uri.toString()} as imported token ${record.id} of "${credential.name}".`,
  );
  const replaced = await replaceFoundValue(document, value, start, environmentNames['sls-token']);
  if (fromQuickFix)
    void vscode.window.setStatusBarMessage(
      vscode.l10n.t('Stored the SLS token as "{0}" under "{1}".', label, credential.name),
      4000,
    );
  return { tokenId: record.id, label, credential: credential.name, replaced };
}

async function chooseCredential(
  services: Services,
  args: { credential?: string },
  mayAsk: boolean,
): Promise<CredentialRecord | undefined> {
  const named = args.credential;
  if (named) {
    const found = services.credentials.find(named);
    if (!found) throw invalidInput(`No credential "${named}".`);
    return found;
  }
  const credentials = services.credentials.list();
  if (credentials.length === 0)
    throw invalidInput(
      'Add a Sophos Central credential first: a stored token is kept under the credential it belongs to.',
    );
  if (credentials.length === 1) return credentials[0];
  if (!mayAsk) throw invalidInput('Name the credential the token belongs to: { credential }.');
  const picked = await vscode.window.showQuickPick(
    credentials.map((credential) => ({
      label: credential.name,
      description: credential.tenant?.name ?? credential.whoami?.idType ?? '',
      credential,
    })),
    { placeHolder: vscode.l10n.t('Credential the SLS token belongs to') },
  );
  return picked?.credential;
}
