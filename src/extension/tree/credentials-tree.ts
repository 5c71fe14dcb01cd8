/**
 * The Credentials view: adapts the stored credentials (which know nothing of trees) and the API's token lists to tree
 * items. Tokens are listed from Sophos Central lazily, when a group is expanded, and cached until refreshed.
 */
import * as vscode from 'vscode';
import { SophosApiError, regionName } from '../../core/api';
import {
  credentialStatus,
  integrationType,
  roleLabel,
  type CredentialRecord,
  type Credentials,
  type CredentialStatus,
  type IntegrationRecord,
  type TokenListing,
  type UsageLog,
} from '../../core/credentials';
import { CommandId } from '../command-ids';
import { actionOn, fromOurUi } from '../commands/invocation';
import { displayText } from '../display';
import { credentialItem, integrationItem, tenantRow } from './credential-items';
import { childItem } from './child-items';
import type { TreeNode } from './tree-node';
import { usedInText } from '../config-files/token-uses';

export type { TreeNode } from './tree-node';

export class CredentialsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Each credential's listing with the tenant it was asked for: another tenant in this window lists again. */
  private readonly tokenLists = new Map<string, { tenant: string | undefined; listing: Promise<TokenListing> }>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeUsage: () => void;
  private readonly hourly: ReturnType<typeof setInterval>;
  private pendingRedraw?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly credentials: Credentials,
    private readonly usage: Pick<UsageLog, 'summary' | 'onDidRecord'>,
    private readonly now: () => number = Date.now,
    /** The tenant a credential acts on in this window (the workspace binding), whose tokens are listed. */
    private readonly tenantInWindow: (credential: CredentialRecord) => string | undefined = () => undefined,
  ) {
    this.unsubscribe = credentials.onDidChange(() => this.refresh());
    // Health follows the requests and the clock too: a burst of requests redraws once.
    this.unsubscribeUsage = usage.onDidRecord(
      () => (this.pendingRedraw ??= setTimeout(() => ((this.pendingRedraw = undefined), this.refresh()), 100)),
    );
    this.hourly = setInterval(() => this.refresh(), 60 * 60_000);
  }

  /** The one status (credentialStatus) the item shows, as the badge, the status bar and the details page do. */
  statusOf(entry: CredentialRecord | IntegrationRecord): CredentialStatus {
    return credentialStatus(entry, this.usage.summary(entry.id), this.now(), {
      secretMissing: this.credentials.secrets.isMissing(entry.id),
    });
  }

  /** Redraws everything; token lists are fetched again only when `reloadTokens` is set. */
  refresh(reloadTokens = false): void {
    if (reloadTokens) this.tokenLists.clear();
    this.changed.fire(undefined);
  }

  refreshTokens(credentialId: string): void {
    this.tokenLists.delete(credentialId);
    this.changed.fire({ kind: 'tokens', credentialId });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'credential') {
      const credential = this.credentials.get(node.credentialId);
      return credential
        ? credentialItem(credential, this.statusOf(credential), this.now())
        : new vscode.TreeItem(vscode.l10n.t('(deleted)'));
    }
    if (node.kind === 'integration') {
      const entry = this.credentials.integration(node.credentialId);
      return entry
        ? integrationItem(entry, this.statusOf(entry), this.now())
        : new vscode.TreeItem(vscode.l10n.t('(deleted)'));
    }
    return childItem(node);
  }

  private integrationChildren(id: string): TreeNode[] {
    const entry = this.credentials.integration(id);
    const type = entry && integrationType(entry.typeId);
    if (!entry || !type) return [];
    const detail = (key: string, label: string, value: string): TreeNode => ({
      kind: 'detail',
      credentialId: id,
      key,
      label,
      value,
    });
    return [
      ...type.fields.map((field): TreeNode =>
        field.secret
          ? { kind: 'integrationField', credentialId: id, fieldId: field.id, label: field.label }
          : detail(`field:${field.id}`, field.label, entry.values[field.id] ?? ''),
      ),
      detail(
        'permissions',
        vscode.l10n.t('Permissions'),
        entry.permissions === 'write' ? vscode.l10n.t('Write') : vscode.l10n.t('Read'),
      ),
      detail('integrations', vscode.l10n.t('Integrations'), entry.integrations.join(', ')),
    ];
  }

  /** Every node handed to VS Code is marked as ours: commands trust a node by identity, never by its shape. */
  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    const children = this.childrenOf(node);
    return Array.isArray(children)
      ? children.map(fromOurUi)
      : Promise.resolve(children).then((nodes) => nodes?.map(fromOurUi));
  }

  private childrenOf(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    if (!node) {
      return [
        ...this.credentials.list().map((credential): TreeNode => ({ kind: 'credential', credentialId: credential.id })),
        ...this.credentials
          .integrations()
          .map((integration): TreeNode => ({ kind: 'integration', credentialId: integration.id })),
      ];
    }
    if (node.kind === 'credential') return this.credentialChildren(node.credentialId);
    if (node.kind === 'integration') return this.integrationChildren(node.credentialId);
    if (node.kind === 'tokens') return this.tokenChildren(node.credentialId);
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'credential' || node.kind === 'integration') return undefined;
    if (node.kind === 'integrationField' || this.credentials.integration(node.credentialId))
      return fromOurUi<TreeNode>({ kind: 'integration', credentialId: node.credentialId });
    if (node.kind === 'token') return fromOurUi<TreeNode>({ kind: 'tokens', credentialId: node.credentialId });
    return fromOurUi<TreeNode>({ kind: 'credential', credentialId: node.credentialId });
  }

  dispose(): void {
    this.unsubscribe();
    this.unsubscribeUsage();
    clearTimeout(this.pendingRedraw);
    clearInterval(this.hourly);
    this.changed.dispose();
  }

  private credentialChildren(credentialId: string): TreeNode[] {
    const credential = this.credentials.get(credentialId);
    if (!credential) return [];
    const details: TreeNode[] = [];
    const detail = (
      key: string,
      label: string,
      value: string,
      command?: vscode.Command,
      tooltip?: string,
    ): TreeNode => ({ kind: 'detail', credentialId, key, label, value, command, tooltip });
    const whoami = credential.whoami;
    if (!whoami) {
      return [
        {
          kind: 'message',
          credentialId,
          label: vscode.l10n.t('Test this credential to see its tenant and region'),
          icon: 'debug-start',
          command: { title: 'Test', command: CommandId.testCredential, arguments: [actionOn(credentialId)] },
        },
      ];
    }
    if (whoami.idType === 'tenant') {
      details.push(detail('tenant', vscode.l10n.t('Tenant'), whoami.id));
      details.push(
        detail(
          'region',
          vscode.l10n.t('Data region'),
          whoami.dataRegionUrl ? regionName(whoami.dataRegionUrl) : '—',
          undefined,
          whoami.dataRegionUrl,
        ),
      );
    } else {
      details.push(
        detail(
          'account',
          whoami.idType === 'partner' ? vscode.l10n.t('Partner') : vscode.l10n.t('Organization'),
          whoami.id,
        ),
      );
      const choose: vscode.Command = {
        title: vscode.l10n.t('Select Tenant'),
        command: CommandId.selectTenant,
        arguments: [actionOn(credentialId)],
      };
      const row = tenantRow(credential, this.tenantInWindow(credential));
      details.push(detail('chosenTenant', vscode.l10n.t('Tenant'), row.value, choose, row.tooltip));
    }
    details.push(detail('role', vscode.l10n.t('Role'), roleLabel(credential.role)));
    if (whoami.idType === 'tenant' || credential.tenant || this.tenantInWindow(credential))
      details.push({ kind: 'tokens', credentialId });
    return details;
  }

  private async tokenChildren(credentialId: string): Promise<TreeNode[]> {
    // A binding renamed away, a credential now named by it, Select Tenant: the cached list is another tenant's.
    const tenant = this.tenantInWindow(this.credentials.require(credentialId));
    let cached = this.tokenLists.get(credentialId);
    if (!cached || cached.tenant !== tenant) {
      cached = { tenant, listing: this.credentials.tokens.listInCentral(credentialId, {}, tenant) };
      this.tokenLists.set(credentialId, cached);
    }
    const { listing } = cached;
    try {
      const { tokens, tenantId } = await listing;
      if (tokens.length === 0)
        return [
          {
            kind: 'message',
            credentialId,
            label: vscode.l10n.t('No access tokens: create one'),
            icon: 'add',
            command: {
              title: 'Create',
              command: CommandId.createSlsToken,
              arguments: [actionOn(credentialId)],
            },
          },
        ];
      const usedIn = (tokenId: string) => {
        const files = usedInText(this.credentials.tokens.record(tokenId));
        return files ? [vscode.l10n.t('Used in {0}', files)] : [];
      };
      return tokens.map((token): TreeNode => ({
        kind: 'token',
        credentialId,
        tokenId: token.id,
        tenantId,
        // Sophos' documented list items may carry no label: the id and dates tell the token apart.
        label: token.label ?? vscode.l10n.t('(no label) {0}', token.id.slice(0, 8)),
        description: [
          token.type === 'sophosLinuxSensor' ? 'SLS' : token.type,
          token.expiresAt ? vscode.l10n.t('expires {0}', token.expiresAt.slice(0, 10)) : vscode.l10n.t('no expiry'),
          ...usedIn(token.id),
        ].join(' · '),
        tooltip: [
          `**${escapeMarkdown(displayText(token.label ?? token.id, 500))}**`,
          `${vscode.l10n.t('Type')}: ${escapeMarkdown(token.type ?? '—')}`,
          `${vscode.l10n.t('Id')}: ${escapeMarkdown(token.id)}`,
          `${vscode.l10n.t('Created')}: ${escapeMarkdown(token.createdAt ?? '—')}`,
          `${vscode.l10n.t('Expires')}: ${escapeMarkdown(token.expiresAt ?? vscode.l10n.t('never'))}`,
          `${vscode.l10n.t('Created by')}: ${escapeMarkdown([token.createdBy?.type, token.createdBy?.id].filter(Boolean).join(' ') || '—')}`,
          ...usedIn(token.id).map((text) => escapeMarkdown(text)),
          token.valueStored
            ? vscode.l10n.t('Its value is kept in SecretStorage: Copy Token copies it.')
            : vscode.l10n.t('Its value is not kept here (minted elsewhere, or before this extension).'),
        ].join('  \n'),
        valueStored: token.valueStored,
      }));
    } catch (error) {
      this.tokenLists.delete(credentialId);
      const message = error instanceof SophosApiError ? error.message : String(error);
      return [
        {
          kind: 'message',
          credentialId,
          label: vscode.l10n.t('Could not list tokens: {0}', message),
          icon: 'warning',
          command: {
            title: 'Retry',
            command: CommandId.refreshTokens,
            arguments: [actionOn(credentialId)],
          },
        },
      ];
    }
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}
