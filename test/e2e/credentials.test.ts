/**
 * A new user's path, typed into the real workbench: add the sandbox's demo credential through the wizard, see
 * tenant and region, mint an SLS token from the tree's context menu and copy it, fix a wrong secret from the
 * error's button, get a clear 403 for a Read-Only credential, and open the details webview.
 */
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { screenshot } from './support/screenshots';
import { addThroughWizard } from './support/wizard';
import {
  contextMenu,
  dismissNotifications,
  openActivity,
  pickQuickInputItem,
  quickInputState,
  runCommand,
  treeItems,
  typeIntoQuickInput,
  waitForNotification,
} from './support/ui';
import { useVSCode, type VSCode } from './support/vscode';

function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

describe('credentials as a user works with them', function () {
  const running = useVSCode();
  let vscode: VSCode;
  let page: Page;

  before(async () => {
    vscode = running();
    page = vscode.page;
    await openActivity(page, 'Sophos Central');
  });
  // A failed step must not leave a QuickInput or a toast in the way of the next test.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await dismissNotifications(page).catch(() => undefined);
  });

  it('adds the demo credential through the wizard, checking the Client ID as it is typed', async () => {
    const demo = vscode.sandbox.clients.tenantSuperAdmin;
    await addThroughWizard(
      page,
      { name: 'Acme SLS', description: 'Provisioning', clientId: demo.clientId, secret: demo.clientSecret },
      async (step) => {
        if (step === 3) {
          const roles = await quickInputState(page);
          assert.equal(roles.items[0], 'Super Admin', 'Super Admin first and preselected');
          for (const role of ['Management', 'Forensics', 'Read-Only', 'Directory Sync', 'Firewall'])
            assert.ok(roles.items.includes(role), role);
          await screenshot('10-wizard-role');
        }
        if (step === 4) {
          await typeIntoQuickInput(page, '0a7f9c17-3d55-4ab4-810e-254a16986ae', { submit: false });
          await page
            .locator('.quick-input-widget .quick-input-message', { hasText: /UUID/ })
            .waitFor({ state: 'visible' });
          await screenshot('11-wizard-client-id-typo');
        }
      },
    );
    const toast = await waitForNotification(page, /"Acme SLS" works: tenant .*data region/);
    assert.match((await toast.textContent()) ?? '', new RegExp(demo.id));
    const rows = await treeItems(page, 'Credentials', { atLeast: 1 });
    assert.equal(rows[0]!.label, 'Acme SLS');
    assert.match(rows[0]!.description, /expires in 3[56] months/);
    await screenshot('12-tree-with-credential');
    await dismissNotifications(page);
  });

  it('mints an SLS token from the context menu and copies it', async () => {
    const [row] = await treeItems(page, 'Credentials', { atLeast: 1 });
    await contextMenu(page, row!.locator, 'Create SLS Token');
    await typeIntoQuickInput(page, 'E2E token');
    await pickQuickInputItem(page, '30 days');
    const toast = await waitForNotification(page, /Created SLS token "E2E token"/);
    const message = (await toast.textContent()) ?? '';
    assert.match(message, /SLS-.{4}…/, 'redacted');
    assert.equal(
      vscode.sandbox.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/accounts/v1/access-tokens'))
        .length,
      1,
      'one create, not retried',
    );
    await screenshot('13-token-minted');
    await toast.locator('.monaco-button', { hasText: 'Copy' }).click();
    await page.locator('.part.statusbar', { hasText: 'Copied the SLS token' }).waitFor({ state: 'visible' });

    // The token is listed under the credential's Access tokens, marked as kept (expanding loads the list).
    await row!.locator.locator('.monaco-tl-twistie').click();
    const group = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Access tokens' }).first();
    await group.locator('.monaco-tl-twistie').click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'E2E token' }).waitFor({ state: 'visible' });
    assert.ok(
      vscode.sandbox.requests.some((r) => r.method === 'GET' && r.path.startsWith('/accounts/v1/access-tokens')),
      'listed from Sophos Central',
    );
    await screenshot('14-tree-access-tokens');

    // Its details page, next to the tree: the picture in the README.
    await row!.locator.locator('.label-name').click();
    await webviewFrame(page).locator('h1', { hasText: 'Acme SLS' }).waitFor({ state: 'visible' });
    await webviewFrame(page)
      .locator('#log-count', { hasText: /events/ })
      .waitFor({ state: 'visible' });
    await screenshot('19-details-page');
    await dismissNotifications(page);
  });

  it('offers to fix a wrong secret, and the fixed secret works', async () => {
    const demo = vscode.sandbox.clients.tenantSuperAdmin;
    await addThroughWizard(page, { name: 'Typo secret', clientId: demo.clientId, secret: 'not-the-secret' });
    const toast = await waitForNotification(page, /refused the Client Secret/);
    const buttons = await toast.locator('.monaco-button').allTextContents();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['Edit Secret', 'Retry', 'Save Untested'],
    );
    await screenshot('15-wrong-secret');
    await toast.locator('.monaco-button', { hasText: 'Edit Secret' }).click();
    await typeIntoQuickInput(page, demo.clientSecret);
    // Saved and tested: the tree shows it with its tenant.
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: 'Typo secret' })
      .filter({ hasText: 'tenant' })
      .waitFor({ state: 'visible' });
    await dismissNotifications(page);
  });

  it('explains a 403 for a Read-Only credential by naming the role needed', async () => {
    const demo = vscode.sandbox.clients.tenantReadOnly;
    await addThroughWizard(page, {
      name: 'Auditor',
      role: 'Read-Only',
      clientId: demo.clientId,
      secret: demo.clientSecret,
    });
    await waitForNotification(page, /"Auditor" works/);
    await dismissNotifications(page);
    await contextMenu(
      page,
      page.locator('.part.sidebar .monaco-list-row', { hasText: 'Auditor' }).first(),
      'Create SLS Token',
    );
    const warning = await waitForNotification(page, /need a Service Principal Super Admin/);
    await warning.locator('.monaco-button', { hasText: 'Try Anyway' }).click();
    await typeIntoQuickInput(page, 'Denied');
    await pickQuickInputItem(page, 'No expiry');
    const denied = await waitForNotification(page, /403.*Service Principal Super Admin/);
    assert.deepEqual(
      (await denied.locator('.monaco-button').allTextContents()).map((b) => b.trim()),
      ['Edit Role', 'Show Logs'],
    );
    await screenshot('16-read-only-403');
    await dismissNotifications(page);
  });

  it('renders a hostile name as text in the details webview, filters the log, suspends and unsuspends', async () => {
    const demo = vscode.sandbox.clients.tenantSuperAdmin;
    const hostile = '<img src=x onerror=alert(1)>';
    await addThroughWizard(page, { name: hostile, clientId: demo.clientId, secret: demo.clientSecret });
    await waitForNotification(page, /works: tenant/);
    await dismissNotifications(page);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: hostile }).first().click(); // a click opens the details
    const frame = webviewFrame(page);
    await frame.locator('h1').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('h1').textContent(), hostile, 'shown as text');
    assert.equal(await frame.locator('img').count(), 0, 'no element was made from it');
    assert.equal((await frame.locator('#health').textContent())?.trim(), 'Healthy');
    assert.match((await frame.locator('#log-count').textContent()) ?? '', /^2 of 2 events/);
    await screenshot('17-webview-details');

    await frame.locator('#filter-status').selectOption('failure');
    await frame.locator('#log-count', { hasText: /^0 of 2 events/ }).waitFor();
    await frame.locator('#filter-status').selectOption('all');
    await frame.locator('#filter-feature').selectOption('Connection test');
    await frame.locator('#log-count', { hasText: /^2 of 2 events/ }).waitFor();

    await frame.locator('#action-suspend').click();
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Suspend', exact: true }).click();
    await frame.locator('#health', { hasText: 'Unhealthy' }).waitFor();
    await frame.locator('#action-unsuspend').waitFor();
    await screenshot('18-webview-suspended');
    await frame.locator('#action-unsuspend').click();
    await frame.locator('#action-suspend').waitFor();
    assert.equal((await frame.locator('#health').textContent())?.trim(), 'Healthy');

    // The page takes the theme's colours: the same page in a dark theme.
    await runCommand(page, 'Preferences: Color Theme');
    await typeIntoQuickInput(page, 'Dark Modern');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'attached' });
    await frame.locator('h1').waitFor({ state: 'visible' });
    const background = await frame
      .locator('body')
      .evaluate(
        (body) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
            body,
          ).backgroundColor,
      );
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    assert.ok(r! + g! + b! < 150, `a dark page background, not ${background}`);
    await screenshot('18b-webview-dark');
  });
});
