import assert from 'node:assert/strict';
import { invalidInput, type HttpRequest, type HttpTransport } from '../../../src/core/api';
import { UndiciTransport } from '../../../src/core/api/undici-transport';
import { FailingTransport, LazyTransport } from '../../../src/extension/lazy-transport';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

describe('LazyTransport: the extension builds its transport at the first request, and again after a setting changes', () => {
  let sandbox: Sandbox;
  let request: HttpRequest;
  before(async () => {
    sandbox = await startSandbox();
    request = { method: 'GET', url: `${sandbox.apiUrl}/whoami/v1`, headers: {} };
  });
  after(() => sandbox.close());

  /** A builder that records each transport it builds; `gate` holds a build until the test opens it. */
  function builder() {
    const built: HttpTransport[] = [];
    let gate: Promise<void> = Promise.resolve();
    return {
      built,
      hold(): () => void {
        let open!: () => void;
        gate = new Promise((resolve) => (open = resolve));
        return open;
      },
      build: async () => {
        await gate;
        const transport = new UndiciTransport();
        built.push(transport);
        return transport;
      },
    };
  }

  it('builds nothing until a request, then one transport for every request', async () => {
    const transports = builder();
    const lazy = new LazyTransport(transports.build);
    try {
      assert.equal(transports.built.length, 0, 'nothing built at construction');
      const replies = await Promise.all([lazy.send(request), lazy.send(request), lazy.send(request)]);
      assert.deepEqual(
        replies.map((reply) => reply.status),
        [401, 401, 401],
      );
      assert.equal(transports.built.length, 1);
    } finally {
      await lazy.close();
    }
  });

  it('after rebuild(), requests wait for the new transport and the old one is closed', async () => {
    const transports = builder();
    const lazy = new LazyTransport(transports.build);
    try {
      await lazy.send(request);
      lazy.rebuild();
      const open = transports.hold();
      const pending = lazy.send(request);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(transports.built.length, 1, 'the new one is still being built');
      open();
      assert.equal((await pending).status, 401);
      assert.equal(transports.built.length, 2);
      assert.equal(lazy.connectionsOpened, 2, 'one connection per transport');
      await assert.rejects(transports.built[0]!.send(request), /closed|destroyed/i, 'the old transport is closed');
    } finally {
      await lazy.close();
    }
  });

  it('a build that fails is tried again by the next request; a FailingTransport fails every request', async () => {
    let attempts = 0;
    const lazy = new LazyTransport(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('the CA file moved');
      return new FailingTransport(invalidInput('http.proxy is not a usable proxy URL.'));
    });
    await assert.rejects(lazy.send(request), /the CA file moved/);
    await assert.rejects(lazy.send(request), /http\.proxy is not a usable proxy URL/);
    await assert.rejects(lazy.send(request), /http\.proxy is not a usable proxy URL/);
    assert.equal(attempts, 2);
    await lazy.close();
    await assert.rejects(lazy.send(request), /closed/);
  });

  it('preconnect builds the transport and passes the hint on', async () => {
    const hinted: string[] = [];
    const lazy = new LazyTransport(async () => ({
      connectionsOpened: 0,
      send: async () => ({ status: 200, headers: {}, body: '' }),
      preconnect: (url: string) => void hinted.push(url),
      close: async () => undefined,
    }));
    lazy.preconnect(request.url);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(hinted, [request.url]);
    await lazy.close();
  });
});
