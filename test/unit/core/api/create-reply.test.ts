import assert from 'node:assert/strict';
import { SophosCentralClient, SophosHttp, type HttpRequest, type HttpResponse, type HttpTransport } from '../../../../src/core/api';

/** Sophos as a script: token, whoami, then a create reply that lacks the label and the type. */
class ScriptedSophos implements HttpTransport {
  readonly seen: string[] = [];
  connectionsOpened = 0;
  async send(request: HttpRequest): Promise<HttpResponse> {
    const path = new URL(request.url).pathname;
    this.seen.push(`${request.method} ${path}`);
    const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (path === '/api/v2/oauth2/token') return json(200, { access_token: 'bearer-value', expires_in: 3600 });
    if (path === '/whoami/v1') return json(200, { id: '4f1c2b0e-0000-4000-8000-000000000001', idType: 'tenant', apiHosts: { global: 'https://api.example', dataRegion: 'https://api-eu01.example' } });
    if (path === '/accounts/v1/access-tokens' && request.method === 'POST') return json(201, { id: 'tok-1', token: 'SLS-minimal-reply-value' });
    return json(404, { error: 'notFound' });
  }
  async close(): Promise<void> {}
}

describe('the create reply', () => {
  it('keeps a token whose reply lacks label and type, filling them from the request: nothing revoked, no second mint', async () => {
    const transport = new ScriptedSophos();
    const client = new SophosCentralClient({ http: new SophosHttp(transport), idUrl: 'https://id.example', apiUrl: 'https://api.example', clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7', clientSecret: 's' });
    const { token, orphansRevoked } = await client.createAccessToken({ label: 'Minimal' });
    assert.equal(token.token, 'SLS-minimal-reply-value');
    assert.equal(token.label, 'Minimal');
    assert.equal(token.type, 'sophosLinuxSensor');
    assert.deepEqual(orphansRevoked, []);
    assert.deepEqual(transport.seen, ['POST /api/v2/oauth2/token', 'GET /whoami/v1', 'POST /accounts/v1/access-tokens']);
  });
});
