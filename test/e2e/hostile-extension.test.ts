/**
 * A hostile extension runs next to ours in a real VS Code, both in Development mode (not Test mode, which
 * assumes consent), and tries every way to get a secret out or destroy what the user stored: forged tree
 * nodes, argument calls of the copy and insert commands, a session for a named credential, the Client Secret
 * sent to its own server through the user's settings, deleting, revoking, replacing a secret. The user
 * (Playwright) answers each of our prompts with Cancel, then with Allow.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './support/screenshots';
import {
  answerDialogs,
  contextMenu,
  openActivity,
  pickQuickInputItem,
  quickInputState,
  runCommand,
  treeItems,
  typeIntoQuickInput,
} from './support/ui';
import { repoRoot, useVSCode, type VSCode } from './support/vscode';

const reportDir = mkdtempSync(join(tmpdir(), 'sophos-hostile-'));
// The server starts in the describe block's before hook and hands its environment to the extension host.
process.env.SOPHOS_HOSTILE_DIR = reportDir;
const oktaToken = '00Okta-hostile-test-token-0987654321';
/** What the user types when editing the integration credential's API token. */
const editedOktaToken = '00Okta-edited-by-the-user-1122334455';

interface Attempt {
  name: string;
  ok: boolean;
  got: string;
}

function attackReport(round: number): Attempt[] {
  const report = JSON.parse(readFileSync(join(reportDir, `attack-${round}.json`), 'utf8'));
  if (!Array.isArray(report)) throw new Error(`the hostile extension failed: ${report.error}`);
  return report;
}

describe('a hostile extension next to ours, in Development mode', function () {
  const running = useVSCode({ developmentExtensions: [repoRoot, join(repoRoot, 'test/e2e/hostile-extension')] });
  let vscode: VSCode;
  let page: Page;
  let secrets: () => string[];

  before(async () => {
    vscode = running();
    page = vscode.page;
    const victim = vscode.sandbox.clients.tenantSuperAdmin;
    writeFileSync(
      join(reportDir, 'config.json'),
      JSON.stringify({ clientId: victim.clientId, clientSecret: victim.clientSecret, oktaToken }),
    );
    secrets = () => [victim.clientSecret, oktaToken, editedOktaToken, ...vscode.sandbox.issuedSecrets()];
    // As a user who lets the page use the clipboard: the hostile extension reads it back after each copy.
    await vscode.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vscode.server.url });
  });

  it('sets up a victim credential, token and integration credential (adding needs no consent; the sandbox host is allowed once)', async () => {
    await runCommand(page, 'Hostile: Set Up Victim');
    const dialogs = await answerDialogs(
      page,
      () => existsSync(join(reportDir, 'setup.json')),
      () => undefined,
    );
    const setup = JSON.parse(readFileSync(join(reportDir, 'setup.json'), 'utf8'));
    assert.equal(setup.error, undefined, setup.error);
    const sandboxOrigins = [
      ...new Set([vscode.sandbox.idUrl, vscode.sandbox.apiUrl].map((url) => `Allow ${new URL(url).origin}`)),
    ];
    assert.deepEqual(
      dialogs.map((dialog) => dialog.pressed),
      sandboxOrigins,
    );
  });

  it('lets the user edit the integration credential through the pages that added it, prefilled, keeping or replacing its token', async function () {
    this.timeout(180_000);
    await openActivity(page, 'Sophos Central');
    const row = (await treeItems(page, 'Credentials', { atLeast: 2 })).find((item) => item.label === 'Victim Okta');
    assert.ok(row, 'the integration credential is in the tree');
    await contextMenu(page, row.locator, 'Edit Credential');
    const seen: string[] = [];
    const widget = page.locator('.quick-input-widget');
    for (let step = 0; step < 12; step++) {
      if (
        !(await widget.waitFor({ state: 'visible', timeout: 5_000 }).then(
          () => true,
          () => false,
        ))
      )
        break;
      const state = await quickInputState(page);
      const box = page.locator('.quick-input-widget .quick-input-box input');
      const value = (await box.inputValue()) ?? '';
      seen.push(`${state.title} ${state.step} ${state.placeholder || state.message} [${value}]`);
      if (step === 0) await screenshot('42-edit-integration-credential');
      if (value === 'Victim Okta') await typeIntoQuickInput(page, 'Victim Okta edited');
      else if (/Permissions/.test(state.placeholder)) await pickQuickInputItem(page, 'Read');
      else if ((await box.getAttribute('type')) === 'password') {
        assert.equal(value, '', 'a stored secret never goes into an input box');
        await typeIntoQuickInput(page, editedOktaToken);
      } else await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
    }
    assert.ok(
      seen.some((line) => /Edit "Victim Okta"/.test(line) && /\[https:\/\/acme\.okta\.com\]/.test(line)),
      `the URL was prefilled:\n${seen.join('\n')}`,
    );
    await treeItems(page, 'Credentials');
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: 'Victim Okta edited' })
      .first()
      .waitFor({ state: 'visible' });
  });

  it('runs the Rotate quick fix it fetched (our own target object) and meets a modal: Cancel revokes nothing', async function () {
    this.timeout(120_000);
    const before = vscode.sandbox.requests.length;
    await runCommand(page, 'Hostile: Rotate Through the Quick Fix');
    const dialogs = await answerDialogs(
      page,
      () => existsSync(join(reportDir, 'quick-fix.json')),
      // The user put the token in a file once (a consent of ours); then comes the rotation the attacker started.
      (text) => (/to be put in the file/.test(text) ? undefined : 'Cancel'),
      100_000,
    );
    const report = JSON.parse(readFileSync(join(reportDir, 'quick-fix.json'), 'utf8'));
    assert.equal(report.error, undefined, report.error);
    assert.ok(
      report.actions.some((title: string) => /^Rotate SLS Token "Victim token"/.test(title)),
      report.actions.join(' | '),
    );
    assert.equal(report.rotated, 'null', 'the rotation stopped at the modal');
    assert.deepEqual(
      dialogs.map((dialog) => dialog.pressed),
      ['Allow', 'Cancel'],
      dialogs.map((dialog) => dialog.text).join('\n'),
    );
    assert.match(dialogs[1]!.text, /Rotate the SLS token "Victim token" of "Victim"\?/);
    const made = vscode.sandbox.requests.slice(before);
    assert.deepEqual(
      made.filter((request) => request.path.includes('access-tokens') && request.method !== 'GET'),
      [],
      'no token minted or revoked',
    );
  });

  it('with every prompt answered Cancel, gets no secret and destroys nothing', async function () {
    this.timeout(300_000);
    await runCommand(page, 'Hostile: Attack');
    const dialogs = await answerDialogs(
      page,
      () => existsSync(join(reportDir, 'attack-1.json')),
      // VS Code's own sign-in prompt is allowed, so that ours is what stops it.
      (text) => (/wants to sign in using/.test(text) ? 'Allow' : 'Cancel'),
      280_000,
      (_text, index) => (index === 0 ? screenshot('40-consent-for-a-command-call') : Promise.resolve()),
    );
    const report = attackReport(1);
    const everything = JSON.stringify(report);
    for (const secret of secrets())
      assert.ok(
        !everything.includes(secret),
        `a secret reached the hostile extension: ${secret.slice(0, 6)}…\n${everything}`,
      );
    const byName = Object.fromEntries(report.map((attempt) => [attempt.name, attempt]));
    assert.match(byName['copyToken with a forged token node']!.got, /"copied":false.*clipboard=hostile-empty/);
    assert.match(byName['insertTokenAtCursor interactive with no editor']!.got, /No editor is open/);
    assert.match(byName['getSession with a credential scope']!.got, /Canceled|cancel/i);
    assert.match(byName['idUrl redirected to the attacker']!.got, /rejected: Nothing was sent.*received=$/);
    assert.match(byName['revokeToken']!.got, /"revoked":false/);
    assert.match(byName['deleteCredential']!.got, /"deleted":false/);
    assert.match(byName['editCredential replaces the secret untested']!.got, /"replaced":false/);
    assert.match(byName['http.proxy pointed at the attacker']!.got, /rejected: Nothing was sent.*received=$/);
    assert.match(byName['updateToken expires the token in a minute']!.got, /"updated":false/);
    assert.match(
      byName['editCredential overwrites the integration URL']!.got,
      /"url":"https:\/\/acme\.okta\.com".*"secretsReplaced":\[\]/,
    );
    // Each prompt of ours names what, where and which credential.
    const ours = dialogs.filter((dialog) => dialog.pressed === 'Cancel').map((dialog) => dialog.text);
    assert.ok(
      ours.some((text) => /SLS token "Victim token" of "Victim", to be put in the clipboard/.test(text)),
      ours.join('\n'),
    );
    assert.ok(
      ours.some((text) => /Client Secret of "Victim", to be put in the clipboard/.test(text)),
      ours.join('\n'),
    );
    assert.ok(
      ours.some((text) => /sign-in as "Victim" \(Service Principal Super Admin\) on tenant/.test(text)),
      ours.join('\n'),
    );
    assert.ok(
      ours.some((text) => /delete the credential "Victim"/.test(text)),
      ours.join('\n'),
    );
    assert.ok(
      ours.some((text) =>
        /Send your Sophos Central Client Secret and bearer tokens to http:\/\/127\.0\.0\.1/.test(text),
      ),
      ours.join('\n'),
    );
    // The victim still works: its secret was neither replaced nor sent anywhere else.
    assert.equal(
      vscode.sandbox.requests.filter((request) => request.path.includes('access-tokens') && request.method === 'DELETE')
        .length,
      0,
      'nothing revoked',
    );
  });

  it('with every prompt allowed, each release works and is what the user allowed', async function () {
    this.timeout(300_000);
    await runCommand(page, 'Hostile: Attack');
    await answerDialogs(
      page,
      () => existsSync(join(reportDir, 'attack-2.json')),
      () => undefined,
      280_000,
    );
    const byName = Object.fromEntries(attackReport(2).map((attempt) => [attempt.name, attempt]));
    const tokens = vscode.sandbox.issuedSecrets().filter((secret) => secret.startsWith('SLS-'));
    const victim = vscode.sandbox.clients.tenantSuperAdmin;
    assert.ok(
      tokens.some((token) => byName['copyToken with a forged token node']!.got.includes(`clipboard=${token}`)),
      byName['copyToken with a forged token node']!.got,
    );
    assert.ok(
      byName['copyIntegrationSecret with arguments']!.got.includes(`clipboard=${editedOktaToken}`),
      'the token the user entered when editing replaced the old one',
    );
    assert.ok(byName['copyForConnectorProfile clientSecret']!.got.includes(`clipboard=${victim.clientSecret}`));
    assert.ok(
      tokens.some((token) => byName['insertTokenAtCursor into an untitled editor']!.got.includes(`document=${token}`)),
    );
    assert.ok(tokens.some((token) => byName['insertTokenIntoFile']!.got.includes(token)));
    assert.match(byName['getSession with a credential scope']!.got, /accessToken=\S{20,}/);
    assert.ok(
      byName['idUrl redirected to the attacker']!.got.includes(
        `client_secret=${encodeURIComponent(victim.clientSecret)}`,
      ),
      byName['idUrl redirected to the attacker']!.got,
    );
    assert.ok(
      byName['http.proxy pointed at the attacker']!.got.includes(
        `client_secret=${encodeURIComponent(victim.clientSecret)}`,
      ),
      byName['http.proxy pointed at the attacker']!.got,
    );
    assert.match(byName['updateToken expires the token in a minute']!.got, /"expiresAt":"\d{4}-/);
    assert.match(byName['editCredential overwrites the integration URL']!.got, /attacker\.okta\.com/);
    assert.match(byName['revokeToken']!.got, /"revoked":true/);
    assert.match(byName['deleteCredential']!.got, /"deleted":true/);
    await screenshot('41-after-the-allowed-attack');
  });
});
