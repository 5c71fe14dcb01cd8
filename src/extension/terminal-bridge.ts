/**
 * The terminal bridge, the editor's side: VS Code's integrated terminals get a private channel in their
 * environment (a socket only this user can open, and a nonce), and the CLI in them asks over it for a bearer
 * token. The user allows it once per terminal, credential and tenant in a modal; every answer is in the
 * credential's request log. Closing the terminal, deleting or suspending the credential ends the grant.
 */
import { ancestryOf } from '../core/bridge/ancestry';
import * as vscode from 'vscode';
import { SophosApiError } from '../core/api';
import { bridgeNonceVariable, bridgePathVariable, bridgeProtocolVersion, refusal } from '../core/bridge/protocol';
import type { BridgeReply, BridgeRequest } from '../core/bridge/protocol';
import { BridgeServer, planBridgeChannel, type BridgeChannel } from '../core/bridge/server';
import type { CredentialRecord } from '../core/credentials';
import { readEndpoints } from './config';
import { displayText } from './display';
import { showWarningMessage } from './notifications';
import type { Services } from './services';
import { effectiveTenantId, workspaceBinding } from './workspace-binding';

interface Grant {
  terminal: vscode.Terminal;
  credentialId: string;
}

export function startTerminalBridge(
  services: Services,
  environment: vscode.GlobalEnvironmentVariableCollection,
): vscode.Disposable {
  const channel = planBridgeChannel();
  // Not persisted: a reloaded window has a new channel, and terminals restored from before are not told an old one.
  environment.persistent = false;
  environment.description = vscode.l10n.t('Lets the sophos-central CLI ask VS Code for a bearer token.');
  environment.replace(bridgePathVariable, channel.path);
  environment.replace(bridgeNonceVariable, channel.nonce);
  const bridge = new TerminalBridge(services, channel);
  // Started with the first terminal: a window without one opens no socket.
  const start = () => void bridge.start();
  if (vscode.window.terminals.length > 0) setTimeout(start, 0);
  const subscriptions = [
    vscode.window.onDidOpenTerminal(start),
    vscode.window.onDidCloseTerminal((terminal) => bridge.endTerminal(terminal)),
  ];
  const unsubscribe = services.credentials.onDidChange(() => bridge.endUnusable());
  return {
    dispose: () => {
      unsubscribe();
      for (const subscription of subscriptions) subscription.dispose();
      void bridge.close();
    },
  };
}

class TerminalBridge {
  private server?: Promise<BridgeServer | undefined>;
  private readonly grants = new Map<string, Grant>();
  private prompting = false;

  constructor(
    private readonly services: Services,
    private readonly channel: BridgeChannel,
  ) {}

  start(): Promise<BridgeServer | undefined> {
    this.server ??= BridgeServer.start(this.channel, (request) => this.answer(request)).then(
      (server) => (this.services.logger.info(`Terminal bridge listening (${this.channel.path}).`), server),
      (error: unknown) => {
        this.services.logger.error(`Terminal bridge could not start: ${(error as Error).message}`);
        return undefined;
      },
    );
    return this.server;
  }

  async close(): Promise<void> {
    await (await this.server)?.close();
  }

  endTerminal(terminal: vscode.Terminal): void {
    for (const [key, grant] of this.grants) if (grant.terminal === terminal) this.grants.delete(key);
  }

  /** A deleted or suspended credential's grants end with it. */
  endUnusable(): void {
    for (const [key, grant] of this.grants) {
      const credential = this.services.credentials.get(grant.credentialId);
      if (!credential || credential.suspended) this.grants.delete(key);
    }
  }

  private async answer(request: BridgeRequest): Promise<BridgeReply> {
    const credential = this.credentialFor(request);
    if (!credential)
      return refusal(
        'credential',
        request.credential
          ? `VS Code has no credential "${request.credential}".`
          : 'Name the credential: --credential NAME, or set sophosCentral.workspaceCredential for this workspace.',
      );
    if (credential.suspended)
      return refusal('credential', `"${credential.name}" is suspended in VS Code: unsuspend it there first.`);
    const tenantId = request.tenant ?? effectiveTenantId(this.services, credential);
    // Where /proc can tell (Linux), the chain is read here from the asking pid, not taken from the client: a
    // process outside every terminal cannot borrow a granted terminal with a made-up chain ending in its shell.
    const asking = request.processes[0];
    const chain = process.platform !== 'linux' ? request.processes : asking ? (ancestryOf(asking) ?? []) : [];
    const shell = await terminalOf(chain);
    const terminal = shell?.terminal;
    // Granted per terminal, credential and tenant; a process outside any terminal is asked every time.
    const key = shell && `${shell.pid}|${credential.id}|${tenantId ?? ''}`;
    const asker = shell
      ? `the terminal "${displayText(shell.terminal.name, 60)}" (pid ${shell.pid})`
      : `a process (pid ${request.processes[0]})`;
    if (!key || !this.grants.has(key)) {
      if (this.prompting)
        return refusal('busy', 'VS Code is already asking about another terminal request: answer it, then try again.');
      this.prompting = true;
      let allowed: boolean;
      try {
        allowed = await this.ask(asker, credential, tenantId);
      } finally {
        this.prompting = false;
      }
      this.services.logger.warn(
        `${asker} asked for a bearer token of "${credential.name}": ${allowed ? 'allowed' : 'refused'}.`,
      );
      if (!allowed) return refusal('denied', `You did not allow ${asker} to use "${credential.name}" in VS Code.`);
      if (key && terminal) this.grants.set(key, { terminal, credentialId: credential.id });
    }
    try {
      const lent = await this.services.credentials.lend(credential.id, { feature: 'Terminal' });
      this.services.usage.recordLocalUse(credential.id, {
        time: new Date().toISOString(),
        feature: 'Terminal',
        what: `bearer token lent to ${asker}${tenantId ? ` for tenant ${tenantId}` : ''}`,
      });
      return {
        v: bridgeProtocolVersion,
        ok: true,
        token: lent.token,
        expiresAt: lent.expiresAt,
        credential: credential.name,
        clientId: credential.clientId,
        idType: lent.whoami.idType,
        id: lent.whoami.id,
        apiUrl: readEndpoints().apiUrl,
        ...(lent.whoami.apiHosts.dataRegion ? { dataRegionUrl: lent.whoami.apiHosts.dataRegion } : {}),
        ...(tenantId && lent.whoami.idType !== 'tenant' ? { tenantId } : {}),
      };
    } catch (error) {
      const message = error instanceof SophosApiError ? error.messageWithSupportId : (error as Error).message;
      return refusal('failed', `VS Code could not sign in with "${credential.name}": ${message}`);
    }
  }

  private credentialFor(request: BridgeRequest): CredentialRecord | undefined {
    if (request.credential) return this.services.credentials.find(request.credential);
    const bound = workspaceBinding(this.services)?.credential;
    if (bound) return bound;
    const all = this.services.credentials.list();
    return all.length === 1 ? all[0] : undefined;
  }

  private async ask(asker: string, credential: CredentialRecord, tenantId: string | undefined): Promise<boolean> {
    if (this.services.testMode) return true;
    const allow = vscode.l10n.t('Allow');
    const tenant = tenantId
      ? credential.tenant?.id === tenantId && credential.tenant.name
        ? `${credential.tenant.name} (${tenantId})`
        : tenantId
      : undefined;
    const answer = await showWarningMessage(
      vscode.l10n.t('Let {0} use the Sophos Central credential "{1}"?', asker, credential.name),
      {
        modal: true,
        detail: vscode.l10n.t(
          '{0}It gets a bearer token (valid for up to an hour) and whoami, never the Client Secret. You are asked once per terminal and credential; closing the terminal ends it. Allow it only if you ran sophos-central there yourself.',
          tenant ? vscode.l10n.t('Tenant: {0}. ', tenant) : '',
        ),
      },
      allow,
    );
    return answer === allow;
  }
}

/** The integrated terminal whose shell started the asking process, if any. */
async function terminalOf(processes: number[]): Promise<{ terminal: vscode.Terminal; pid: number } | undefined> {
  for (const terminal of vscode.window.terminals) {
    const pid = await terminal.processId;
    if (pid !== undefined && processes.includes(pid)) return { terminal, pid };
  }
  return undefined;
}
