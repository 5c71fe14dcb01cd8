import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bridgeProtocolVersion,
  refusal,
  type BridgeReply,
  type BridgeRequest,
} from '../../../src/core/bridge/protocol';
import { BridgeServer, planBridgeChannel, type BridgeChannel } from '../../../src/core/bridge/server';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { clientFor } from '../../support/api';
import { runCliInProcess } from '../../support/cli';

/** The CLI in a VS Code terminal: no credential of its own, a bridge that lends a bearer token from the sandbox. */
describe('sophos-central CLI over the terminal bridge', () => {
  let sandbox: Sandbox;
  let base: string;
  let channel: BridgeChannel;
  let server: BridgeServer;
  let requests: BridgeRequest[];
  let answer: (request: BridgeRequest) => Promise<BridgeReply>;

  before(async () => {
    sandbox = await startSandbox();
    base = await mkdtemp(join(tmpdir(), 'sophos-cli-bridge-'));
    channel = planBridgeChannel('linux', { XDG_RUNTIME_DIR: base });
    server = await BridgeServer.start(channel, (request) => (requests.push(request), answer(request)));
  });
  beforeEach(() => {
    requests = [];
    answer = () => lend(sandbox.clients.tenantSuperAdmin);
  });
  afterEach(() => sandbox.reset());
  after(async () => {
    await server.close();
    await sandbox.close();
    await rm(base, { recursive: true, force: true });
  });

  /** What the extension answers: a real bearer and whoami of the demo credential, never its secret. */
  async function lend(demo: Sandbox['clients']['tenantSuperAdmin'], tenantId?: string): Promise<BridgeReply> {
    const { client, transport } = clientFor(sandbox, demo);
    try {
      const signedIn = await client.auth.signIn();
      const whoami = await client.whoami();
      return {
        v: bridgeProtocolVersion,
        ok: true,
        token: signedIn.token,
        expiresAt: signedIn.expiresAt,
        credential: 'Acme',
        clientId: demo.clientId,
        idType: whoami.idType,
        id: whoami.id,
        apiUrl: sandbox.apiUrl,
        ...(tenantId ? { tenantId } : {}),
      };
    } finally {
      await transport.close();
    }
  }

  // No profile applies (an empty config folder), so the CLI turns to the bridge.
  const inTerminal = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    XDG_CONFIG_HOME: base,
    SOPHOS_CENTRAL_BRIDGE: channel.path,
    SOPHOS_CENTRAL_BRIDGE_NONCE: channel.nonce,
    ...extra,
  });

  it('lists the tenant’s tokens with the bearer the extension lends, at the extension’s API host', async () => {
    const minted = await runCliInProcess(
      ['sls-token', 'create', '--label', 'From the terminal'],
      inTerminal({ SOPHOS_API_URL: 'https://elsewhere.invalid' }),
    );
    assert.equal(minted.code, 0, minted.stderr);
    const listed = await runCliInProcess(['sls-token', 'list', '--credential', 'Acme'], inTerminal());
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /From the terminal/);
    assert.equal(requests.at(-1)?.credential, 'Acme');
    assert.ok(requests.at(-1)!.processes.includes(process.pid));
    // One whoami per lend, made by the "extension": the CLI got it with the bearer and asked for none.
    const whoamis = sandbox.requests.filter((request) => request.path.startsWith('/whoami'));
    assert.equal(whoamis.length, requests.length);
  });

  it('acts on the tenant the extension names for a partner, unless --tenant says otherwise', async () => {
    const partner = sandbox.clients.partner;
    const tenant = partner.tenants![0]!;
    answer = () => lend(partner, tenant.id);
    // Without the lent tenant a partner's list is refused before any request ("choose the tenant").
    const listed = await runCliInProcess(['--json', 'sls-token', 'list'], inTerminal());
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(sandbox.requests.some((request) => request.headers.includes('x-tenant-id')));
    await runCliInProcess(['sls-token', 'list', '--tenant', partner.tenants![1]!.id], inTerminal());
    assert.equal(requests.at(-1)?.tenant, partner.tenants![1]!.id);
  });

  const failures: [string, () => void, NodeJS.ProcessEnv | (() => NodeJS.ProcessEnv), RegExp][] = [
    [
      'a denied prompt',
      () => (answer = async () => refusal('denied', 'You did not allow it.')),
      inTerminal,
      /You did not allow it/,
    ],
    [
      'a prompt already open',
      () => (answer = async () => refusal('busy', 'VS Code is already asking.')),
      inTerminal,
      /already asking/,
    ],
    [
      'a wrong nonce',
      () => undefined,
      () => inTerminal({ SOPHOS_CENTRAL_BRIDGE_NONCE: '0'.repeat(64) }),
      /nonce does not match/,
    ],
    [
      'a missing nonce',
      () => undefined,
      () => ({ XDG_CONFIG_HOME: base, SOPHOS_CENTRAL_BRIDGE: channel.path }),
      /SOPHOS_CENTRAL_BRIDGE_NONCE is not: open a new VS Code terminal/,
    ],
    [
      'a dead channel',
      () => undefined,
      () => inTerminal({ SOPHOS_CENTRAL_BRIDGE: join(base, 'gone.sock') }),
      /does not answer \(ENOENT\)/,
    ],
  ];
  for (const [what, arrange, env, message] of failures) {
    it(`exits 3 with a clear message on ${what}`, async () => {
      arrange();
      const run = await runCliInProcess(['sls-token', 'list'], typeof env === 'function' ? env() : env);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /^error: /);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  it('prefers the environment’s own credential, and refuses --credential outside a terminal', async () => {
    const demo = sandbox.clients.tenantSuperAdmin;
    const own = {
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
      SOPHOS_CLIENT_ID: demo.clientId,
      SOPHOS_CLIENT_SECRET: demo.clientSecret,
    };
    const run = await runCliInProcess(['whoami'], inTerminal(own));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(requests.length, 0);
    const outside = await runCliInProcess(['whoami', '--credential', 'Acme'], { XDG_CONFIG_HOME: base });
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /works in a VS Code terminal/);
  });
});
