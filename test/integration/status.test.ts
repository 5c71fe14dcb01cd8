/**
 * One status on every screen: a credential shows the same health in the tree, the view's badge, the status bar
 * and its details page, because all four read credentialStatus. Inside the real VS Code, against the sandbox.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CredentialView, HostMessage } from '../../src/protocol/credential-details';
import { sandbox } from './support/sandbox';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};

interface TreeNode {
  kind: string;
  credentialId: string;
}

interface TestApi {
  inspectPanel(credentialId: string): { sent: HostMessage[] } | undefined;
  tree: {
    getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[];
    getTreeItem(node: TreeNode): vscode.TreeItem;
  };
  statusBar(): { text: string; tooltip: string; badge?: { value: number; tooltip: string } };
}

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

async function api(): Promise<TestApi> {
  return (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as TestApi;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The health a tree item shows: its icon and colour, and the "Health: label: reason" line of its tooltip. */
interface TreeShown {
  label: string;
  reason: string;
  icon: string;
  color?: string;
}

function shownInTree(testApi: TestApi, node: TreeNode): TreeShown {
  const item = testApi.tree.getTreeItem(node);
  const icon = item.iconPath as vscode.ThemeIcon;
  const tooltip = (item.tooltip as vscode.MarkdownString).value;
  // The tooltip's text is Markdown-escaped (spaces as &nbsp;): read the health line back as plain text.
  const line = tooltip
    .split('\n')
    .find((row) => row.startsWith('Health: '))!
    .replace(/&nbsp;/g, ' ')
    .replace(/\\(.)/g, '$1')
    .trimEnd();
  const [label, ...reason] = line.slice('Health: '.length).split(': ');
  return { label: label!, reason: reason.join(': '), icon: icon.id, ...(icon.color ? { color: icon.color.id } : {}) };
}

async function shownOnPage(testApi: TestApi, credentialId: string, label: string): Promise<CredentialView['health']> {
  await run('openCredential', { credential: credentialId });
  return until(`the page to show ${label}`, () => {
    const states = (testApi.inspectPanel(credentialId)?.sent ?? []).filter(
      (m): m is { type: 'state'; view: CredentialView } => m.type === 'state',
    );
    const health = states.at(-1)?.view.health;
    return health?.label === label && health;
  });
}

const healthOfIcon: Record<string, string> = {
  'pass-filled': 'Healthy',
  'circle-large-outline': 'Awaiting usage',
  warning: 'Partially healthy',
  error: 'Unhealthy',
  'debug-pause': 'Unhealthy',
  question: 'Unhealthy',
};

/** Every credential in the tree, and how many of them its icons mark yellow or red. */
async function markedInTree(testApi: TestApi): Promise<{ marked: number; all: TreeShown[] }> {
  const roots = (await testApi.tree.getChildren()) as TreeNode[];
  const all = roots.map((node) => shownInTree(testApi, node));
  for (const shown of all) assert.equal(healthOfIcon[shown.icon], shown.label, 'the icon and the tooltip agree');
  return { marked: all.filter((s) => s.label === 'Partially healthy' || s.label === 'Unhealthy').length, all };
}

/**
 * The badge, the status bar and the tree count the same credentials as needing attention, and the badge's
 * summary counts those the tree gives this reason, under this phrase.
 */
async function assertCountsAgree(testApi: TestApi, cause?: { phrase: string; reason: RegExp }): Promise<void> {
  const { marked, all } = await markedInTree(testApi);
  const bar = await until('the status bar to count what the tree marks', () => {
    const shown = testApi.statusBar();
    return (shown.badge?.value ?? 0) === marked && shown;
  });
  if (marked === 0) {
    assert.equal(bar.badge, undefined);
    assert.doesNotMatch(bar.text, /\$\(warning\)/);
    return;
  }
  assert.match(bar.text, new RegExp(`\\$\\(warning\\) ${marked}$`), 'the status bar shows the badge count');
  assert.equal(bar.tooltip, `Sophos Central: ${bar.badge!.tooltip}. Click to open the view.`);
  if (cause) {
    const inTree = all.filter((shown) => cause.reason.test(shown.reason)).length;
    assert.ok(inTree > 0);
    assert.match(bar.badge!.tooltip, new RegExp(`(^|, )${inTree} ${cause.phrase}(,|$)`));
  }
}

const expiring = { phrase: 'expiring within 90 days', reason: /^Expires (in|today)/ };

describe('one status in the tree, the badge, the status bar and the details page', () => {
  it('an API credential expiring within 90 days, then suspended, then unsuspended', async () => {
    const testApi = await api();
    const client = sandbox().clients.tenantSuperAdmin;
    const in30Days = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const added = await run<{ id: string }>('addCredential', {
      name: `Status ${Date.now()}`,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      createdOn: '2024-01-15',
      expiresOn: in30Days,
    });
    const node = { kind: 'credential', credentialId: added.id };

    // Tested and working, but expiring: yellow everywhere, for the same reason.
    const tree = shownInTree(testApi, node);
    assert.deepEqual(
      { label: tree.label, icon: tree.icon, color: tree.color },
      { label: 'Partially healthy', icon: 'warning', color: 'editorWarning.foreground' },
    );
    assert.match(tree.reason, /^Expires in (29|30) day\(s\)\.$/);
    const page = await shownOnPage(testApi, added.id, 'Partially healthy');
    assert.deepEqual(page, { name: 'yellow', label: tree.label, reason: tree.reason });
    await assertCountsAgree(testApi, expiring);

    // Suspended: red everywhere.
    await run('suspendCredential', { credential: added.id });
    const suspended = shownInTree(testApi, node);
    assert.deepEqual(
      { label: suspended.label, icon: suspended.icon, color: suspended.color },
      { label: 'Unhealthy', icon: 'debug-pause', color: 'errorForeground' },
    );
    assert.match(suspended.reason, /^Suspended/);
    const suspendedPage = await shownOnPage(testApi, added.id, 'Unhealthy');
    assert.deepEqual(suspendedPage, { name: 'red', label: suspended.label, reason: suspended.reason });
    await assertCountsAgree(testApi, { phrase: 'suspended', reason: /^Suspended/ });

    // Unsuspended: yellow again, on every screen.
    await run('unsuspendCredential', { credential: added.id });
    assert.equal(shownInTree(testApi, node).label, 'Partially healthy');
    assert.equal((await shownOnPage(testApi, added.id, 'Partially healthy')).name, 'yellow');
    await assertCountsAgree(testApi, expiring);
  });

  it('a tested credential far from expiry is healthy on every screen and not counted', async () => {
    const testApi = await api();
    const client = sandbox().clients.tenantSuperAdmin;
    const before = testApi.statusBar().badge?.value ?? 0;
    const added = await run<{ id: string }>('addCredential', {
      name: `Healthy ${Date.now()}`,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    const tree = shownInTree(testApi, { kind: 'credential', credentialId: added.id });
    assert.deepEqual(
      { label: tree.label, icon: tree.icon, color: tree.color },
      { label: 'Healthy', icon: 'pass-filled', color: 'testing.iconPassed' },
    );
    const page = await shownOnPage(testApi, added.id, 'Healthy');
    assert.deepEqual(page, { name: 'green', label: 'Healthy', reason: tree.reason });
    await assertCountsAgree(testApi, undefined);
    assert.equal(testApi.statusBar().badge?.value ?? 0, before, 'a healthy credential adds nothing to the badge');
  });

  it('an integration credential due for suspension is marked the same in the tree, the badge and its page', async () => {
    const testApi = await api();
    const added = await run<{ id: string }>('addIntegrationCredential', {
      type: 'awsAccessKey',
      name: `AWS status ${Date.now()}`,
      values: { accessKeyId: 'AKIAEXAMPLE', region: 'eu-west-1' },
      secrets: { secretAccessKey: 'aws-secret-value-1234567890' },
      acknowledge: true,
    });
    // Suspended after a month unused: its suspension warning (90 days before) is due at once.
    await run('setInactivityLimit', { credential: added.id, suspendAfterDays: 30, purgeAfterDays: 182 });
    const tree = shownInTree(testApi, { kind: 'integration', credentialId: added.id });
    assert.deepEqual({ label: tree.label, icon: tree.icon }, { label: 'Partially healthy', icon: 'warning' });
    assert.match(tree.reason, /^Will be suspended for inactivity in (29|30) day\(s\)\.$/);
    const page = await shownOnPage(testApi, added.id, 'Partially healthy');
    assert.deepEqual(page, { name: 'yellow', label: tree.label, reason: tree.reason });
    await assertCountsAgree(testApi, {
      phrase: 'due for suspension within 90 days',
      reason: /^(Will be|Due to be) suspended/,
    });
  });

  it('a credential whose secret is not on this machine is red everywhere until Enter Secret stores it', async () => {
    const testApi = await api();
    const client = sandbox().clients.tenantSuperAdmin;
    const name = `Secretless ${Date.now()}`;
    const added = await run<{ id: string }>('addCredential', {
      name,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    // The way a synced or imported credential arrives: its metadata without its secret.
    const file = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, `secretless-${Date.now()}.json`);
    await run('exportMetadata', { file });
    await run('deleteCredential', { credential: added.id });
    await run('importMetadata', { file });
    const node = { kind: 'credential', credentialId: added.id };
    const tree = await until('the tree to show the missing secret', () => {
      const shown = shownInTree(testApi, node);
      return shown.label === 'Unhealthy' && shown;
    });
    assert.match(tree.reason, /^Secret needed on this machine/);
    const page = await shownOnPage(testApi, added.id, 'Unhealthy');
    assert.deepEqual(page, { name: 'red', label: tree.label, reason: tree.reason });
    const view = (
      testApi
        .inspectPanel(added.id)!
        .sent.filter((m) => m.type === 'state')
        .at(-1) as {
        view: CredentialView;
      }
    ).view;
    assert.equal(view.actions[0], 'enterSecret', 'the page offers Enter Secret first');
    await assertCountsAgree(testApi, { phrase: 'missing their secret', reason: /^Secret needed on this machine/ });

    await run('enterSecret', { credential: added.id, clientSecret: client.clientSecret });
    await until('the tree to drop the missing secret', () => shownInTree(testApi, node).label !== 'Unhealthy');
    // Enter Secret fills a gap only: it never replaces a secret that is here.
    await assert.rejects(
      run('enterSecret', { credential: added.id, clientSecret: client.clientSecret }),
      /has its Client Secret on this machine already/,
    );
    await run('deleteCredential', { credential: added.id });
  });
});
