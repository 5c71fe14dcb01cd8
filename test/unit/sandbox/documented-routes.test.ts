/**
 * The sandbox speaks as Sophos documents, never friendlier: raw HTTP against its routes and faults, so a client
 * that agrees with it agrees with the real service.
 */
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

interface Answer {
  status: number;
  json: Record<string, unknown> & { items?: Record<string, unknown>[]; pages?: Record<string, unknown> };
}

describe('sandbox routes and faults as Sophos documents them', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.reset());
  after(() => sandbox.close());

  async function bearer(credential = sandbox.clients.tenantSuperAdmin): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credential.clientId,
      client_secret: credential.clientSecret,
      scope: 'token',
    });
    const reply = await fetch(`${sandbox.idUrl}/api/v2/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return ((await reply.json()) as { access_token: string }).access_token;
  }

  async function call(
    method: string,
    path: string,
    options: {
      credential?: Sandbox['clients'][keyof Sandbox['clients']];
      headers?: Record<string, string>;
      json?: unknown;
    } = {},
  ): Promise<Answer> {
    const credential = options.credential ?? sandbox.clients.tenantSuperAdmin;
    const headers: Record<string, string> = { authorization: `Bearer ${await bearer(credential)}`, ...options.headers };
    if (credential.idType === 'tenant' && path.startsWith('/accounts')) headers['x-tenant-id'] ??= credential.id;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const reply = await fetch(`${sandbox.apiUrl}${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await reply.text();
    return { status: reply.status, json: text ? JSON.parse(text) : {} };
  }

  const create = async (label = 'Documented') =>
    (await call('POST', '/accounts/v1/access-tokens', { json: { label, type: 'sophosLinuxSensor' } })).json as {
      id: string;
      token: string;
    };

  it('revokes with 200 {"deleted": true}, and answers an unknown token with the documented 404', async () => {
    const { id } = await create();
    assert.deepEqual(await call('DELETE', `/accounts/v1/access-tokens/${id}`), {
      status: 200,
      json: { deleted: true },
    });
    const again = await call('DELETE', `/accounts/v1/access-tokens/${id}`);
    assert.equal(again.status, 404);
    assert.equal(again.json.error, 'notFound');
    assert.equal(again.json.message, 'Resource not found.');
  });

  describe('PATCH /accounts/v1/access-tokens/{id}', () => {
    it('renames and re-dates a token, 200 with the token and never its value', async () => {
      const { id, token } = await create();
      const answer = await call('PATCH', `/accounts/v1/access-tokens/${id}`, {
        json: { label: 'Renamed', expiresAt: '2028-01-01T00:00:00Z' },
      });
      assert.equal(answer.status, 200);
      assert.equal(answer.json.label, 'Renamed');
      assert.equal(answer.json.expiresAt, '2028-01-01T00:00:00.000Z');
      assert.ok(!JSON.stringify(answer.json).includes(token));
      assert.equal((await call('GET', '/accounts/v1/access-tokens')).json.items![0]!.label, 'Renamed');
    });

    const refusals = [
      { name: 'a bad label', json: { label: 'a/b' }, status: 400 },
      { name: 'a past expiry', json: { expiresAt: '2001-01-01' }, status: 400 },
      { name: 'no JSON object', json: ['label'], status: 400 },
    ];
    for (const { name, json, status } of refusals) {
      it(`answers ${status} to ${name}`, async () => {
        const { id } = await create();
        const answer = await call('PATCH', `/accounts/v1/access-tokens/${id}`, { json });
        assert.equal(answer.status, status);
        assert.equal(answer.json.error, 'badRequest');
      });
    }

    it('answers 404 for an unknown token and 403 for a Read-Only credential', async () => {
      assert.equal(
        (
          await call('PATCH', '/accounts/v1/access-tokens/7c9e6679-7425-40de-944b-e07fc1f90ae7', {
            json: { label: 'x' },
          })
        ).status,
        404,
      );
      const { id } = await create();
      assert.equal(
        (
          await call('PATCH', `/accounts/v1/access-tokens/${id}`, {
            credential: sandbox.clients.tenantReadOnly,
            json: { label: 'x' },
          })
        ).status,
        403,
      );
    });
  });

  const owners = [
    { kind: 'partner', header: 'x-partner-id' },
    { kind: 'organization', header: 'x-organization-id' },
  ] as const;
  for (const { kind, header } of owners) {
    it(`lists and gets ${kind} tenants with showAs, ${kind} {id}, status and products`, async () => {
      const credential = sandbox.clients[kind];
      const headers = { [header]: credential.id };
      const list = await call('GET', `/${kind}/v1/tenants?pageTotal=true`, { credential, headers });
      const item = list.json.items![0]!;
      assert.equal(item.showAs, credential.tenants![0]!.name);
      assert.deepEqual(item[kind], { id: credential.id });
      assert.equal(item.status, 'active');
      assert.ok(
        Array.isArray(item.products) &&
          (item.products as { code: string }[]).every((product) => typeof product.code === 'string'),
      );
      const one = await call('GET', `/${kind}/v1/tenants/${String(item.id).toUpperCase()}`, { credential, headers });
      assert.deepEqual(one, { status: 200, json: item });
      assert.equal(
        (await call('GET', `/${kind}/v1/tenants/7c9e6679-7425-40de-944b-e07fc1f90ae7`, { credential, headers })).status,
        404,
      );
    });
  }

  it('answers 401 tersely: error, correlationId, requestId, createdAt and no message', async () => {
    const reply = await fetch(`${sandbox.apiUrl}/whoami/v1`, { headers: { authorization: 'Bearer stale' } });
    assert.equal(reply.status, 401);
    const body = (await reply.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['correlationId', 'createdAt', 'error', 'requestId']);
    assert.equal(body.error, 'Unauthorized');
  });

  for (const kind of ['partner', 'organization'] as const) {
    it(`refuses an SLS token create by ${kind} credential with the terse 403, as the SLS guide says`, async () => {
      const credential = sandbox.clients[kind];
      const answer = await call('POST', '/accounts/v1/access-tokens', {
        credential,
        headers: { 'x-tenant-id': credential.tenants![0]!.id },
        json: { label: 'x', type: 'sophosLinuxSensor' },
      });
      assert.equal(answer.status, 403);
      assert.equal(answer.json.error, 'forbidden');
      assert.equal(answer.json.message, 'Access is denied');
      assert.equal(
        (
          await call('GET', '/accounts/v1/access-tokens', {
            credential,
            headers: { 'x-tenant-id': credential.tenants![0]!.id },
          })
        ).status,
        200,
        'listing is allowed',
      );
    });
  }

  describe('faults', () => {
    it("documentedListItems: Sophos' example item, no label, made by a user, with a token value the sandbox counts as issued", async () => {
      await create('Will lose its label');
      sandbox.injectFault({
        match: { method: 'GET', path: '/accounts/v1/access-tokens' },
        fault: { type: 'documentedListItems' },
      });
      const item = (await call('GET', '/accounts/v1/access-tokens')).json.items![0]!;
      assert.equal(item.label, undefined);
      assert.equal((item.createdBy as { type: string }).type, 'user');
      assert.match(String(item.token), /^SLS-/);
      assert.ok(sandbox.issuedSecrets().includes(String(item.token)));
    });

    const caps = [
      { withoutPages: false, pages: { current: 2, size: 3 } },
      { withoutPages: true, pages: undefined },
    ];
    for (const { withoutPages, pages } of caps) {
      it(`pageCap${withoutPages ? ' withoutPages' : ''}: pages of the server's size whatever was asked, no totals`, async () => {
        const credential = sandbox.clients.partner;
        sandbox.injectFault({
          match: { path: '/partner/v1/tenants' },
          fault: { type: 'pageCap', size: 3, withoutPages },
        });
        const answer = await call('GET', '/partner/v1/tenants?page=2&pageSize=100&pageTotal=true', {
          credential,
          headers: { 'x-partner-id': credential.id },
        });
        assert.deepEqual(answer.json.pages, pages);
        assert.deepEqual(
          answer.json.items!.map((t) => t.id),
          credential.tenants!.slice(3, 6).map((t) => t.id),
        );
      });
    }

    it('tenantHeader401: 401 to whatever carries X-Tenant-ID, even with a fresh bearer; whoami unaffected', async () => {
      sandbox.injectFault({ match: { host: 'global' }, times: Infinity, fault: { type: 'tenantHeader401' } });
      assert.equal((await call('GET', '/whoami/v1')).status, 200);
      for (let i = 0; i < 2; i++) {
        const answer = await call('GET', '/accounts/v1/access-tokens');
        assert.equal(answer.status, 401);
        assert.equal(answer.json.message, undefined);
      }
    });

    it('the admin API takes the new faults as JSON', async () => {
      for (const fault of [
        { type: 'documentedListItems' },
        { type: 'pageCap', size: 50, withoutPages: true },
        { type: 'tenantHeader401' },
      ]) {
        const reply = await fetch(`${sandbox.idUrl}/__sandbox/faults`, {
          method: 'POST',
          body: JSON.stringify({ fault }),
        });
        assert.equal(reply.status, 201, await reply.text());
      }
    });
  });
});
