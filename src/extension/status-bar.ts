/**
 * The status bar item: the current credential (the one last used) and its tenant, and how many credentials
 * need attention; clicking opens the view. Hidden while there are no credentials. Also the view's badge.
 */
import * as vscode from 'vscode';
import { viewId } from './command-ids';
import { describeAttention, needingAttention } from './attention';
import type { Services } from './services';
import { labelText } from './display';

export function startStatusBar(services: Services, view: vscode.TreeView<unknown>): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('sophosCentral.status', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Sophos Central');
  item.command = `${viewId}.focus`;
  const update = () => {
    const credentials = services.credentials.list();
    const integrations = services.credentials.integrations();
    if (credentials.length + integrations.length === 0) {
      item.hide();
      view.badge = undefined;
      return;
    }
    const current = [...credentials].sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''))[0];
    const attention = needingAttention(services.credentials, Date.now());
    const tenant = current?.tenant?.name ?? current?.whoami?.id.slice(0, 8);
    const label = current
      ? labelText(`${current.name}${tenant ? ` · ${tenant}` : ''}`, 60)
      : vscode.l10n.t('{0} integration credential(s)', integrations.length);
    item.text = attention.length > 0 ? `$(shield) ${label} $(warning) ${attention.length}` : `$(shield) ${label}`;
    item.tooltip =
      attention.length > 0
        ? vscode.l10n.t('Sophos Central: {0}. Click to open the view.', describeAttention(attention))
        : vscode.l10n.t('Sophos Central: all credentials fine. Click to open the view.');
    item.backgroundColor = attention.some((entry) => entry.reason === 'expired' || entry.reason === 'suspended')
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    item.accessibilityInformation = { label: `${label}. ${item.tooltip}` };
    item.show();
    view.badge = attention.length > 0 ? { value: attention.length, tooltip: describeAttention(attention) } : undefined;
  };
  const unsubscribe = services.credentials.onDidChange(update);
  const daily = setInterval(update, 60 * 60_000); // expiry counts move with the calendar
  update();
  return { dispose: () => (unsubscribe(), clearInterval(daily), item.dispose()) };
}
