/**
 * Two windows, two workspaces, two tenants: each folder's .vscode/settings.json binds another credential and
 * tenant. Each window's status bar shows its own binding, and Create SLS Token from the palette in the second
 * window offers that window's credential first and mints on its tenant, which the sandbox confirms by listing
 * both tenants' tokens.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { clientFor } from '../support/api';
import { screenshot } from './support/screenshots';
import {
  answerDialogs,
  dismissNotifications,
  openActivity,
  pickQuickInputItem,
  quickInputState,
  runCommand,
  typeIntoQuickInput,
  waitForNotification,
} from './support/ui';
import { openSecondWindow, useVSCode, type VSCode } from './support/vscode';
import { addThroughWizard } from './support/wizard';

/** A second tenant with its own Super Admin credential (Contoso Pharma, one of the sandbox partner's tenants). */
const contoso = {
  name: 'Contoso tenant, Super Admin',
  clientId: '6f1d2c3b-4a59-4e8f-9d0a-1b2c3d4e5f60',
  clientSecret: 'Qm7Wc2Xv9Lp4Rt8Yz1Nb6Hd3Fg5Jk0Ps2Uq7We4Ra9Ty1Ui6Op3As8Df5Gh2Jk4',
  role: 'Super Admin',
  idType: 'tenant',
  id: '09a03f4d-ef2b-4698-9f41-178e12e61f47',
  tenantName: 'Contoso Pharma',
} as const;

const acmeTenantId = 'a3347f4c-fcc6-486a-889e-dbf2bdd1faee';

/** Our status bar item: the one whose text names a bound credential ("Acme SLS → …"). */
function statusItem(page: Page, credentialName: string) {
  return page.locator('.part.statusbar .statusbar-item', { hasText: `${credentialName} →` }).first();
}

describe('a second window on another workspace bound to another tenant', function () {
  const running = useVSCode({
    settings: { 'sophosCentral.workspaceCredential': 'Acme SLS', 'sophosCentral.workspaceTenant': acmeTenantId },
  });
  let vscode: VSCode;
  let windowA: Page;

  before(async () => {
    vscode = running();
    windowA = vscode.page;
    vscode.sandbox.addClient(contoso);
    await openActivity(windowA, 'Sophos Central');
    const acme = vscode.sandbox.clients.tenantSuperAdmin;
    await addThroughWizard(windowA, { name: 'Acme SLS', clientId: acme.clientId, secret: acme.clientSecret });
    await waitForNotification(windowA, /"Acme SLS" works/);
    // Added last, so Contoso is the credential used most recently: an unbound window's status bar would show it.
    await addThroughWizard(windowA, { name: 'Contoso SLS', clientId: contoso.clientId, secret: contoso.clientSecret });
    await waitForNotification(windowA, /"Contoso SLS" works/);
    await dismissNotifications(windowA);
  });

  it('shows each window its own binding and mints on the second window’s tenant', async () => {
    const itemA = statusItem(windowA, 'Acme SLS');
    await itemA.waitFor({ state: 'visible' });
    assert.match((await itemA.innerText()).trim(), new RegExp(`^Acme SLS → ${acmeTenantId.slice(0, 8)}\\b`));

    const windowB = await openSecondWindow(vscode, {
      'sophosCentral.workspaceCredential': 'Contoso SLS',
      'sophosCentral.workspaceTenant': contoso.id,
    });
    const itemB = statusItem(windowB, 'Contoso SLS');
    await itemB.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await itemB.innerText()).trim(), new RegExp(`^Contoso SLS → ${contoso.id.slice(0, 8)}\\b`));
    assert.equal(await statusItem(windowB, 'Acme SLS').count(), 0, 'window B shows only its own binding');
    await screenshot('70-window-a-status-bar', windowA);
    await screenshot('71-window-b-status-bar', windowB);

    // The palette offers this window's credential first, so Enter takes it.
    await runCommand(windowB, 'Sophos Central: Create SLS Token');
    const pick = await quickInputState(windowB);
    assert.deepEqual(pick.items.slice(0, 2), ['Contoso SLS', 'Acme SLS']);
    await windowB.keyboard.press('Enter');
    await windowB
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Create SLS Token with "Contoso SLS"' })
      .waitFor({ state: 'visible' });
    await typeIntoQuickInput(windowB, 'Window B');
    await pickQuickInputItem(windowB, '30 days');
    // This window's first sign-in may ask again whether the secret may go to the sandbox's address; nothing else
    // may ask (a question about another tenant would mean the binding was not followed).
    let created = false;
    const toast = waitForNotification(windowB, /Created SLS token "Window B"/, 30_000).finally(() => (created = true));
    const dialogs = await answerDialogs(
      windowB,
      () => created,
      () => undefined,
      30_000,
    );
    for (const { text } of dialogs) assert.match(text, /Send your Sophos Central Client Secret/);
    assert.match((await (await toast).textContent()) ?? '', /with "Contoso SLS"/);
    await screenshot('72-window-b-minted', windowB);

    // The sandbox, asked as each tenant: the token is Contoso's, and Acme has none.
    const tokensOf = (credential: { clientId: string; clientSecret: string }) =>
      clientFor(vscode.sandbox, credential).client.listAccessTokens();
    assert.deepEqual(
      (await tokensOf(contoso)).map((token) => token.label),
      ['Window B'],
    );
    assert.deepEqual(await tokensOf(vscode.sandbox.clients.tenantSuperAdmin), []);
    // Window A still shows its own binding.
    assert.match((await itemA.innerText()).trim(), /^Acme SLS → /);
  });
});
