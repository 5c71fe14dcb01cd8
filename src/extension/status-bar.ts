/**
 * The status bar item: the current credential (the one last used) and its tenant, and how many credentials
 * need attention; clicking opens the view. Hidden while there are no credentials. Also the view's badge.
 * Both read credentialStatus through needingAttention: they count what the tree colours.
 */
import * as vscode from 'vscode';
import { viewId } from './command-ids';
import { needingAttention } from './attention';
import type { Services } from './services';
import { labelText } from './display';
import { affectsWorkspaceBinding, bindingLabel, workspaceBinding } from './workspace-binding';

export function startStatusBar(services: Services, view: vscode.TreeView<unknown>): StatusBar {
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
    const attention = needingAttention([...credentials, ...integrations], services.usage, Date.now(), (id) =>
      services.credentials.secrets.isMissing(id),
    );
    const count = attention.items.length;
    const tenant = current?.tenant?.name ?? current?.whoami?.id.slice(0, 8);
    // This window's binding, when the workspace names one: "Acme → Contoso (eu01)".
    const binding = workspaceBinding(services);
    const label = binding
      ? labelText(bindingLabel(binding), 60)
      : current
        ? labelText(`${current.name}${tenant ? ` · ${tenant}` : ''}`, 60)
        : vscode.l10n.t('{0} integration credential(s)', integrations.length);
    item.text = count > 0 ? `$(shield) ${label} $(warning) ${count}` : `$(shield) ${label}`;
    item.tooltip =
      count > 0
        ? vscode.l10n.t('Sophos Central: {0}. Click to open the view.', attention.summary)
        : vscode.l10n.t('Sophos Central: all credentials fine. Click to open the view.');
    item.backgroundColor = attention.severe ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.accessibilityInformation = { label: `${label}. ${item.tooltip}` };
    item.show();
    view.badge = count > 0 ? { value: count, tooltip: attention.summary } : undefined;
  };
  let pending: ReturnType<typeof setTimeout> | undefined;
  const soon = () => (pending ??= setTimeout(() => ((pending = undefined), update()), 100)); // a burst: one update
  const unsubscribe = services.credentials.onDidChange(update);
  const unsubscribeUsage = services.usage.onDidRecord(soon);
  const settings = vscode.workspace.onDidChangeConfiguration((event) => affectsWorkspaceBinding(event) && update());
  const trust = vscode.workspace.onDidGrantWorkspaceTrust(update);
  const hourly = setInterval(update, 60 * 60_000); // expiry counts and the 7-day window move with the clock
  update();
  return {
    dispose: () => (
      unsubscribe(),
      unsubscribeUsage(),
      settings.dispose(),
      trust.dispose(),
      clearTimeout(pending),
      clearInterval(hourly),
      item.dispose()
    ),
    inspect: () => ({
      text: item.text,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      badge: view.badge ? { value: view.badge.value, tooltip: view.badge.tooltip } : undefined,
    }),
  };
}

export interface StatusBar extends vscode.Disposable {
  /** What the item and the badge show now: for the integration tests. */
  inspect(): { text: string; tooltip: string; badge?: { value: number; tooltip: string } };
}
