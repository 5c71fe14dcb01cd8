import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandId, viewId } from '../../../src/extension/command-ids';
import { configSection, settingDefaults } from '../../../src/extension/settings';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
/** A manifest string as users see it: %key% placeholders resolved from package.nls.json. */
const shown = (text: string) => text.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? `<missing ${key}>`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('package.json stays in step with the code', () => {
  it('declares exactly the settings the typed config reads, with the same defaults', () => {
    const declared = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    const expected = Object.fromEntries(
      Object.entries(settingDefaults).map(([key, value]) => [`${configSection}.${key}`, value]),
    );
    const actual = Object.fromEntries(Object.entries(declared).map(([key, value]) => [key, value.default]));
    assert.deepEqual(actual, expected);
  });

  it('declares exactly the commands the code registers', () => {
    const declared = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(CommandId).sort());
  });

  it('names every command id in src/ through the map in command-ids.ts, never as a string', () => {
    const literal = /(registerCommand|executeCommand)(<[^>]*>)?\(\s*[`'"]sophosCentral\./;
    const offenders = sourceFiles('src').filter((file) => literal.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('puts every command in the "Sophos Central" category with a title', () => {
    for (const command of manifest.contributes.commands as { command: string; title: string; category: string }[]) {
      assert.equal(shown(command.category), 'Sophos Central', command.command);
      assert.ok(shown(command.title).length > 0 && !shown(command.title).startsWith('<missing'), command.command);
    }
  });

  it('menus name only declared commands, and the view exists', () => {
    const declared = new Set(Object.values(CommandId) as string[]);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
      for (const entry of entries) assert.ok(declared.has(entry.command), `${menu}: ${entry.command}`);
    }
    assert.equal(manifest.contributes.views.sophosCentral[0].id, viewId);
  });

  // onStartupFinished, after the window is up, is the one exception: a terminal's environment is fixed when it
  // opens, so the terminal bridge's variables must be in place before the user opens one (see terminal-bridge.ts).
  it('activates lazily: no "*" activation event, start-up only once the window is up', () => {
    const events: string[] = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*'), events.join());
    assert.ok(
      events.includes('onStartupFinished'),
      'the terminal bridge needs the extension before the first terminal',
    );
  });

  it('takes every user-facing manifest string from package.nls.json, and every key there is used', () => {
    const text = readFileSync('package.json', 'utf8');
    const used = new Set([...text.matchAll(/"%([^"%]+)%"/g)].map((match) => match[1]!));
    assert.deepEqual(
      [...used].filter((key) => !(key in nls)),
      [],
      'keys missing from package.nls.json',
    );
    assert.deepEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
      'unused keys in package.nls.json',
    );
    for (const command of manifest.contributes.commands as { title: string }[]) assert.match(command.title, /^%.+%$/);
  });

  it('ships l10n/bundle.l10n.json with exactly the strings the code passes to vscode.l10n.t (npm run l10n)', function () {
    this.timeout(30_000);
    const outDir = mkdtempSync(join(tmpdir(), 'l10n-'));
    try {
      execFileSync(
        process.execPath,
        [require.resolve('@vscode/l10n-dev/dist/cli.js'), 'export', '--outDir', outDir, './src'],
        { stdio: 'ignore' },
      );
      const exported = JSON.parse(readFileSync(join(outDir, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      const shipped = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, string>;
      assert.deepEqual(shipped, exported, 'l10n/bundle.l10n.json is stale: run npm run l10n');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
