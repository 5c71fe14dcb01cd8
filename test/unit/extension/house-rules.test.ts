/**
 * The shape of the codebase, checked: activation loads only registrations, and no file in src/ outgrows
 * 300 lines (split by concern instead).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('the house rules', () => {
  it('activation (dist/extension.js) holds registrations only: no domain, API, tree or command code', () => {
    const entry = readFileSync(join('dist', 'extension.js'), 'utf8');
    for (const absent of ['SophosApiError', 'CredentialStore', 'Credentials', 'CredentialsTreeProvider', 'zod'])
      assert.ok(!entry.includes(absent), `dist/extension.js contains ${absent}`);
    assert.match(entry, /features\.js/, 'it hands over to the features bundle');
    assert.ok(entry.length < 8_000, `dist/extension.js is ${entry.length} bytes`);
  });

  it('keeps every file in src/ at 300 lines or fewer', () => {
    const long = sourcesUnder('src')
      .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
      .filter((file) => file.lines > 300)
      .map((file) => `${file.path}: ${file.lines}`);
    assert.deepEqual(long, []);
  });
});
