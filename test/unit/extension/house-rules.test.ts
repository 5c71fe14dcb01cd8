/** The shape of the codebase, checked: activation loads only registrations. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('the house rules', () => {
  it('activation (dist/extension.js) holds registrations only: no domain, API, tree or command code', () => {
    const entry = readFileSync(join('dist', 'extension.js'), 'utf8');
    for (const absent of ['SophosApiError', 'CredentialStore', 'Credentials', 'CredentialsTreeProvider', 'zod'])
      assert.ok(!entry.includes(absent), `dist/extension.js contains ${absent}`);
    assert.match(entry, /features\.js/, 'it hands over to the features bundle');
    assert.ok(entry.length < 8_000, `dist/extension.js is ${entry.length} bytes`);
  });
});
