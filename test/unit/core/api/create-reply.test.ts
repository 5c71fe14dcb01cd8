import assert from 'node:assert/strict';
import { scriptedClient } from '../../../support/scripted-sophos';

describe('the create reply', () => {
  it('keeps a token whose reply lacks label and type, filling them from the request: nothing revoked, no second mint', async () => {
    const { client, sophos } = scriptedClient((request) =>
      request.method === 'POST' && request.path === '/accounts/v1/access-tokens'
        ? { status: 201, body: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', token: 'SLS-minimal-reply-value' } }
        : undefined,
    );
    const { token, orphansRevoked } = await client.createAccessToken({ label: 'Minimal' });
    assert.equal(token.token, 'SLS-minimal-reply-value');
    assert.equal(token.label, 'Minimal');
    assert.equal(token.type, 'sophosLinuxSensor');
    assert.deepEqual(orphansRevoked, []);
    assert.deepEqual(sophos.seen, ['POST /api/v2/oauth2/token', 'GET /whoami/v1', 'POST /accounts/v1/access-tokens']);
  });

  it('keeps the label it sent when the reply carries one that breaks the label rule', async () => {
    const { client } = scriptedClient((request) =>
      request.method === 'POST'
        ? {
            status: 201,
            body: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', token: 'SLS-v', label: '[x](command:evil)' },
          }
        : undefined,
    );
    assert.equal((await client.createAccessToken({ label: 'Sent' })).token.label, 'Sent');
  });
});
