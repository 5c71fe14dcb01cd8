/**
 * A secret in plain text, as a user meets it: a file holding an SLS token gets a warning squiggle, Ctrl+.
 * offers the quick fixes, and "Replace with environment reference" puts `${SOPHOS_SLS_TOKEN}` in its place.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot } from './support/screenshots';
import { runCommand } from './support/ui';
import { useVSCode, type VSCode } from './support/vscode';

const token = `SLS-${'Kx7Rq2'.repeat(8)}`;

/** Quick Open (Ctrl+P) like a user: type the name, take the first match. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 300 } });
  await page.keyboard.press('Control+P');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible' });
  await box.fill(name);
  await page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name })
    .first()
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible' });
}

describe('secrets in plain text, as a user sees them', function () {
  const running = useVSCode();
  let vscode: VSCode;
  let page: Page;

  before(async () => {
    vscode = running();
    page = vscode.page;
  });

  it('marks an SLS token in a file and replaces it with an environment reference from the quick fix menu', async () => {
    const path = join(vscode.workspace, 'deploy.env');
    writeFileSync(path, `# Sensor repository access\nSOPHOS_SLS_TOKEN=${token}\nSOPHOS_REGION=eu\n`);
    await openFile(page, 'deploy.env');
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'visible', timeout: 20_000 });
    // The Problems count in the status bar says the same.
    await page
      .locator('.part.statusbar [aria-label*="Warning"], .part.statusbar .codicon-warning')
      .first()
      .waitFor({ state: 'visible' });
    // The squiggle sits under the text, which takes the pointer: hover over its middle like a mouse would.
    const squiggle = (await editor.locator('.squiggly-warning').first().boundingBox())!;
    await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2 - 4);
    await page
      .locator('.monaco-hover', { hasText: 'An SLS token is in plain text here' })
      .first()
      .waitFor({ state: 'visible' });
    const hover =
      (await page.locator('.monaco-hover', { hasText: 'An SLS token is in plain text here' }).first().textContent()) ??
      '';
    assert.ok(!hover.includes(token), 'the message never shows the token');
    await screenshot('20-secret-diagnostic');

    // Put the cursor on the token (line 2, inside the value) and open the quick fixes.
    await page.keyboard.press('Escape');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Period');
    const replace = page
      .locator('.action-widget .monaco-list-row', { hasText: 'Replace with environment reference' })
      .first();
    await replace.waitFor({ state: 'visible' });
    await page
      .locator('.action-widget .monaco-list-row', { hasText: 'Store in SecretStorage and remove from file' })
      .first()
      .waitFor({ state: 'visible' });
    await screenshot('21-secret-quick-fix');
    // The preferred fix comes first and is focused: Enter applies it, as a keyboard user would.
    await page
      .locator('.action-widget .monaco-list-row.focused', {
        hasText: 'Replace with environment reference ${SOPHOS_SLS_TOKEN}',
      })
      .waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');

    await editor
      .locator('.view-lines', { hasText: /SOPHOS_SLS_TOKEN=\$\{SOPHOS_SLS_TOKEN\}/ })
      .waitFor({ state: 'visible' });
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(page, 'File: Save');
    const saved = '# Sensor repository access\nSOPHOS_SLS_TOKEN=${SOPHOS_SLS_TOKEN}\nSOPHOS_REGION=eu\n';
    for (let waited = 0; readFileSync(path, 'utf8') !== saved && waited < 10_000; waited += 100)
      await page.waitForTimeout(100);
    assert.equal(readFileSync(path, 'utf8'), saved, 'saved with only the token replaced');
  });
});
