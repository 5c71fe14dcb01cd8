import assert from 'node:assert/strict';
import { SophosApiError } from '../../../../src/core/api';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { clientFor, requestLines, type TestClient } from '../../../support/api';

describe('SophosCentralClient against the sandbox', () => {
  let sandbox: Sandbox;
  const open: TestClient[] = [];
  const connect = (...args: Parameters<typeof clientFor>) => {
    const made = clientFor(...args);
    open.push(made);
    return made;
  };

  before(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    sandbox.reset();
    await Promise.all(open.splice(0).map((made) => made.transport.close()));
  });
  after(() => sandbox.close());

  it('signs in and tells a tenant credential who it is', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    const me = await client.whoami();
    assert.equal(me.id, sandbox.clients.tenantSuperAdmin.id);
    assert.equal(me.idType, 'tenant');
    assert.equal(me.apiHosts.dataRegion, sandbox.regionUrl);
    assert.deepEqual(requestLines(sandbox), ['POST id /api/v2/oauth2/token 200', 'GET global /whoami/v1 200']);
  });

  it('reports partners and organizations without a data region', async () => {
    const partner = await connect(sandbox, sandbox.clients.partner).client.whoami();
    assert.equal(partner.idType, 'partner');
    assert.equal(partner.apiHosts.dataRegion ?? undefined, undefined);
    const organization = await connect(sandbox, sandbox.clients.organization).client.whoami();
    assert.equal(organization.idType, 'organization');
    assert.equal(organization.apiHosts.dataRegion ?? undefined, undefined);
  });

  const pagingCases = [
    { who: 'partner', pageSize: 3 },
    { who: 'partner', pageSize: 100 },
    { who: 'organization', pageSize: 3 },
  ] as const;
  for (const { who, pageSize } of pagingCases) {
    it(`lists every tenant of the ${who} at page size ${pageSize}`, async () => {
      const credential = sandbox.clients[who];
      const { client } = connect(sandbox, credential, { pageSize });
      const tenants = await client.tenants();
      assert.deepEqual(tenants.map((t) => t.id).sort(), credential.tenants!.map((t) => t.id).sort());
      const pages = sandbox.requests.filter((r) => r.path.includes('/tenants')).length;
      assert.equal(pages, Math.ceil(credential.tenants!.length / pageSize));
    });
  }

  it('refuses to list tenants of a tenant credential, before asking', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await assert.rejects(client.tenants(), (e: SophosApiError) => e.kind === 'invalidInput');
    assert.equal(sandbox.requests.filter((r) => r.path.includes('/tenants')).length, 0);
  });

  it('mints, lists and revokes an SLS token', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    const { token, tenantId, orphansRevoked } = await client.createAccessToken({
      label: 'CI runner',
      expiresAt: '2030-01-01',
    });
    assert.match(token.token, /^SLS-/);
    assert.equal(token.label, 'CI runner');
    assert.equal(tenantId, sandbox.clients.tenantSuperAdmin.id);
    assert.deepEqual(orphansRevoked, []);
    const listed = await client.listAccessTokens();
    assert.deepEqual(
      listed.map((t) => t.id),
      [token.id],
    );
    assert.equal((listed[0] as unknown as Record<string, unknown>).token, undefined);
    await client.revokeAccessToken(token.id);
    assert.deepEqual(await client.listAccessTokens(), []);
  });

  it('acts on the tenant a partner names, and asks for one when none is named', async () => {
    const { client } = connect(sandbox, sandbox.clients.partner);
    await assert.rejects(
      client.listAccessTokens(),
      (e: SophosApiError) => e.kind === 'invalidInput' && /choose the tenant/.test(e.message),
    );
    const tenant = sandbox.clients.partner.tenants![4]!;
    assert.deepEqual(await client.listAccessTokens({ tenantId: tenant.id }), []);
    const list = sandbox.requests.find((r) => r.method === 'GET' && r.path.startsWith('/accounts'));
    assert.ok(list?.headers.includes('x-tenant-id'));
  });

  it('names the Super Admin role when a Read-Only credential tries to mint', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantReadOnly);
    await assert.rejects(client.createAccessToken({ label: 'nope' }), (e: SophosApiError) => {
      assert.equal(e.kind, 'forbidden');
      assert.equal(e.status, 403);
      assert.match(e.message, /Service Principal Super Admin/);
      assert.ok(e.supportId, 'a request id for support');
      return true;
    });
  });

  const signInFailures = [
    {
      name: 'wrong secret',
      credential: (s: Sandbox) => ({ ...s.clients.tenantSuperAdmin, clientSecret: 'x'.repeat(64) }),
      code: 'oauth.invalid_client_secret',
      says: /Client Secret/,
    },
    {
      name: 'unknown client',
      credential: (s: Sandbox) => ({ ...s.clients.tenantSuperAdmin, clientId: '00000000-0000-4000-8000-000000000000' }),
      code: 'oauth.client_app_does_not_exist',
      says: /36 months/,
    },
    {
      name: 'expired credential',
      credential: (s: Sandbox) => s.clients.expired,
      code: 'oauth.client_app_does_not_exist',
      says: /create a new one/,
    },
    {
      name: 'disabled credential',
      credential: (s: Sandbox) => s.clients.disabled,
      code: 'oauth.client_disabled',
      says: /disabled/,
    },
  ];
  for (const { name, credential, code, says } of signInFailures) {
    it(`explains a sign-in failure: ${name}`, async () => {
      const { client, retries } = connect(sandbox, credential(sandbox));
      await assert.rejects(client.whoami(), (e: SophosApiError) => {
        assert.equal(e.kind, 'auth');
        assert.equal(e.sophosCode, code);
        assert.equal(e.operation, 'token');
        assert.match(e.message, says);
        assert.ok(e.trackingId, 'the tracking id is kept');
        return true;
      });
      assert.deepEqual(retries.sleeps, [], 'a refused credential is not retried');
    });
  }

  it('never puts the secret into an error', async () => {
    const secret = 'Wr0ngSecretThatMustNotLeak0123456789abcdef';
    const { client } = connect(sandbox, { ...sandbox.clients.tenantSuperAdmin, clientSecret: secret });
    const error = await client.whoami().catch((e: unknown) => e as SophosApiError);
    assert.ok(error instanceof SophosApiError);
    assert.ok(!JSON.stringify({ ...error, message: error.message, stack: error.stack }).includes(secret));
  });

  it('shares one token request among concurrent callers and reuses the bearer', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    sandbox.setLatency(30);
    const bearers = await Promise.all(Array.from({ length: 10 }, () => client.auth.bearer()));
    assert.equal(new Set(bearers).size, 1);
    await client.listAccessTokens();
    await client.listAccessTokens();
    assert.equal(sandbox.requests.filter((r) => r.host === 'id').length, 1);
    sandbox.setLatency(0);
  });

  it('renews the bearer a minute before it expires', async () => {
    let now = Date.parse('2026-11-24T10:00:00Z');
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin, { now: () => now });
    const first = await client.auth.bearer();
    now += 3600_000 - 61_000;
    assert.equal(await client.auth.bearer(), first, 'still more than a minute left');
    now += 2_000;
    assert.notEqual(await client.auth.bearer(), first, 'within the last minute: renewed');
    assert.equal(sandbox.requests.filter((r) => r.host === 'id').length, 2);
  });

  it('gets a fresh bearer once when the API refuses a stale one', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await client.whoami();
    sandbox.revokeBearerTokens();
    await client.listAccessTokens();
    assert.deepEqual(requestLines(sandbox), [
      'POST id /api/v2/oauth2/token 200',
      'GET global /whoami/v1 200',
      'GET global /accounts/v1/access-tokens 401',
      'POST id /api/v2/oauth2/token 200',
      'GET global /accounts/v1/access-tokens 200',
    ]);
  });

  it('gives up after one fresh bearer is refused too', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await client.whoami();
    sandbox.injectFault({ match: { host: 'global', path: '/accounts' }, times: 2, fault: { type: 'staleBearer' } });
    await assert.rejects(
      client.listAccessTokens(),
      (e: SophosApiError) => e.kind === 'auth' && e.operation === 'listAccessTokens',
    );
    assert.equal(sandbox.requests.filter((r) => r.host === 'id').length, 2);
  });

  const retried = [
    { name: '429 with Retry-After', fault: { type: 'status', status: 429, retryAfter: '2' } as const, sleeps: [2000] },
    { name: '500', fault: { type: 'status', status: 500 } as const, sleeps: [300] },
    { name: '502 HTML page', fault: { type: 'html', status: 502 } as const, sleeps: [300] },
    { name: '503', fault: { type: 'status', status: 503 } as const, sleeps: [300] },
    { name: 'connection reset', fault: { type: 'reset' } as const, sleeps: [300] },
  ];
  for (const { name, fault, sleeps } of retried) {
    it(`retries a GET after ${name}, then succeeds`, async () => {
      const { client, retries } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
      await client.whoami();
      sandbox.injectFault({ match: { path: '/accounts/v1/access-tokens', method: 'GET' }, fault });
      assert.deepEqual(await client.listAccessTokens(), []);
      assert.deepEqual(retries.sleeps, sleeps);
    });
  }

  it('gives up on endless throttling within the retry bound, saying when to try again', async () => {
    const { client, retries } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await client.whoami();
    sandbox.injectFault({
      match: { path: '/accounts' },
      times: Infinity,
      fault: { type: 'status', status: 429, retryAfter: '1' },
    });
    await assert.rejects(
      client.listAccessTokens(),
      (e: SophosApiError) => e.kind === 'throttled' && /Try again in 1 s/.test(e.message),
    );
    assert.deepEqual(retries.sleeps, [1000, 1000, 1000]);
  });

  it('does not wait out a Retry-After longer than the cap', async () => {
    const { client, retries } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await client.whoami();
    sandbox.injectFault({ match: { path: '/accounts' }, fault: { type: 'status', status: 429, retryAfter: '3600' } });
    await assert.rejects(
      client.listAccessTokens(),
      (e: SophosApiError) => e.kind === 'throttled' && e.retryAfterSeconds === 3600,
    );
    assert.deepEqual(retries.sleeps, []);
  });

  const badReplies = [
    { name: 'truncated JSON', fault: { type: 'truncated' } as const, says: /not JSON/ },
    { name: 'wrong field types', fault: { type: 'wrongTypes' } as const, says: /unexpected shape/ },
    { name: 'missing fields', fault: { type: 'missingFields' } as const, says: /unexpected shape/ },
    { name: 'HTML with 200', fault: { type: 'html', status: 200 } as const, says: /HTML page/ },
  ];
  for (const { name, fault, says } of badReplies) {
    it(`refuses a whoami reply with ${name}`, async () => {
      const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
      sandbox.injectFault({ match: { path: '/whoami' }, times: Infinity, fault });
      await assert.rejects(client.whoami(), (e: SophosApiError) => e.kind === 'badReply' && says.test(e.message));
    });
  }

  it('caps a huge reply', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin, { maxResponseBytes: 64 * 1024 });
    sandbox.injectFault({ match: { path: '/whoami' }, fault: { type: 'huge', bytes: 2 * 1024 * 1024 } });
    await assert.rejects(
      client.whoami(),
      (e: SophosApiError) => e.kind === 'badReply' && /larger than 64 kB/.test(e.message),
    );
  });

  it('times out a server that never answers', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin, { totalTimeoutMs: 300 });
    sandbox.injectFault({ match: { path: '/whoami' }, times: Infinity, fault: { type: 'hang' } });
    await assert.rejects(client.whoami(), (e: SophosApiError) => e.kind === 'timeout');
  });

  it('times out a slow drip as a whole', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin, { totalTimeoutMs: 400 });
    sandbox.injectFault({ match: { path: '/whoami' }, times: Infinity, fault: { type: 'drip', intervalMs: 50 } });
    await assert.rejects(client.whoami(), (e: SophosApiError) => e.kind === 'timeout');
  });

  it('stops at once when the caller cancels', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    sandbox.injectFault({ match: { path: '/whoami' }, fault: { type: 'hang' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(client.whoami({ signal: controller.signal }), (e: SophosApiError) => e.kind === 'cancelled');
  });

  it('never revokes on a guess: a same-label token minted by someone else a moment before is kept', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    const other = connect(sandbox, sandbox.clients.tenantSuperAdmin).client;
    // Somebody else's token with the same label, made just before ours (within the Date header's second).
    const theirs = await other.createAccessToken({ label: 'Shared label' });
    sandbox.injectFault({
      match: { method: 'POST', path: '/accounts/v1/access-tokens' },
      fault: { type: 'status', status: 500, afterHandler: true },
    });
    const { token, orphansRevoked, possibleOrphans } = await client.createAccessToken({ label: 'Shared label' });
    assert.deepEqual(orphansRevoked, []);
    assert.equal(possibleOrphans.length, 2, 'their token and our lost one are both candidates');
    assert.ok(possibleOrphans.includes(theirs.token.id));
    const listed = (await client.listAccessTokens()).map((t) => t.id);
    assert.ok(listed.includes(theirs.token.id), 'theirs survives');
    assert.ok(listed.includes(token.id));
    assert.ok(!sandbox.requests.some((r) => r.method === 'DELETE'), 'nothing revoked');
  });

  it('does not count a same-label token from before the create as its orphan (clock read from the Date header)', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await client.createAccessToken({ label: 'Older' });
    // Beyond what the Date header's whole seconds leave uncertain (1 s of truncation and the 1.2 s margin).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    sandbox.injectFault({
      match: { method: 'POST', path: '/accounts/v1/access-tokens' },
      fault: { type: 'status', status: 500, afterHandler: true },
    });
    const { orphansRevoked, possibleOrphans } = await client.createAccessToken({ label: 'Older' });
    assert.equal(orphansRevoked.length, 1, 'only the lost one');
    assert.deepEqual(possibleOrphans, []);
    assert.equal(
      (await client.listAccessTokens()).filter((t) => t.label === 'Older').length,
      2,
      'the older token and the new one',
    );
  });

  it('never repeats a create POST blindly: a 500 after creation revokes the orphan and mints once more', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    sandbox.injectFault({
      match: { method: 'POST', path: '/accounts/v1/access-tokens' },
      fault: { type: 'status', status: 500, afterHandler: true },
    });
    const { token, orphansRevoked } = await client.createAccessToken({ label: 'Ambiguous' });
    assert.equal(orphansRevoked.length, 1);
    assert.notEqual(orphansRevoked[0], token.id);
    assert.deepEqual(
      (await client.listAccessTokens()).map((t) => t.id),
      [token.id],
    );
    assert.deepEqual(requestLines(sandbox).slice(2, 6), [
      'POST global /accounts/v1/access-tokens 500',
      'GET global /accounts/v1/access-tokens 200',
      `DELETE global /accounts/v1/access-tokens/${orphansRevoked[0]} 200`,
      'POST global /accounts/v1/access-tokens 201',
    ]);
  });

  it('mints once more without revoking when the failed create made nothing', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    sandbox.injectFault({
      match: { method: 'POST', path: '/accounts/v1/access-tokens' },
      fault: { type: 'status', status: 503 },
    });
    const { orphansRevoked } = await client.createAccessToken({ label: 'Clean' });
    assert.deepEqual(orphansRevoked, []);
    assert.equal(sandbox.requests.filter((r) => r.method === 'POST' && r.host === 'global').length, 2);
  });

  it('does not retry a throttled create at all', async () => {
    const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    sandbox.injectFault({
      match: { method: 'POST', path: '/accounts/v1/access-tokens' },
      fault: { type: 'status', status: 429, retryAfter: '1' },
    });
    await assert.rejects(
      client.createAccessToken({ label: 'Throttled' }),
      (e: SophosApiError) => e.kind === 'throttled',
    );
    assert.equal(sandbox.requests.filter((r) => r.method === 'POST' && r.host === 'global').length, 1);
  });

  const invalidCreates = [
    { label: '', says: /Enter a label/ },
    { label: 'x'.repeat(51), says: /51 characters/ },
    { label: 'semi;colon', says: /";" is not allowed/ },
    { label: 'ok', expiresAt: '2001-01-01', says: /in the past/ },
    { label: 'ok', expiresAt: 'next tuesday', says: /not an ISO-8601 date/ },
    { label: 'ok', tenantId: 'not-a-uuid', says: /tenant ID is a UUID/ },
  ];
  for (const input of invalidCreates) {
    it(`rejects ${JSON.stringify(input.label).slice(0, 20)} ${input.expiresAt ?? input.tenantId ?? ''} before any request`, async () => {
      const { client } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
      await assert.rejects(
        client.createAccessToken(input),
        (e: SophosApiError) => e.kind === 'invalidInput' && input.says.test(e.message),
      );
      assert.equal(sandbox.requests.length, 0);
    });
  }

  it('reuses one kept-alive connection per host', async () => {
    const { client, transport } = connect(sandbox, sandbox.clients.tenantSuperAdmin);
    await client.createAccessToken({ label: 'one' });
    await client.createAccessToken({ label: 'two' });
    await client.listAccessTokens();
    assert.equal(transport.connectionsOpened, 2, 'one to Sophos ID, one to the global API');
  });
});
