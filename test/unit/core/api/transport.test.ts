import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { SophosApiError } from '../../../../src/core/api';
import { UndiciTransport } from '../../../../src/core/api/undici-transport';

describe('UndiciTransport', () => {
  it('reports a refused connection as a network failure naming the host', async () => {
    const port = await closedPort();
    const transport = new UndiciTransport();
    try {
      await assert.rejects(
        transport.send({ method: 'GET', url: `http://127.0.0.1:${port}/whoami/v1`, headers: {} }),
        (e: SophosApiError) => {
          assert.equal(e.kind, 'network');
          assert.match(e.message, new RegExp(`127.0.0.1:${port} refused the connection`));
          return true;
        },
      );
    } finally {
      await transport.close();
    }
  });

  it('refuses to start a request already cancelled', async () => {
    const transport = new UndiciTransport();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      transport.send({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {}, signal: controller.signal }),
      (e: SophosApiError) => e.kind === 'cancelled',
    );
    await transport.close();
  });
});

/** A port nothing listens on: bind one, then close it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
