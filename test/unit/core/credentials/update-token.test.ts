import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../support/memory-storage';
import { SophosApiError } from '../../../../src/core/api';
import { UndiciTransport } from '../../../../src/core/api/undici-transport';
import { Credentials, SuspendedCredentialError, UsageLog } from '../../../../src/core/credentials';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { credentialsAgainst } from '../../../support/credentials';

describe('Credentials.tokens.update against the sandbox', () => {
  let sandbox: Sandbox;
  let transport: UndiciTransport;
  let usage: UsageLog;
  let credentials: Credentials;

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    const storage = new MemoryStorage();
    usage = new UsageLog(storage, 0);
    credentials = credentialsAgainst(sandbox, transport, storage, { usage });
  });
  afterEach(async () => {
    sandbox.reset();
    await transport.close();
  });
  after(() => sandbox.close());

  const addAcme = () => {
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    return credentials.add(
      { name: 'Acme', role: 'superAdmin', clientId, createdOn: '2026-01-01', addedAt: '2026-01-01T00:00:00.000Z' },
      clientSecret,
    );
  };

  it('renames and re-dates a token in Sophos Central and in the record kept here, value untouched, and logs it', async () => {
    const credential = await addAcme();
    const minted = await credentials.tokens.mint(credential.id, { label: 'Before' });
    const result = await credentials.tokens.update(credential.id, minted.token.id, {
      label: 'After',
      expiresAt: '2028-06-30',
    });
    assert.equal(result.token.label, 'After');
    assert.equal(result.token.expiresAt, '2028-06-30T00:00:00.000Z');
    assert.equal(result.tenantId, sandbox.clients.tenantSuperAdmin.id);
    assert.equal(result.record?.label, 'After');
    assert.equal(credentials.tokens.record(minted.token.id)?.expiresAt, '2028-06-30T00:00:00.000Z');
    assert.equal(await credentials.tokens.value(minted.token.id), minted.value);
    const listed = (await credentials.tokens.listInCentral(credential.id)).tokens.find(
      (token) => token.id === minted.token.id,
    );
    assert.equal(listed?.label, 'After', 'Sophos holds the new label');
    const events = usage.summary(credential.id).events.filter((event) => event.feature === 'Token update');
    assert.deepEqual(
      events.map((event) => `${event.operation} ${event.method} ${event.status}`),
      ['updateAccessToken PATCH 200'],
    );
  });

  it('keeps the expiry Sophos cut back to the licence', async () => {
    const credential = await addAcme();
    const minted = await credentials.tokens.mint(credential.id, { label: 'Long' });
    const result = await credentials.tokens.update(credential.id, minted.token.id, { expiresAt: '2040-01-01' });
    assert.equal(result.record?.expiresAt, '2029-12-31T00:00:00.000Z');
    assert.equal(result.record?.label, 'Long');
  });

  it('updates a token minted elsewhere in Sophos only (no record here)', async () => {
    const credential = await addAcme();
    // Minted on another machine with the same credential: Sophos holds it, this editor keeps no record of it.
    const elsewhere = new MemoryStorage();
    const otherMachine = credentialsAgainst(sandbox, transport, elsewhere);
    const there = await otherMachine.add(
      { name: 'Acme', role: 'superAdmin', clientId: credential.clientId, createdOn: '2026-01-01' },
      sandbox.clients.tenantSuperAdmin.clientSecret,
    );
    const minted = await otherMachine.tokens.mint(there.id, { label: 'Elsewhere' });
    const result = await credentials.tokens.update(credential.id, minted.token.id, { label: 'Renamed' });
    assert.equal(result.record, undefined);
    assert.equal(result.token.label, 'Renamed');
  });

  it('refuses before any request: a suspended credential, an imported token, a bad label', async () => {
    const credential = await addAcme();
    await credentials.tokens.import(
      {
        id: 'imported-1',
        credentialId: credential.id,
        tenantId: sandbox.clients.tenantSuperAdmin.id,
        label: 'From a file',
        type: 'sophosLinuxSensor',
        imported: true,
      },
      'SLS-imported',
    );
    await assert.rejects(
      credentials.tokens.update(credential.id, 'imported-1', { label: 'x' }),
      /imported from a file/,
    );
    await assert.rejects(
      credentials.tokens.update(credential.id, '7c9e6679-7425-40de-944b-e07fc1f90ae7', { label: 'semi;colon' }),
      (e: SophosApiError) => e.kind === 'invalidInput',
    );
    await credentials.lifecycle.suspend(credential.id);
    await assert.rejects(
      credentials.tokens.update(credential.id, '7c9e6679-7425-40de-944b-e07fc1f90ae7', { label: 'x' }),
      SuspendedCredentialError,
    );
    assert.equal(sandbox.requests.filter((r) => r.method === 'PATCH').length, 0);
  });

  it('reports a token Sophos does not know as not found', async () => {
    const credential = await addAcme();
    await assert.rejects(
      credentials.tokens.update(credential.id, '7c9e6679-7425-40de-944b-e07fc1f90ae7', { label: 'Ghost' }),
      (e: SophosApiError) => e.kind === 'notFound' && /no such access token/.test(e.message),
    );
  });

  it('refuses a Read-Only credential with the role it needs', async () => {
    const { clientId, clientSecret } = sandbox.clients.tenantReadOnly;
    const reader = await credentials.add(
      { name: 'Reader', role: 'readOnly', clientId, createdOn: '2026-01-01', addedAt: '2026-01-01T00:00:00.000Z' },
      clientSecret,
    );
    await assert.rejects(
      credentials.tokens.update(reader.id, '7c9e6679-7425-40de-944b-e07fc1f90ae7', { label: 'x' }),
      (e: SophosApiError) =>
        e.kind === 'forbidden' && /Updating the access token was denied \(HTTP 403\).*Super Admin/.test(e.message),
    );
  });
});
