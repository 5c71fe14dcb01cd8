/**
 * The `sophos-central` authentication provider: other extensions call
 * `vscode.authentication.getSession('sophos-central', scopes, { createIfNone: true })` and, after VS Code's own
 * consent prompt, get a session whose access token is a current Sophos Central bearer token for a credential
 * the user picks. Scopes: `credential:<name or id>` picks the credential without asking; `tenant:<id>` names
 * the tenant a partner or organization credential acts on. Sessions keep no token: each is fetched (or taken
 * from the cache) when asked for, and refreshed a minute before it expires, announced through
 * onDidChangeSessions so consumers pick up the new one without a prompt.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { invalidInput, normalizeTenantId, safeTimeoutMs } from '../core/api';
import { roleLabel, type CredentialRecord } from '../core/credentials';
import { showWarningMessage } from './notifications';
import type { Services } from './services';
import { boundFirst, workspaceBinding } from './workspace-binding';
import { labelText } from './display';

const sessionsKey = 'sophosCentral.authSessions.v1';
/** Refresh this long before the bearer token expires (the core reuses a token until 60 s before). */
const refreshLeadMs = 90_000;

interface StoredSession {
  id: string;
  credentialId: string;
  scopes: string[];
}

export class SophosAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private readonly refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly services: Pick<Services, 'credentials' | 'logger' | 'testMode'>,
    /** Where the sessions handed out are remembered (the extension's global state). */
    private readonly memento: vscode.Memento,
  ) {
    this.unsubscribe = services.credentials.onDidChange(() => void this.dropSessionsOfRemovedCredentials());
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const wanted = scopes ? normalizeScopes(scopes) : undefined;
    const sessions: vscode.AuthenticationSession[] = [];
    for (const stored of this.stored()) {
      if (wanted && !sameScopes(stored.scopes, wanted)) continue;
      try {
        sessions.push(await this.sessionOf(stored));
      } catch (error) {
        // A suspended or broken credential yields no session; the caller may create another.
        this.services.logger.warn(`Sign-in session for another extension unavailable: ${(error as Error).message}`);
      }
    }
    return sessions;
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const normalized = normalizeScopes(scopes);
    const credential = await this.pickCredential(normalized);
    const tenant = normalized.find((scope) => scope.startsWith('tenant:'))?.slice('tenant:'.length);
    if (tenant) await this.checkTenant(credential, normalizeTenantId(tenant));
    // Without a tenant scope, the bound workspace's tenant is the one the user is told about.
    const binding = workspaceBinding(this.services);
    const boundTenant = binding?.credential.id === credential.id ? binding.tenantId : undefined;
    if (credential.whoami && credential.whoami.idType !== 'tenant' && !tenant && !boundTenant && !credential.tenant) {
      throw invalidInput(
        `"${credential.name}" is a ${credential.whoami.idType} credential: ask for a scope "tenant:<tenant id>", or choose its tenant in the Sophos Central view first.`,
      );
    }
    await this.askUser(credential, tenant ?? boundTenant ?? credential.tenant?.id);
    const stored: StoredSession = { id: randomUUID(), credentialId: credential.id, scopes: normalized };
    const session = await this.sessionOf(stored);
    await this.save([...this.stored(), stored]);
    this.services.logger.info(
      `Another extension signed in to Sophos Central with "${credential.name}"${normalized.length ? ` (scopes: ${normalized.join(' ')})` : ''}.`,
    );
    this.changed.fire({ added: [session], removed: [], changed: [] });
    return session;
  }

  /**
   * VS Code's own prompt names the extension, not what it gets: a `credential:` scope picks the credential
   * without a choice. So the user also sees which credential, with which role, on which tenant.
   */
  private async askUser(credential: CredentialRecord, tenantId: string | undefined): Promise<void> {
    const tenant = tenantId ?? (credential.whoami?.idType === 'tenant' ? credential.whoami.id : undefined);
    const tenantName =
      credential.tenant && credential.tenant.id.toLowerCase() === tenant?.toLowerCase()
        ? credential.tenant.name
        : undefined;
    const where = tenant
      ? vscode.l10n.t('tenant {0}', tenantName ? `${tenantName} (${tenant})` : tenant)
      : vscode.l10n.t('its own account');
    const message = vscode.l10n.t(
      'An extension asks for a Sophos Central sign-in as "{0}" ({1}) on {2}.',
      credential.name,
      roleLabel(credential.role),
      where,
    );
    const detail = vscode.l10n.t(
      'It gets a bearer token that can do whatever this role allows, renewed until you sign it out (Accounts menu). The Client Secret is never handed out.',
    );
    const allow = vscode.l10n.t('Allow');
    const allowed =
      this.services.testMode || (await showWarningMessage(message, { modal: true, detail }, allow)) === allow;
    this.services.logger.info(`${message} ${allowed ? 'Allowed' : 'Refused'} by the user.`);
    if (!allowed) throw new vscode.CancellationError();
  }

  /** A `tenant:` scope must name a tenant the credential may act on (consumers send it as X-Tenant-ID). */
  private async checkTenant(credential: CredentialRecord, tenantId: string): Promise<void> {
    const idType = credential.whoami?.idType;
    if (idType === 'tenant') {
      if (credential.whoami!.id.toLowerCase() !== tenantId)
        throw invalidInput(
          `"${credential.name}" belongs to tenant ${credential.whoami!.id}; it cannot act on tenant ${tenantId}.`,
        );
      return;
    }
    const tenants = await this.services.credentials.tenants(credential.id);
    if (!tenants.some((candidate) => candidate.id.toLowerCase() === tenantId))
      throw invalidInput(`"${credential.name}" has no tenant ${tenantId}.`);
  }

  async removeSession(sessionId: string): Promise<void> {
    const stored = this.stored();
    const removed = stored.find((session) => session.id === sessionId);
    if (!removed) return;
    await this.save(stored.filter((session) => session.id !== sessionId));
    this.clearTimer(sessionId);
    this.changed.fire({ added: [], removed: [this.placeholder(removed)], changed: [] });
  }

  dispose(): void {
    this.unsubscribe();
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    this.changed.dispose();
  }

  private async sessionOf(stored: StoredSession): Promise<vscode.AuthenticationSession> {
    const credential = this.services.credentials.require(stored.credentialId);
    const { token, expiresAt } = await this.services.credentials.signIn(stored.credentialId);
    this.scheduleRefresh(stored, expiresAt);
    return {
      id: stored.id,
      accessToken: token,
      account: { id: credential.id, label: credential.name },
      scopes: stored.scopes,
    };
  }

  /** Shortly before the token expires, fetch the next one and tell consumers their session changed. */
  private scheduleRefresh(stored: StoredSession, expiresAt: number): void {
    this.clearTimer(stored.id);
    // setTimeout fires at once for a delay past 2^31-1 ms (24.8 days): a long-lived token would loop.
    const delay = safeTimeoutMs(Math.max(5_000, expiresAt - Date.now() - refreshLeadMs));
    const timer = setTimeout(() => {
      this.refreshTimers.delete(stored.id);
      if (!this.stored().some((session) => session.id === stored.id)) return;
      this.services.credentials.forgetBearer(stored.credentialId);
      this.sessionOf(stored).then(
        (session) => this.changed.fire({ added: [], removed: [], changed: [session] }),
        (error: unknown) =>
          this.services.logger.warn(
            `Could not renew the Sophos Central session for another extension: ${(error as Error).message}`,
          ),
      );
    }, delay);
    this.refreshTimers.set(stored.id, timer);
  }

  private clearTimer(sessionId: string): void {
    const timer = this.refreshTimers.get(sessionId);
    if (timer) clearTimeout(timer);
    this.refreshTimers.delete(sessionId);
  }

  private async pickCredential(scopes: string[]): Promise<CredentialRecord> {
    const named = scopes.find((scope) => scope.startsWith('credential:'))?.slice('credential:'.length);
    if (named) {
      const found = this.services.credentials.find(named);
      if (!found) throw invalidInput(`No Sophos Central credential "${named}" in this editor.`);
      return found;
    }
    const credentials = this.services.credentials.list().filter((credential) => !credential.suspended);
    if (credentials.length === 0)
      throw invalidInput(
        'There is no Sophos Central credential to sign in with. Add one in the Sophos Central view first.',
      );
    // This workspace's credential first: the highlighted default.
    const { items, describe } = boundFirst(this.services, credentials, (credential) => credential.id);
    const picked = await vscode.window.showQuickPick(
      items.map((credential) => ({
        label: labelText(credential.name),
        description: describe(credential, labelText(credential.tenant?.name ?? credential.whoami?.id ?? '', 80)),
        credential,
      })),
      { placeHolder: vscode.l10n.t('Sign another extension in to Sophos Central with…'), ignoreFocusOut: true },
    );
    if (!picked) throw new vscode.CancellationError();
    return picked.credential;
  }

  private async dropSessionsOfRemovedCredentials(): Promise<void> {
    const stored = this.stored();
    const gone = stored.filter((session) => !this.services.credentials.get(session.credentialId));
    if (gone.length === 0) return;
    await this.save(stored.filter((session) => !gone.includes(session)));
    for (const session of gone) this.clearTimer(session.id);
    this.changed.fire({ added: [], removed: gone.map((session) => this.placeholder(session)), changed: [] });
  }

  /** A removed session as the event needs it: identity and scopes, never a token. */
  private placeholder(stored: StoredSession): vscode.AuthenticationSession {
    return {
      id: stored.id,
      accessToken: '',
      account: {
        id: stored.credentialId,
        label: this.services.credentials.get(stored.credentialId)?.name ?? stored.credentialId,
      },
      scopes: stored.scopes,
    };
  }

  private stored(): StoredSession[] {
    const sessions = this.memento.get<StoredSession[]>(sessionsKey);
    return Array.isArray(sessions) ? sessions : [];
  }

  private save(sessions: StoredSession[]): Thenable<void> {
    return this.memento.update(sessionsKey, sessions);
  }
}

function normalizeScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes.map((scope) => scope.trim()).filter(Boolean))].sort();
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((scope, index) => scope === b[index]);
}
