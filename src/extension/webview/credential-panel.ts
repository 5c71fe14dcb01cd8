/**
 * The credential details webview, host side: one panel per credential, reused; a `ready` handshake before the
 * first state; every message from the page checked against the protocol; a strict CSP with a fresh nonce;
 * only dist/webview and media loadable. It follows the store and the usage log while open.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, PageMessage } from '../../protocol/credential-details';
import { CommandId } from '../command-ids';
import type { Services } from '../services';
import { tokenUses } from '../config-files/token-uses';
import { credentialView, integrationView } from './credential-view';
import { parsePageMessage } from './messages';
import { actionOn } from '../commands/invocation';

const actionCommands: Record<Extract<PageMessage, { type: 'action' }>['action'], string> = {
  enterSecret: CommandId.enterSecret,
  test: CommandId.testCredential,
  suspend: CommandId.suspendCredential,
  unsuspend: CommandId.unsuspendCredential,
  resetInactivity: CommandId.resetInactivity,
  setInactivityLimit: CommandId.setInactivityLimit,
  edit: CommandId.editCredential,
  delete: CommandId.deleteCredential,
};

export class CredentialPanels implements vscode.Disposable {
  private readonly panels = new Map<string, CredentialPanel>();
  /** Every page and message any panel was given, most recent last (bounded): what the leak scan searches. */
  readonly transcript: string[] = [];

  constructor(
    private readonly services: Pick<Services, 'credentials' | 'logger' | 'usage'>,
    private readonly extensionUri: vscode.Uri,
  ) {}

  open(credentialId: string): { id: string; opened: boolean } {
    const existing = this.panels.get(credentialId);
    if (existing) {
      existing.reveal();
      return { id: credentialId, opened: false };
    }
    const panel = new CredentialPanel(
      this.services,
      this.extensionUri,
      credentialId,
      () => this.panels.delete(credentialId),
      (text) => {
        this.transcript.push(text);
        if (this.transcript.length > 2_000) this.transcript.shift();
      },
    );
    this.panels.set(credentialId, panel);
    return { id: credentialId, opened: true };
  }

  /** For tests: delivers a message as if the page had sent it (the same path as the real one). */
  receiveForTest(credentialId: string, raw: unknown): Promise<void> | undefined {
    return this.panels.get(credentialId)?.receive(raw);
  }

  /** For tests: the HTML and the messages each open panel was sent. */
  inspect(credentialId: string): { html: string; sent: HostMessage[]; rejected: number } | undefined {
    const panel = this.panels.get(credentialId);
    return panel && { html: panel.html, sent: [...panel.sent], rejected: panel.rejected };
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }
}

class CredentialPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: (() => void)[] = [];
  private ready = false;
  private pending?: ReturnType<typeof setTimeout>;
  readonly sent: HostMessage[] = [];
  rejected = 0;

  constructor(
    private readonly services: Pick<Services, 'credentials' | 'logger' | 'usage'>,
    private readonly extensionUri: vscode.Uri,
    private readonly credentialId: string,
    private readonly onClosed: () => void,
    private readonly record: (text: string) => void,
  ) {
    const credential = services.credentials.get(credentialId) ?? services.credentials.integration(credentialId);
    if (!credential) throw new Error('That credential no longer exists.');
    this.panel = vscode.window.createWebviewPanel(
      'sophosCentral.credentialDetails',
      credential.name,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [
          vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'),
          vscode.Uri.joinPath(this.extensionUri, 'media'),
        ],
      },
    );
    this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'sophos-central.svg');
    this.panel.webview.html = this.render();
    this.record(this.panel.webview.html);
    this.panel.webview.onDidReceiveMessage((raw) => this.receive(raw));
    this.panel.onDidDispose(() => this.dispose());
    this.subscriptions.push(
      services.credentials.onDidChange(() => this.scheduleUpdate()),
      services.usage.onDidRecord((id) => id === credentialId && this.scheduleUpdate()),
    );
  }

  get html(): string {
    return this.panel.webview.html;
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    this.onClosed();
    this.panel.dispose();
  }

  async receive(raw: unknown): Promise<void> {
    const message = parsePageMessage(raw);
    if (!message) {
      this.rejected += 1;
      this.services.logger.warn(`Details page sent a message outside the protocol; ignored: ${describe(raw)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.update();
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(
          message.what === 'supportId'
            ? vscode.l10n.t('Copied the Sophos request id.')
            : vscode.l10n.t('Copied the Client ID.'),
          3000,
        );
        return;
      case 'action': {
        await vscode.commands.executeCommand(actionCommands[message.action], actionOn(this.credentialId));
        return;
      }
    }
  }

  /** Bursts of requests (a paged listing) redraw once. */
  private scheduleUpdate(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.update();
    }, 100);
  }

  private update(): void {
    if (!this.ready) return;
    const usage = this.services.usage.summary(this.credentialId);
    const credential = this.services.credentials.get(this.credentialId);
    const integration = credential ? undefined : this.services.credentials.integration(this.credentialId);
    if (!credential && !integration) {
      this.post({ type: 'deleted' });
      this.dispose();
      return;
    }
    const view = credential
      ? credentialView(
          credential,
          usage,
          Date.now(),
          tokenUses(this.services, credential.id),
          this.services.credentials.secrets.isMissing(credential.id),
        )
      : integrationView(integration!, usage, Date.now());
    this.panel.title = view.name;
    this.post({ type: 'state', view });
  }

  private post(message: HostMessage): void {
    this.record(JSON.stringify(message));
    this.sent.push(message);
    if (this.sent.length > 20) this.sent.shift();
    void this.panel.webview.postMessage(message);
  }

  private render(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(
      vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'credential-details.js'),
    );
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'credential-details.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    // The page starts empty: every text arrives as data and is set with textContent, never as HTML.
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Credential details</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}

function describe(raw: unknown): string {
  try {
    return JSON.stringify(raw).slice(0, 200);
  } catch {
    return typeof raw;
  }
}
