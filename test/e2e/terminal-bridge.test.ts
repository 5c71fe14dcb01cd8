/**
 * The terminal bridge as a user meets it: in VS Code's own terminal the CLI, given no credential, asks the
 * extension; VS Code asks the user once for that terminal, and the CLI lists the tokens. Denied, the CLI exits 3
 * and says so. The CLI's output goes to files the test reads, as a user would redirect it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './support/screenshots';
import { answerDialogs, dismissNotifications, openActivity, runCommand, waitForNotification } from './support/ui';
import { repoRoot, useVSCode, type VSCode } from './support/vscode';
import { addThroughWizard } from './support/wizard';

describe('the CLI in an integrated terminal uses the editor’s credential', function () {
  const running = useVSCode();
  let vscode: VSCode;
  let page: Page;

  before(async () => {
    vscode = running();
    page = vscode.page;
    await openActivity(page, 'Sophos Central');
    const demo = vscode.sandbox.clients.tenantSuperAdmin;
    await addThroughWizard(page, { name: 'Acme SLS', clientId: demo.clientId, secret: demo.clientSecret });
    await waitForNotification(page, /"Acme SLS" works/);
    await dismissNotifications(page);
  });

  /** Opens a new integrated terminal and runs the CLI there; resolves with its exit code, stdout and stderr. */
  async function runInNewTerminal(args: string, run: string) {
    await runCommand(page, 'Terminal: Create New Terminal');
    // The new terminal takes the keyboard: its xterm's input element has the focus.
    await page.locator('.xterm-helper-textarea:focus').waitFor({ state: 'attached' });
    await page.waitForTimeout(1_500); // the shell's prompt
    const out = (name: string) => join(vscode.workspace, `${run}.${name}`);
    const cli = join(repoRoot, 'dist/cli.js');
    await page.keyboard.type(
      `node '${cli}' ${args} >'${out('out')}' 2>'${out('err')}'; echo $? >'${out('code.tmp')}'; mv '${out('code.tmp')}' '${out('code')}'`,
    );
    await page.keyboard.press('Enter');
    return {
      done: () => existsSync(out('code')),
      result: () => ({
        code: Number(readFileSync(out('code'), 'utf8')),
        stdout: readFileSync(out('out'), 'utf8'),
        stderr: readFileSync(out('err'), 'utf8'),
      }),
    };
  }

  it('asks once for the terminal, then lends a bearer token: the CLI mints and lists with it', async () => {
    const mint = await runInNewTerminal('sls-token create --label "From the terminal"', 'mint');
    const dialogs = await answerDialogs(
      page,
      mint.done,
      (text) => (/Let the terminal/.test(text) ? 'Allow' : undefined),
      60_000,
      async (_text, index) => void (index === 0 && (await screenshot('60-terminal-bridge-consent'))),
    );
    assert.equal(dialogs.length, 1, JSON.stringify(dialogs));
    assert.match(dialogs[0]!.text, /Let the terminal ".+" \(pid \d+\) use the Sophos Central credential "Acme SLS"\?/);
    assert.match(dialogs[0]!.text, /never the Client Secret/);
    const minted = mint.result();
    assert.equal(minted.code, 0, minted.stderr);
    assert.match(minted.stdout, /^SLS-/);

    // Same terminal, same credential: no second question.
    await page.keyboard.type('clear');
    await page.keyboard.press('Enter');
    const out = join(vscode.workspace, 'list');
    await page.keyboard.type(
      `node '${join(repoRoot, 'dist/cli.js')}' sls-token list >'${out}.out' 2>'${out}.err'; echo $? >'${out}.code'`,
    );
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 30_000;
    while (!existsSync(`${out}.code`) || readFileSync(`${out}.code`, 'utf8') === '') {
      assert.ok(!(await page.locator('.monaco-dialog-box').isVisible()), 'asked a second time for the same terminal');
      assert.ok(Date.now() < deadline, 'the CLI did not finish');
      await page.waitForTimeout(200);
    }
    assert.equal(readFileSync(`${out}.code`, 'utf8').trim(), '0', readFileSync(`${out}.err`, 'utf8'));
    assert.match(readFileSync(`${out}.out`, 'utf8'), /From the terminal/);
    await screenshot('61-terminal-bridge-list');
  });

  it('exits 3 with the reason when the user denies another terminal', async () => {
    const list = await runInNewTerminal('sls-token list', 'denied');
    const dialogs = await answerDialogs(page, list.done, () => 'Cancel', 60_000);
    assert.equal(dialogs.length, 1);
    const { code, stdout, stderr } = list.result();
    assert.equal(code, 3);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: You did not allow the terminal ".+" \(pid \d+\) to use "Acme SLS" in VS Code\.\n$/);
  });
});
