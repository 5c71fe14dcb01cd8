import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
  contributes: {
    walkthroughs: { id: string; steps: { media: { markdown: string }; description: string }[] }[];
    commands: { command: string }[];
  };
};

const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const shown = (text: string) => text.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? '');

describe('walkthrough "Get started with Sophos Central Credentials"', () => {
  it('opens in the real VS Code', async () => {
    const walkthrough = manifest.contributes.walkthroughs[0]!;
    await vscode.commands.executeCommand(
      'workbench.action.openWalkthrough',
      `${manifest.publisher}.${manifest.name}#${walkthrough.id}`,
      false,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('has a page for every step, and every command link names a declared command', () => {
    const declared = new Set(manifest.contributes.commands.map((command) => command.command));
    let links = 0;
    for (const step of manifest.contributes.walkthroughs[0]!.steps) {
      assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      for (const [, command] of shown(step.description).matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(declared.has(command!), command);
        links += 1;
      }
    }
    assert.equal(links, 4, 'add, test, mint and insert each link their command');
  });
});
