import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { clientFor } from '../../../support/api';
import { startProxy, type TestProxy } from '../../../support/proxy';

/** TLS connections per host since `before`. */
function since(sandbox: Sandbox, before: Sandbox['tlsConnections']) {
  const now = sandbox.tlsConnections;
  return { id: now.id - before.id, global: now.global - before.global, region: now.region - before.region };
}

/** Polls until `condition` holds or `withinMs` passes; true when it held in time. */
async function until(condition: () => boolean, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await sleep(2)) if (condition()) return true;
  return condition();
}

describe('a cold sign-in connects to the API host while the token request is in flight', () => {
  let sandbox: Sandbox;
  let proxy: TestProxy;
  // Long enough for a TLS handshake on a busy machine: the reply to the token request comes no sooner.
  const latencyMs = 800;
  before(async () => {
    [sandbox, proxy] = await Promise.all([startSandbox({ tls: true }), startProxy()]);
  });
  afterEach(() => sandbox.reset());
  after(() => Promise.all([sandbox.close(), proxy.close()]));

  it('over TLS: the handshake is done before the token arrives, and whoami and create use that connection', async () => {
    sandbox.setLatency(latencyMs);
    const before = { ...sandbox.tlsConnections };
    const { client, transport } = clientFor(sandbox, sandbox.clients.tenantSuperAdmin, {
      network: { extraCaPem: [sandbox.caPem!] },
    });
    try {
      const created = client.createAccessToken({ label: 'Preconnected' });
      assert.ok(await until(() => since(sandbox, before).global === 1, 4 * latencyMs), 'the API host was connected');
      assert.deepEqual(
        sandbox.requests.map((request) => [request.path, request.status]),
        [['/api/v2/oauth2/token', 0]],
        'the token request was still waiting for its reply (status 0: none sent yet)',
      );
      await created;
      assert.deepEqual(
        sandbox.requests.map((request) => request.path),
        ['/api/v2/oauth2/token', '/whoami/v1', '/accounts/v1/access-tokens'],
      );
      assert.deepEqual(since(sandbox, before), { id: 1, global: 1, region: 0 }, 'one connection per host');
      assert.equal(transport.connectionsOpened, 2);
    } finally {
      await transport.close();
    }
  });

  it("not again once signed in, and not through a proxy (the tunnel is undici's)", async () => {
    const before = { ...sandbox.tlsConnections };
    const { client, transport } = clientFor(sandbox, sandbox.clients.tenantSuperAdmin, {
      network: { extraCaPem: [sandbox.caPem!] },
    });
    try {
      await client.whoami();
      await client.createAccessToken({ label: 'Warm' });
      assert.deepEqual(since(sandbox, before), { id: 1, global: 1, region: 0 });
    } finally {
      await transport.close();
    }
    const proxied = clientFor(sandbox, sandbox.clients.tenantSuperAdmin, {
      network: { extraCaPem: [sandbox.caPem!], proxy: { url: proxy.url } },
    });
    try {
      await proxied.client.whoami();
      assert.deepEqual(
        proxy.connects.map((connect) => connect.status),
        [200, 200],
        'one tunnel per host, none opened ahead',
      );
    } finally {
      await proxied.transport.close();
    }
  });

  it('a sign-in that fails leaves no connection open once the transport closes', async () => {
    const { client, transport } = clientFor(
      sandbox,
      { clientId: sandbox.clients.tenantSuperAdmin.clientId, clientSecret: 'wrong' },
      {
        network: { extraCaPem: [sandbox.caPem!] },
      },
    );
    const sockets = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
    const before = sockets();
    const connections = { ...sandbox.tlsConnections };
    await assert.rejects(client.whoami(), { kind: 'auth' });
    assert.equal(since(sandbox, connections).global, 1, 'the API host was connected ahead');
    await transport.close();
    assert.ok(
      await until(() => sockets() === before, 1000),
      'the connection opened ahead is closed with the transport',
    );
  });
});
