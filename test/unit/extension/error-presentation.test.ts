import assert from 'node:assert/strict';
import { SophosApiError, type SophosErrorKind } from '../../../src/core/api';
import { DuplicateNameError } from '../../../src/core/credentials';
import { presentError } from '../../../src/extension/error-presentation';

describe('presentError', () => {
  const cases: { name: string; error: unknown; retry?: boolean; actions: string[]; says?: RegExp; silent?: boolean }[] =
    [
      {
        name: 'a wrong secret offers to edit it',
        error: new SophosApiError('auth', 'Sophos ID refused the Client Secret.', { operation: 'token' }),
        actions: ['editSecret', 'showLogs'],
      },
      {
        name: 'a stale bearer offers a test',
        error: new SophosApiError('auth', 'refused', { operation: 'whoami' }),
        actions: ['testCredential', 'showLogs'],
      },
      {
        name: 'a 403 offers to fix the role',
        error: new SophosApiError('forbidden', 'It needs a Service Principal Super Admin credential.', {
          operation: 'createAccessToken',
        }),
        actions: ['editRole', 'showLogs'],
        says: /Super Admin/,
      },
      ...(['throttled', 'server', 'network', 'timeout', 'tls'] as SophosErrorKind[]).map((kind) => ({
        name: `${kind} offers a retry`,
        error: new SophosApiError(kind, 'x'),
        retry: true,
        actions: ['retry', 'showLogs'],
      })),
      {
        name: 'no retry button without a retry',
        error: new SophosApiError('server', 'x'),
        retry: false,
        actions: ['showLogs'],
      },
      {
        name: 'the support id is appended',
        error: new SophosApiError('server', 'Boom.', { trackingId: 'abc-123' }),
        actions: ['showLogs'],
        says: /abc-123/,
      },
      {
        name: 'a refusal by the server shows its text, never as unexpected',
        error: new SophosApiError('rejected', 'The server refused the request (HTTP 400). The server said: Bad label.'),
        actions: ['showLogs'],
        says: /^The server refused.*Bad label\.$/,
      },
      { name: 'cancellation is silent', error: new SophosApiError('cancelled', 'x'), actions: [], silent: true },
      {
        name: 'a duplicate name is explained',
        error: new DuplicateNameError('Acme'),
        actions: [],
        says: /already exists/,
      },
      { name: 'anything else points to the log', error: new TypeError('oops'), actions: ['showLogs'], says: /oops/ },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const presented = presentError(c.error, c.retry ?? false);
      assert.deepEqual(presented.actions, c.actions);
      if (c.silent) assert.equal(presented.message, undefined);
      else assert.ok(presented.message);
      if (c.says) assert.match(presented.message!, c.says);
    });
  }
});
