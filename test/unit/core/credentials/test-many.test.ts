import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../support/memory-storage';
import { SophosApiError, type HttpRequest, type HttpResponse, type HttpTransport } from '../../../../src/core/api';
import { UndiciTransport } from '../../../../src/core/api/undici-transport';
import { Credentials } from '../../../../src/core/credentials';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { credentialsAgainst } from '../../../support/credentials';

/** Counts requests in flight at once: the bound testMany promises. */
class CountingTransport implements HttpTransport {
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly inner: HttpTransport) {}
  get connectionsOpened(): number {
    return this.inner.connectionsOpened;
  }
  async send(request: HttpRequest): Promise<HttpResponse> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      return await this.inner.send(request);
    } finally {
      this.inFlight -= 1;
    }
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('Credentials.testMany', () => {
  let sandbox: Sandbox;
  let transport: CountingTransport;
  let credentials: Credentials;

  before(async () => {
    sandbox = await startSandbox({ latencyMs: 20 });
  });
  beforeEach(() => {
    transport = new CountingTransport(new UndiciTransport({ totalTimeoutMs: 5_000 }));
    const storage = new MemoryStorage();
    credentials = credentialsAgainst(sandbox, transport, storage);
  });
  afterEach(async () => {
    sandbox.reset();
    await transport.close();
  });
  after(() => sandbox.close());

  async function addMany(count: number, wrongAt: number[] = []): Promise<string[]> {
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const secret = wrongAt.includes(i) ? 'not-the-secret' : clientSecret;
      ids.push(
        (await credentials.add({ name: `Health ${i}`, role: 'superAdmin', clientId, createdOn: '2026-01-01' }, secret))
          .id,
      );
    }
    return ids;
  }

  for (const concurrency of [1, 3]) {
    it(`tests every credential with at most ${concurrency} in flight, reaching that bound`, async () => {
      const ids = await addMany(7);
      const results = await credentials.testMany(ids, { concurrency });
      assert.deepEqual(
        results.map((r) => [r.id, r.ok]),
        ids.map((id) => [id, true]),
      );
      assert.equal(transport.maxInFlight, concurrency);
      assert.equal(sandbox.requests.filter((r) => r.path.startsWith('/whoami')).length, 7, 'one real whoami each');
      for (const id of ids) assert.equal(credentials.require(id).lastTest?.ok, true);
    });
  }

  it('reports a failing credential in its own entry and tests the others', async () => {
    const ids = await addMany(5, [2]);
    const results = await credentials.testMany(ids, { concurrency: 2 });
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, true, false, true, true],
    );
    const failed = results[2]!;
    assert.ok(!failed.ok && failed.error instanceof SophosApiError && failed.error.kind === 'auth');
    assert.equal(credentials.require(ids[2]!).lastTest?.ok, false);
  });

  it('refuses a concurrency that is not a positive whole number', async () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(credentials.testMany([], { concurrency }), /concurrency/);
    }
    assert.deepEqual(await credentials.testMany([]), []);
  });
});
