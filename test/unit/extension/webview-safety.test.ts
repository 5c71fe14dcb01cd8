import assert from 'node:assert/strict';
import type { CredentialRecord } from '../../../src/core/credentials';
import { credentialView } from '../../../src/extension/webview/credential-view';
import { parsePageMessage } from '../../../src/extension/webview/messages';

describe('details page safety', () => {
  const hostile: CredentialRecord = {
    id: 'c1',
    name: '<script>alert(1)</script>\u202Eexe.txt',
    description: `javascript:alert(1) ${'d'.repeat(10_240)}`,
    role: 'superAdmin',
    clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7',
    createdOn: '2026-01-01',
    whoami: { id: 't1', idType: 'partner' },
    tenant: { id: 't2', name: '<img src=x onerror=alert(1)>' },
  };

  it('hands hostile names to the page as legible data: bidi shown, long strings cut, nothing dropped silently', () => {
    const view = credentialView(hostile, { events: [], requestCount: 0 }, Date.parse('2026-11-24T00:00:00Z'));
    assert.equal(view.name, '<script>alert(1)</script><U+202E>exe.txt');
    assert.equal(view.description!.length, 2000);
    assert.ok(view.description!.startsWith('javascript:alert(1) ddd'));
    assert.ok(
      view.details.some((row) => row.value.includes('<img src=x onerror=alert(1)>')),
      'tenant name kept as text',
    );
    assert.ok(view.details.every((row) => row.value.length <= 500));
  });

  const rejected: [string, unknown][] = [
    ['not an object', 'ready'],
    ['null', null],
    ['an unknown type', { type: 'eval', code: 'alert(1)' }],
    ['an unknown action', { type: 'action', action: 'deleteEverything' }],
    ['an extra field', { type: 'ready', extra: true }],
    ['a copy of 10 kB', { type: 'copy', what: 'supportId', text: 'x'.repeat(10_240) }],
    ['a copy of something else', { type: 'copy', what: 'clientSecret', text: 'abc' }],
    ['a wrong field type', { type: 'action', action: 1 }],
  ];
  for (const [name, message] of rejected) {
    it(`rejects a message from the page that is ${name}`, () => assert.equal(parsePageMessage(message), undefined));
  }

  it('accepts the protocol', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'action', action: 'suspend' }), { type: 'action', action: 'suspend' });
    assert.deepEqual(parsePageMessage({ type: 'copy', what: 'supportId', text: 'abc-123' }), {
      type: 'copy',
      what: 'supportId',
      text: 'abc-123',
    });
  });
});
