import assert from 'node:assert/strict';
import { clampTokenLifetimeSeconds, maxTimeoutMs, safeTimeoutMs } from '../../../../src/core/api';
import { longTokenLifetimeSeconds, startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { clientFor } from '../../../support/api';

describe('token lifetimes and timers', () => {
  const lifetimes: [number, number][] = [
    [3600, 3600],
    [86_400, 86_400],
    [2_592_000, 86_400],
    [Infinity, 86_400],
    [60, 60],
    [1, 60],
    [0, 60],
    [-5, 60],
    [Number.NaN, 60],
  ];
  for (const [given, kept] of lifetimes)
    it(`clamps expires_in ${given} to ${kept} s`, () => assert.equal(clampTokenLifetimeSeconds(given), kept));

  const delays: [number, number][] = [
    [1_000, 1_000],
    [0, 0],
    [-1, 0],
    [Number.NaN, 0],
    [2 ** 31 - 1, 2 ** 31 - 1],
    [2 ** 31, 2 ** 31 - 1],
    [30 * 86_400_000, 2 ** 31 - 1],
    [Infinity, 2 ** 31 - 1],
  ];
  for (const [given, kept] of delays)
    it(`keeps a timer delay of ${given} ms at ${kept} ms`, () => assert.equal(safeTimeoutMs(given), kept));

  it('a timer set from the clamped delay waits rather than firing at once', async () => {
    assert.equal(maxTimeoutMs, 2 ** 31 - 1);
    let fired = false;
    const timer = setTimeout(() => (fired = true), safeTimeoutMs(30 * 86_400_000));
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearTimeout(timer);
    assert.equal(fired, false);
  });

  describe('against a server that claims a 30-day bearer', () => {
    let sandbox: Sandbox;
    before(async () => (sandbox = await startSandbox()));
    after(() => sandbox.close());

    it('keeps the bearer for a day at most', async () => {
      sandbox.injectFault({ match: { host: 'id' }, fault: { type: 'longTokenLifetime' } });
      const now = Date.parse('2026-11-24T12:00:00Z');
      const { client, transport } = clientFor(sandbox, sandbox.clients.tenantSuperAdmin, { now: () => now });
      try {
        await client.whoami();
        assert.equal(longTokenLifetimeSeconds, 2_592_000);
        assert.equal((await client.auth.signIn()).expiresAt, now + 86_400_000);
      } finally {
        await transport.close();
      }
    });
  });
});
