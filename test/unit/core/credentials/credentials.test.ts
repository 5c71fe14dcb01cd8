import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../support/memory-storage';
import { SophosApiError } from '../../../../src/core/api';
import { UndiciTransport } from '../../../../src/core/api/undici-transport';
import {
  Credentials,
  SuspendedCredentialError,
  UsageLog,
  addDays,
  clientSecretKey,
  integrationSecretKey,
  type SecretVault,
  type SignedIn,
} from '../../../../src/core/credentials';
import { stateKey } from '../../../../src/core/credentials/journaled-state';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { credentialsAgainst } from '../../../support/credentials';

describe('Credentials against the sandbox', () => {
  let sandbox: Sandbox;
  let transport: UndiciTransport;
  let storage: MemoryStorage;
  let credentials: Credentials;
  let usage: UsageLog;
  let clock: number;

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    storage = new MemoryStorage();
    usage = new UsageLog(storage, 0);
    clock = Date.now();
    credentials = open(storage, storage, () => clock, usage);
  });
  const open = (vault: SecretVault, state: MemoryStorage, now?: () => number, log?: UsageLog) =>
    credentialsAgainst(sandbox, transport, state, { vault, ...(now ? { now } : {}), ...(log ? { usage: log } : {}) });
  afterEach(async () => {
    sandbox.reset();
    await transport.close();
  });
  after(() => sandbox.close());

  const add = (client: { clientId: string; clientSecret: string }, name = 'Acme', signedIn?: SignedIn) =>
    credentials.add(
      {
        name,
        role: 'superAdmin',
        clientId: client.clientId,
        createdOn: '2026-01-01',
        addedAt: '2026-01-01T00:00:00.000Z',
      },
      client.clientSecret,
      signedIn,
    );

  it('tests a credential for real and records tenant, region and the result', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    const { whoami } = await credentials.test(credential.id);
    assert.equal(whoami.id, sandbox.clients.tenantSuperAdmin.id);
    const saved = credentials.require(credential.id);
    assert.deepEqual(saved.whoami, { id: whoami.id, idType: 'tenant', dataRegionUrl: sandbox.regionUrl });
    assert.equal(saved.lastTest?.ok, true);
    await credentials.test(credential.id);
    assert.equal(
      sandbox.requests.filter((r) => r.path.startsWith('/api/v2/oauth2/token')).length,
      2,
      'each test signs in again',
    );
  });

  it('records a failed test with its message, and the secret is never in state', async () => {
    const credential = await add({ ...sandbox.clients.tenantSuperAdmin, clientSecret: 'wrong-secret-value' });
    await assert.rejects(credentials.test(credential.id), (e: SophosApiError) => e.kind === 'auth');
    const saved = credentials.require(credential.id);
    assert.equal(saved.lastTest?.ok, false);
    assert.match(saved.lastTest?.message ?? '', /Client Secret/);
    assert.ok(!JSON.stringify(storage.values.get(stateKey)).includes('wrong-secret-value'));
  });

  it('mints warm after a test (one request), keeps the value in the vault, and revokes', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    await credentials.test(credential.id);
    const before = sandbox.requests.length; // reset() would also revoke the sandbox's bearer tokens
    const minted = await credentials.tokens.mint(credential.id, { label: 'CI runner' });
    assert.deepEqual(
      sandbox.requests.slice(before).map((r) => `${r.method} ${r.path.split('?')[0]}`),
      ['POST /accounts/v1/access-tokens'],
    );
    assert.match(minted.value, /^SLS-/);
    assert.equal(await credentials.tokens.value(minted.token.id), minted.value);
    const listing = await credentials.tokens.listInCentral(credential.id);
    assert.ok(listing.tokens.some((t) => t.id === minted.token.id && t.valueStored));
    await credentials.tokens.revoke(credential.id, minted.token.id);
    assert.equal(await credentials.tokens.value(minted.token.id), undefined);
    assert.ok(!(await credentials.tokens.listInCentral(credential.id)).tokens.some((t) => t.id === minted.token.id));
  });

  it('still hands over the value when the vault refuses it', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    storage.failSecretWrites = true;
    const minted = await credentials.tokens.mint(credential.id, { label: 'Vault down' });
    assert.match(minted.value, /^SLS-/);
    assert.match(String((minted.storeError as Error).message), /keyring/);
    assert.equal(credentials.tokens.stored(credential.id).length, 0, 'no metadata without its value');
  });

  it('acts on the tenant a partner chose, and asks for one when none is chosen', async () => {
    const credential = await add(sandbox.clients.partner, 'Partner');
    await credentials.test(credential.id);
    await assert.rejects(
      credentials.tokens.mint(credential.id, { label: 'x' }),
      (e: SophosApiError) => e.kind === 'invalidInput' && /choose the tenant/.test(e.message),
    );
    const tenants = await credentials.tenants(credential.id);
    assert.equal(tenants.length, 7, 'every page');
    await credentials.chooseTenant(credential.id, tenants[4]!);
    const listing = await credentials.tokens.listInCentral(credential.id);
    assert.equal(listing.tenantId, tenants[4]!.id);
    const list = sandbox.requests.find((r) => r.method === 'GET' && r.path.startsWith('/accounts'));
    assert.ok(list?.headers.includes('x-tenant-id'));
    // The SLS guide asks for a tenant's own credential: Sophos refuses a partner's mint, and the message says why.
    await assert.rejects(credentials.tokens.mint(credential.id, { label: 'Partner token' }), (e: SophosApiError) => {
      assert.equal(e.kind, 'forbidden');
      assert.match(e.message, /Central Admin \(tenant\) dashboard, not a partner or enterprise one/);
      assert.match(e.message, /Partner Assistance is turned off/);
      assert.equal(e.scope?.id, tenants[4]!.id);
      return true;
    });
  });

  it('forgets a token Sophos no longer knows, and says so', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    const minted = await credentials.tokens.mint(credential.id, { label: 'Gone' });
    // Revoked elsewhere: another machine holding the same credential.
    const elsewhere = new MemoryStorage();
    const other = open(elsewhere, elsewhere);
    const there = await other.add(
      {
        name: 'Acme',
        role: 'superAdmin',
        clientId: sandbox.clients.tenantSuperAdmin.clientId,
        createdOn: '2026-01-01',
      },
      sandbox.clients.tenantSuperAdmin.clientSecret,
    );
    await other.tokens.revoke(there.id, minted.token.id);
    await assert.rejects(
      credentials.tokens.revoke(credential.id, minted.token.id),
      (e: SophosApiError) => e.kind === 'notFound',
    );
    assert.equal(credentials.tokens.record(minted.token.id), undefined);
  });

  it('refuses with a clear message when the secret is missing from the vault', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    storage.secrets.clear();
    await assert.rejects(
      credentials.test(credential.id),
      (e: SophosApiError) => e.kind === 'invalidInput' && /enter the secret again/.test(e.message),
    );
    assert.equal(sandbox.requests.length, 0);
  });

  it("logs every request per credential, the wizard's sign-in included, with no secret", async () => {
    const signedIn = await credentials.trySecret(
      sandbox.clients.tenantSuperAdmin.clientId,
      sandbox.clients.tenantSuperAdmin.clientSecret,
      { feature: 'Connection test' },
    );
    const credential = await add(sandbox.clients.tenantSuperAdmin, 'Acme', signedIn);
    await credentials.tokens.mint(credential.id, { label: 'Logged' });
    const events = usage.summary(credential.id).events;
    assert.deepEqual(
      events.map((e) => `${e.feature} ${e.method} ${e.status}`),
      ['Connection test POST 200', 'Connection test GET 200', 'SLS token POST 201'],
    );
    assert.ok(events.every((e) => e.latencyMs >= 0));
    const text = JSON.stringify(events);
    assert.ok(!text.includes(sandbox.clients.tenantSuperAdmin.clientSecret) && !/Bearer|SLS-/.test(text));
  });

  it('refuses every use of a suspended credential before any request, until unsuspended', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    await credentials.lifecycle.suspend(credential.id);
    for (const use of [
      () => credentials.test(credential.id),
      () => credentials.tokens.mint(credential.id, { label: 'x' }),
      () => credentials.tokens.listInCentral(credential.id),
    ]) {
      await assert.rejects(use(), SuspendedCredentialError);
    }
    assert.equal(sandbox.requests.length, 0);
    const unsuspended = await credentials.lifecycle.unsuspend(credential.id);
    assert.ok(unsuspended.unsuspendedAt, 'unsuspending resets the inactivity timer');
    await credentials.tokens.mint(credential.id, { label: 'Back' });
  });

  it('never suspends, purges or warns of inactivity for an API credential; warns of its expiry', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    clock = Date.parse('2028-06-01T12:00:00Z'); // two and a half years unused here
    const sweep = await credentials.lifecycle.sweep();
    assert.deepEqual([sweep.suspended, sweep.warnings], [[], []]);
    assert.equal(credentials.require(credential.id).suspended, undefined);
    assert.equal(await storage.get(clientSecretKey(credential.id)), sandbox.clients.tenantSuperAdmin.clientSecret);
    clock = Date.parse('2028-12-02T12:00:00Z'); // 30 days before created + 36 months
    assert.deepEqual(
      (await credentials.lifecycle.sweep()).warnings.map(
        (w) => `${w.warning.kind}:${w.warning.threshold}:${w.warning.on}`,
      ),
      ['expiry:30:2029-01-01'],
    );
    await assert.rejects(credentials.lifecycle.resetInactivity(credential.id), /no inactivity limit/);
    await assert.rejects(
      credentials.lifecycle.setInactivityPolicy(credential.id, { suspendAfterDays: 365, purgeAfterDays: 730 }),
      /no inactivity limit/,
    );
  });

  it('an API credential expires on the day Sophos Central shows when one was entered', async () => {
    const credential = await credentials.add(
      {
        name: 'Short',
        role: 'superAdmin',
        clientId: sandbox.clients.tenantSuperAdmin.clientId,
        createdOn: '2026-01-01',
        expiresOn: '2027-01-01',
        addedAt: '2026-01-01T00:00:00.000Z',
      },
      's',
    );
    clock = Date.parse('2026-12-25T12:00:00Z');
    const sweep = await credentials.lifecycle.sweep();
    assert.deepEqual(
      sweep.warnings.map((w) => `${w.credential.id} ${w.warning.kind}:${w.warning.threshold}:${w.warning.on}`),
      [`${credential.id} expiry:7:2027-01-01`],
    );
  });

  const okta = (extra: object = {}) =>
    credentials.addIntegration(
      {
        name: 'Okta',
        typeId: 'oktaApiToken',
        permissions: 'read',
        integrations: ['Data Ingestion'],
        values: { url: 'https://acme.okta.com' },
        acknowledgedAt: '2029-12-01T00:00:00Z',
        addedAt: '2029-12-01T00:00:00Z',
        ...extra,
      },
      { apiToken: 'okta-secret' },
    );
  const day = (offset: number) => Date.parse(`${addDays('2029-12-01', offset)}T12:00:00Z`);

  it('an integration credential: warned, suspended at its limit, then probably purged in Sophos Central, never deleted', async () => {
    const entry = await okta();
    clock = day(182 - 90);
    assert.deepEqual(
      (await credentials.lifecycle.sweep()).warnings.map((w) => `${w.warning.kind}:${w.warning.threshold}`),
      ['suspension:90'],
    );
    assert.deepEqual((await credentials.lifecycle.sweep()).warnings, [], 'not repeated');
    clock = day(182);
    const due = await credentials.lifecycle.sweep();
    assert.deepEqual(
      due.suspended.map((c) => c.id),
      [entry.id],
    );
    assert.equal(credentials.integration(entry.id)!.suspended?.reason, 'inactivity');
    clock = day(365 - 30);
    assert.deepEqual(
      (await credentials.lifecycle.sweep()).warnings.map((w) => `${w.warning.kind}:${w.warning.threshold}`),
      ['purge:30'],
    );
    clock = day(365);
    const purgeDay = await credentials.lifecycle.sweep();
    assert.deepEqual(
      purgeDay.warnings.map((w) => `${w.credential.id} ${w.warning.kind}`),
      [`${entry.id} probablyPurged`],
    );
    clock = day(800);
    assert.deepEqual((await credentials.lifecycle.sweep()).warnings, [], 'announced once');
    assert.ok(credentials.integration(entry.id), 'still here');
    assert.equal(await storage.get(integrationSecretKey(entry.id, 'apiToken')), 'okta-secret', 'its secret kept');
  });

  it('Keep (a reset) starts a new period: no longer probably purged, not announced again for that period', async () => {
    const entry = await okta();
    clock = day(400); // first seen long after its purge day: the editor was closed
    const found = await credentials.lifecycle.sweep();
    assert.deepEqual(
      found.warnings.map((w) => w.warning.kind),
      ['probablyPurged'],
    );
    assert.deepEqual(
      found.suspended.map((c) => c.id),
      [entry.id],
      'suspended here, as Sophos did',
    );
    await credentials.lifecycle.resetInactivity(entry.id);
    clock = day(401);
    assert.deepEqual((await credentials.lifecycle.sweep()).warnings, []);
    clock = day(400 + 365);
    assert.deepEqual(
      (await credentials.lifecycle.sweep()).warnings.map((w) => w.warning.kind),
      ['probablyPurged'],
      'a year later again',
    );
  });

  it('a new inactivity limit removes pending suspension and purge warnings and starts its period at once', async () => {
    const entry = await okta();
    clock = day(365 - 30);
    await credentials.lifecycle.sweep();
    const changed = await credentials.lifecycle.setInactivityPolicy(entry.id, {
      suspendAfterDays: 365,
      purgeAfterDays: 730,
    });
    assert.equal(changed.inactivityResetAt, new Date(clock).toISOString());
    assert.deepEqual(changed.warningsShown, []);
    assert.equal(
      credentials.integration(entry.id)!.suspended?.reason,
      'inactivity',
      'a suspension stays until unsuspended',
    );
    clock = day(365 - 30 + 365 - 91);
    assert.deepEqual((await credentials.lifecycle.sweep()).warnings, []);
  });

  it('loads records of older versions without loss; an API credential they suspended for inactivity stays suspended', async () => {
    const old = {
      id: 'old-1',
      name: 'From 0.1',
      role: 'superAdmin',
      clientId: sandbox.clients.tenantSuperAdmin.clientId,
      createdOn: '2025-01-01',
      addedAt: '2025-01-01T00:00:00.000Z',
      suspended: { at: '2025-07-02T00:00:00.000Z', reason: 'inactivity' },
      inactivity: { suspendAfterDays: 182, purgeAfterDays: 365 },
      purgeNotBefore: '2026-01-08',
      warningsShown: ['suspension:2025-07-02:90', 'purge:2026-01-01:deferred'],
    };
    storage.values.set(stateKey, { credentials: [old], tokens: [], integrations: [], pendingSecrets: [] });
    await storage.store('credential/old-1/clientSecret', 'kept-secret');
    const reloaded = open(storage, storage, () => Date.parse('2026-06-01T12:00:00Z'));
    const sweep = await reloaded.lifecycle.sweep();
    assert.deepEqual([sweep.suspended, sweep.warnings], [[], []]);
    const kept = reloaded.require('old-1');
    assert.deepEqual(kept.suspended, old.suspended, "not unsuspended behind the user's back");
    assert.deepEqual(kept.inactivity, old.inactivity, 'old fields kept');
    assert.equal(await storage.get(clientSecretKey('old-1')), 'kept-secret');
    const back = await reloaded.lifecycle.unsuspend('old-1');
    assert.equal(back.suspended, undefined);
  });

  it('keeps a minted token across a reload between the mint and the tree refresh', async () => {
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    const minted = await credentials.tokens.mint(credential.id, { label: 'Before reload' });
    // The window reloads: new store and service over the same SecretStorage and state, nothing cached.
    const reloaded = open(storage, storage);
    assert.equal(await reloaded.tokens.value(minted.token.id), minted.value);
    const listing = await reloaded.tokens.listInCentral(credential.id);
    assert.ok(
      listing.tokens.some((t) => t.id === minted.token.id && t.valueStored),
      'listed, with its value kept',
    );
  });

  it('with no keyring at all: adding fails with the reason and saves nothing; a mint still hands over the value', async () => {
    const broken = {
      get: async () => undefined,
      store: async () => {
        throw new Error('Cannot reach the OS keyring');
      },
      delete: async () => undefined,
    };
    const state = new MemoryStorage();
    const noKeyring = open(broken, state);
    await assert.rejects(
      noKeyring.add(
        {
          name: 'Acme',
          role: 'superAdmin',
          clientId: sandbox.clients.tenantSuperAdmin.clientId,
          createdOn: '2026-01-01',
        },
        's',
      ),
      /OS keyring/,
    );
    assert.deepEqual(noKeyring.list(), [], 'no half credential');
    // A credential stored before the keyring went away still mints, and the value reaches the user.
    const credential = await add(sandbox.clients.tenantSuperAdmin);
    storage.failSecretWrites = true;
    const minted = await credentials.tokens.mint(credential.id, { label: 'No keyring' });
    assert.match(minted.value, /^SLS-/);
    assert.ok(minted.storeError);
  });

  it('counts inactivity from when an older record is first seen, not from its creation day in Sophos', async () => {
    const entry = await okta({ addedAt: undefined });
    clock = Date.parse('2032-11-24T12:00:00Z');
    const sweep = await credentials.lifecycle.sweep();
    assert.deepEqual([sweep.warnings, sweep.suspended], [[], []], 'neither suspended nor announced on the first look');
    assert.equal(credentials.integration(entry.id)!.addedAt, '2032-11-24T12:00:00.000Z');
  });
});
