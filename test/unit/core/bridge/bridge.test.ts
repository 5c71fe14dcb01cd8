import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { ancestryOf, processAncestry } from '../../../../src/core/bridge/ancestry';
import { BridgeFailure, bridgeFromEnvironment, requestBridgeToken } from '../../../../src/core/bridge/client';
import {
  bridgeProtocolVersion,
  refusal,
  type BridgeReply,
  type BridgeRequest,
} from '../../../../src/core/bridge/protocol';
import { BridgeServer, planBridgeChannel, type BridgeChannel } from '../../../../src/core/bridge/server';

const grant: BridgeReply = {
  v: bridgeProtocolVersion,
  ok: true,
  token: 'bearer-123',
  expiresAt: Date.now() + 3_600_000,
  credential: 'Acme',
  clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae1',
  idType: 'tenant',
  id: '11111111-2222-4333-8444-555555555555',
  apiUrl: 'https://api.central.sophos.com',
};

describe('terminal bridge protocol', () => {
  let base: string;
  let channel: BridgeChannel;
  let server: BridgeServer | undefined;
  let seen: BridgeRequest[];
  let reply: (request: BridgeRequest) => Promise<BridgeReply>;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'sophos-bridge-'));
    channel = planBridgeChannel('linux', { XDG_RUNTIME_DIR: base });
    seen = [];
    reply = async () => grant;
    server = await BridgeServer.start(channel, async (request) => (seen.push(request), reply(request)));
  });
  afterEach(async () => {
    await server?.close();
    await rm(base, { recursive: true, force: true });
  });

  const address = () => ({ path: channel.path, nonce: channel.nonce });

  it('keeps the socket in a folder only the user can open', async () => {
    assert.equal((await stat(channel.folder!)).mode & 0o777, 0o700);
    assert.equal((await stat(channel.path)).mode & 0o777, 0o600);
    assert.match(channel.nonce, /^[0-9a-f]{64}$/);
  });

  it('answers a request with the handler’s grant, telling it the credential, tenant and processes', async () => {
    const answer = await requestBridgeToken(address(), { credential: 'Acme', tenant: 't-1' }, { processes: [42, 7] });
    assert.equal(answer.token, 'bearer-123');
    assert.deepEqual(seen, [
      { v: 1, nonce: channel.nonce, type: 'token', credential: 'Acme', tenant: 't-1', processes: [42, 7] },
    ]);
  });

  it('refuses a wrong nonce before the handler sees the request', async () => {
    const wrong = { path: channel.path, nonce: 'f'.repeat(64) };
    const failure = await requestBridgeToken(wrong, {}, { processes: [1] }).catch((error: unknown) => error);
    assert.ok(failure instanceof BridgeFailure);
    assert.equal(failure.code, 'nonce');
    assert.match(failure.message, /nonce does not match/);
    assert.equal(seen.length, 0);
  });

  it('passes the extension’s refusals on: denied, busy', async () => {
    for (const code of ['denied', 'busy'] as const) {
      reply = async () => refusal(code, `refused: ${code}`);
      const failure = await requestBridgeToken(address(), {}, { processes: [1] }).catch((error: unknown) => error);
      assert.ok(failure instanceof BridgeFailure);
      assert.equal(failure.code, code);
      assert.equal(failure.message, `refused: ${code}`);
    }
  });

  it('turns a handler that throws into a refusal, not a hang', async () => {
    reply = async () => {
      throw new Error('state unreadable');
    };
    await assert.rejects(requestBridgeToken(address(), {}, { processes: [1] }), { code: 'failed' });
  });

  it('says the channel is dead when nobody listens any more', async () => {
    await server!.close();
    server = undefined;
    const failure = await requestBridgeToken(address(), {}, { processes: [1] }).catch((error: unknown) => error);
    assert.ok(failure instanceof BridgeFailure);
    assert.equal(failure.code, 'channel');
    assert.match(failure.message, /does not answer \((ENOENT|ECONNREFUSED)\).*Open a new terminal/);
  });

  it('refuses a request that is not the protocol, and drops an endless line', async () => {
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(channel.path, () => socket.write(text));
        let received = '';
        socket.on('data', (chunk) => (received += chunk));
        socket.on('close', () => resolve(received));
        socket.on('error', () => resolve(received));
      });
    const wrongType = JSON.parse(await raw(`${JSON.stringify({ v: 1, nonce: channel.nonce, type: 'secret' })}\n`));
    assert.equal(wrongType.code, 'request');
    assert.equal(await raw('x'.repeat(20_000)), '');
    assert.equal(seen.length, 0);
  });

  it('refuses to reuse a folder that already exists', async () => {
    const taken = planBridgeChannel('linux', { XDG_RUNTIME_DIR: base });
    await mkdir(taken.folder!);
    await assert.rejects(
      BridgeServer.start(taken, async () => grant),
      (error: NodeJS.ErrnoException) => error.code === 'EEXIST',
    );
  });
});

describe('terminal bridge environment', () => {
  it('is absent outside a VS Code terminal, and a path without its nonce is an error', () => {
    assert.equal(bridgeFromEnvironment({}), undefined);
    assert.throws(() => bridgeFromEnvironment({ SOPHOS_CENTRAL_BRIDGE: '/tmp/x.sock' }), {
      code: 'nonce',
      message: /SOPHOS_CENTRAL_BRIDGE_NONCE is not/,
    });
  });

  it('names a Windows pipe, and a fresh channel each time', () => {
    const pipe = planBridgeChannel('win32', {});
    assert.match(pipe.path, /^\\\\\.\\pipe\\sophos-central-[0-9a-f]{24}$/);
    assert.equal(pipe.folder, undefined);
    assert.notEqual(planBridgeChannel('linux', {}).nonce, planBridgeChannel('linux', {}).nonce);
  });

  it('walks the process chain, whatever the command names hold', () => {
    const stats: Record<number, string> = {
      10: '10 (a) b (c)) S 20 1 1',
      20: '20 (bash) S 30 1 1',
      30: '30 (code) S 1 1 1',
    };
    assert.deepEqual(
      processAncestry(5, 10, (pid) => stats[pid]),
      [5, 10, 20, 30],
    );
    assert.deepEqual(
      processAncestry(5, 10, () => undefined),
      [5, 10],
    );
  });

  it('reads a process chain from /proc itself, whatever chain a client claims', function () {
    if (process.platform !== 'linux') this.skip();
    // This process: its own /proc chain ends in what Node says its parent is.
    const chain = ancestryOf(process.pid)!;
    assert.deepEqual(chain.slice(0, 2), [process.pid, process.ppid]);
    // A process that does not exist has no chain: a claim naming it finds no terminal.
    assert.equal(ancestryOf(2 ** 22 + 12345), undefined);
    const stats: Record<number, string> = { 7: '7 (cli) S 20 1 1', 20: '20 (bash) S 1 1 1' };
    assert.deepEqual(
      ancestryOf(7, (pid) => stats[pid]),
      [7, 20],
    );
  });
});
