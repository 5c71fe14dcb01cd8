import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inertText } from '../../../src/extension/display';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** VS Code's notification link syntax (vs/base/common/linkedText.ts): what must never match server text. */
const notificationLink = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('text from outside stays inert in notifications', () => {
  const hostile: [string, string][] = [
    [
      'a command link',
      '[Open the Sophos fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)',
    ],
    ['a link with a space before the target', '[fix] (command:workbench.action.reloadWindow)'],
    ['a file link', '[log](file:///etc/passwd)'],
    ['a web link with a title', '[docs](https://evil.example "Sophos")'],
  ];
  for (const [name, text] of hostile) {
    it(`breaks ${name} and keeps the words legible`, () => {
      const safe = inertText(`Tenant ${text} refused.`);
      assert.equal(safe.match(notificationLink), null, safe);
      assert.equal(
        safe
          .replace(/\u200B/g, '')
          .replace(/\] \(/g, '](')
          .includes(text.replace(/\] \(/g, '](')),
        true,
        'only zero-width spaces were added',
      );
      assert.doesNotMatch(safe, /command:/i);
    });
  }

  it('keeps $(icon) literal, shows bidi controls and drops escape sequences', () => {
    const safe = inertText('$(warning) \u202Eexe.txt \u001b]52;c;cHduZWQ=\u0007 done');
    assert.doesNotMatch(safe, /\$\(/);
    assert.match(safe, /<U\+202E>/);
    assert.doesNotMatch(safe, /[\u0000-\u001F\u007F]/);
  });

  it('is the only way the extension shows a notification: no direct window.show*Message outside notifications.ts', () => {
    const direct = sourceFiles('src/extension')
      .filter((file) => !file.endsWith('notifications.ts'))
      .filter((file) => /window\.show(Information|Warning|Error)Message/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(direct, []);
  });
});

describe('settings a folder or another extension cannot turn against the user', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;

  for (const key of ['sophosCentral.idUrl', 'sophosCentral.apiUrl', 'sophosCentral.caCertificates']) {
    it(`${key} is machine-scoped: no workspace or folder can set it`, () =>
      assert.equal(properties[key]?.scope, 'machine'));
  }

  it('restricts the protections a repository could turn off in Restricted Mode', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of [
      'sophosCentral.idUrl',
      'sophosCentral.apiUrl',
      'sophosCentral.caCertificates',
      'sophosCentral.clipboardClearSeconds',
      'sophosCentral.secretDetection.enabled',
    ]) {
      assert.ok(restricted.includes(key), key);
    }
  });
});
