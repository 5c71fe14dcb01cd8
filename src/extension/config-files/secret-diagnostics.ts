/**
 * Warns where an open file holds an SLS token, or a secret this extension keeps (a Client Secret or a token
 * value), in plain text. File contents are scanned in this process and never sent anywhere. Stored secrets
 * are compared by SHA-256: their hashes are recomputed when the store changes and the values are dropped at
 * once, so no plaintext secret is held between scans.
 */
import * as vscode from 'vscode';
import { scanText, SecretHashes, type Finding } from '../../core/scan';
import { configSection } from '../settings';
import type { StoredSecretInfo } from '../../core/credentials';
import type { CredentialsAndLog } from '../services';

export const diagnosticSource = 'Sophos Central';

/** `client-secret` is one this extension keeps; `found-client-secret` one found by the rule, not kept here. */
export type SecretDiagnosticCode =
  'sls-token' | 'stored-token' | 'client-secret' | 'found-client-secret' | 'bearer-token';

export const environmentNames: Record<SecretDiagnosticCode, string> = {
  'sls-token': 'SOPHOS_SLS_TOKEN',
  'stored-token': 'SOPHOS_SLS_TOKEN',
  'client-secret': 'SOPHOS_CLIENT_SECRET',
  'found-client-secret': 'SOPHOS_CLIENT_SECRET',
  'bearer-token': 'SOPHOS_ACCESS_TOKEN',
};

/** The diagnostic code of a finding: what the quick fixes key on. */
export function diagnosticCodeOf(finding: Finding<StoredSecretInfo>): SecretDiagnosticCode {
  if (finding.kind === 'stored-secret') return finding.stored?.kind === 'token' ? 'stored-token' : 'client-secret';
  return finding.kind === 'client-secret' ? 'found-client-secret' : finding.kind;
}

const enabledSetting = 'secretDetection.enabled';
const debounceMs = 300;
const maxLength = 1_000_000;

export function isScannable(document: vscode.TextDocument): boolean {
  return (
    (document.uri.scheme === 'file' || document.uri.scheme === 'untitled') && document.getText().length <= maxLength
  );
}

export class SecretDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sophosCentral.secrets');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly closed = new vscode.EventEmitter<vscode.Uri>();
  /** A document closed and its live findings went: the workspace scan puts its file's on-disk ones back. */
  readonly onDidCloseDocument = this.closed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private hashes = new SecretHashes<StoredSecretInfo>();
  private generation = 0;

  constructor(private readonly services: CredentialsAndLog) {
    const stopListening = services.credentials.onDidChange(() => void this.refresh());
    this.disposables.push(
      this.collection,
      this.closed,
      { dispose: stopListening },
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document, debounceMs);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancel(document.uri);
        this.collection.delete(document.uri);
        this.closed.fire(document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${configSection}.${enabledSetting}`)) void this.refresh();
      }),
    );
    void this.refresh();
  }

  private get enabled(): boolean {
    return vscode.workspace.getConfiguration(configSection).get<boolean>(enabledSetting, true) !== false;
  }

  /** New hashes of every stored secret, then every open document again. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const hashes = this.enabled ? await this.hashStoredSecrets() : new SecretHashes<StoredSecretInfo>();
    if (generation !== this.generation) return; // a later refresh won
    this.hashes = hashes;
    for (const document of vscode.workspace.textDocuments) this.scan(document);
  }

  private async hashStoredSecrets(): Promise<SecretHashes<StoredSecretInfo>> {
    try {
      return await this.services.credentials.secrets.hashes();
    } catch (error) {
      this.services.logger.warn(
        `Secret detection: could not read SecretStorage (${(error as Error).message}); only SLS-shaped tokens are found.`,
      );
      return new SecretHashes<StoredSecretInfo>();
    }
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.scan(document);
      }, delay),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  private scan(document: vscode.TextDocument): void {
    if (!this.enabled || !isScannable(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const { findings } = scanText(document.getText(), {
      path: vscode.workspace.asRelativePath(document.uri, false),
      hashes: this.hashes,
    });
    this.setFindings(
      document.uri,
      findings.map((finding) => ({
        ...finding,
        range: new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end)),
      })),
    );
  }

  /** Stored-secret hashes as of the last refresh: the workspace scan matches with the same ones. */
  get storedHashes(): SecretHashes<StoredSecretInfo> {
    return this.hashes;
  }

  /** Findings of a file as warnings with the codes the quick fixes key on (the workspace scan's too). */
  setFindings(uri: vscode.Uri, findings: Array<Finding<StoredSecretInfo> & { range: vscode.Range }>): void {
    this.collection.set(
      uri,
      findings.map((finding) => {
        const code = diagnosticCodeOf(finding);
        const diagnostic = new vscode.Diagnostic(
          finding.range,
          describe(code, finding.stored),
          vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = diagnosticSource;
        diagnostic.code = code;
        return diagnostic;
      }),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function describe(code: SecretDiagnosticCode, info: StoredSecretInfo | undefined): string {
  if (code === 'found-client-secret')
    return vscode.l10n.t(
      'A Sophos Central Client Secret is in plain text here. Keep it in SecretStorage and refer to an environment variable instead.',
    );
  if (code === 'bearer-token')
    return vscode.l10n.t(
      'A Sophos Central bearer token is in plain text here. Anyone who reads it can act as its credential until it expires.',
    );
  if (info === undefined)
    return vscode.l10n.t(
      'An SLS token is in plain text here. Keep it in SecretStorage and refer to an environment variable instead.',
    );
  if (info.kind === 'token')
    return vscode.l10n.t(
      'The SLS token "{0}", kept in SecretStorage, is in plain text here. Refer to an environment variable instead.',
      info.label,
    );
  return vscode.l10n.t(
    'The Client Secret of "{0}" is in plain text here. Refer to an environment variable instead.',
    info.credentialName,
  );
}
