/**
 * The tree items below a credential: its details, the access-token group and tokens, messages and the secret
 * fields of an integration credential. The credential items themselves are in credential-items.ts.
 */
import * as vscode from 'vscode';
import { labelText } from '../display';
import type { TreeNode } from './tree-node';

export function childItem(node: Exclude<TreeNode, { kind: 'credential' | 'integration' }>): vscode.TreeItem {
  switch (node.kind) {
    case 'detail': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.credentialId}/detail/${node.key}`;
      item.description = node.value;
      item.contextValue = `detail:${node.key}`;
      item.tooltip = node.tooltip;
      item.command = node.command;
      return item;
    }
    case 'tokens': {
      const item = new vscode.TreeItem(vscode.l10n.t('Access tokens'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${node.credentialId}/tokens`;
      item.iconPath = new vscode.ThemeIcon('key');
      item.contextValue = 'accessTokens';
      item.tooltip = vscode.l10n.t(
        "The tenant's access tokens in Sophos Central. Expand to load; refresh to load again.",
      );
      return item;
    }
    case 'token': {
      const item = new vscode.TreeItem(labelText(node.label), vscode.TreeItemCollapsibleState.None);
      item.id = `${node.credentialId}/token/${node.tokenId}`;
      item.description = node.description;
      item.tooltip = new vscode.MarkdownString(node.tooltip);
      item.iconPath = new vscode.ThemeIcon(node.valueStored ? 'pass' : 'circle-outline');
      item.contextValue = node.valueStored ? 'token:stored' : 'token';
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.command = node.command;
      item.contextValue = 'message';
      return item;
    }
    case 'integrationField': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.credentialId}/secret/${node.fieldId}`;
      item.description = '••••••••';
      item.tooltip = vscode.l10n.t('Kept in SecretStorage. Copy it from the menu; copying counts as a use.');
      item.iconPath = new vscode.ThemeIcon('lock');
      item.contextValue = 'integrationField';
      return item;
    }
  }
}
