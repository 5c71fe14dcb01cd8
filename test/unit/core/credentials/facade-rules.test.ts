/**
 * The rules the Credentials facade owns, each once for both kinds of credential: the name rule, removal,
 * rotation that signs in first, the suspension gate on every secret read, failures that carry their credential
 * and a sign-in that says whether it was fresh.
 */
import assert from 'node:assert/strict';
import { MemoryStorage } from '../../../support/memory-storage';
import { SophosApiError } from '../../../../src/core/api';
import { UndiciTransport } from '../../../../src/core/api/undici-transport';
import {
  Credentials,
  SuspendedCredentialError,
  UsageLog,
  clientSecretKey,
  credentialOfFailure,
  integrationSecretKey,
  tokenValueKey,
} from '../../../../src/core/credentials';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { credentialsAgainst } from '../../../support/credentials';

describe('Credentials: one rule for each concept', () => {
  let sandbox: Sandbox;
  let transport: UndiciTransport;
  let storage: MemoryStorage;
  let usage: UsageLog;
  let credentials: Credentials;

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    storage = new MemoryStorage();
    usage = new UsageLog(storage, 0);
    credentials = credentialsAgainst(sandbox, transport, storage, { usage });
  });
  afterEach(async () => {
    sandbox.reset();
    await transport.close();
  });
  after(() => sandbox.close());

  const acme = (name = 'Acme', secret = sandbox.clients.tenantSuperAdmin.clientSecret) =>
    credentials.add(
      { name, role: 'superAdmin', clientId: sandbox.clients.tenantSuperAdmin.clientId, createdOn: '2026-01-01' },
      secret,
    );
  const okta = (name = 'Okta') =>
    credentials.addIntegration(
      {
        name,
        typeId: 'oktaApiToken',
        permissions: 'read',
        integrations: ['Data Ingestion'],
        values: { url: 'https://acme.okta.com' },
        acknowledgedAt: '2026-11-01T00:00:00Z',
        addedAt: '2026-11-01T00:00:00Z',
      },
      { apiToken: 'okta-secret-value' },
    );

  it('names: one rule for both kinds, whichever kind took the name first', async () => {
    await okta('Shared Name');
    assert.deepEqual(credentials.nameProblem('shared name'), { kind: 'taken', by: 'Shared Name' });
    assert.deepEqual(credentials.nameProblem('  '), { kind: 'empty' });
    assert.deepEqual(credentials.nameProblem('x'.repeat(101)), { kind: 'tooLong', max: 100 });
    await assert.rejects(acme('Shared Name'), /already exists/);
    const api = await acme('Api Name');
    await assert.rejects(okta('API NAME'), /already exists/);
    await assert.rejects(credentials.update(api.id, { name: 'shared name' }), /already exists/);
    assert.equal(credentials.nameProblem('Api Name', api.id), undefined, 'its own name is no clash');
    assert.equal(sandbox.requests.length, 0, 'refused before any request');
  });

  it('removes either kind one way: metadata, every secret value, the request log and the signed-in client', async () => {
    const api = await acme();
    const minted = await credentials.tokens.mint(api.id, { label: 'Kept until removed' });
    const integration = await okta();
    assert.ok(usage.summary(api.id).events.length > 0);
    await credentials.remove(api.id);
    await credentials.remove(integration.id);
    assert.deepEqual([credentials.list(), credentials.integrations(), credentials.tokens.stored()], [[], [], []]);
    for (const key of [
      clientSecretKey(api.id),
      tokenValueKey(minted.token.id),
      integrationSecretKey(integration.id, 'apiToken'),
    ])
      assert.equal(storage.secrets.get(key), undefined, key);
    assert.deepEqual(usage.summary(api.id).events, []);
    await assert.rejects(credentials.remove(api.id), /no longer exists/);
  });

  it('rotates a secret only after the new one signs in; a refused one keeps the old', async () => {
    const api = await acme();
    await assert.rejects(credentials.rotateSecret(api.id, 'not-the-new-secret'), (e: SophosApiError) => {
      return e.kind === 'auth';
    });
    assert.equal(storage.secrets.get(clientSecretKey(api.id)), sandbox.clients.tenantSuperAdmin.clientSecret);
    const rotated = await credentials.rotateSecret(api.id, sandbox.clients.tenantSuperAdmin.clientSecret);
    assert.equal(rotated.lastTest?.ok, true);
    assert.equal(rotated.whoami?.id, sandbox.clients.tenantSuperAdmin.id);
    const before = sandbox.requests.length;
    await credentials.tokens.mint(api.id, { label: 'Warm after rotation' });
    assert.equal(sandbox.requests.length - before, 1, 'the rotation sign-in is reused: a mint is one request');
    const unchecked = await credentials.rotateSecret(api.id, 'typed-without-a-check', { unchecked: true });
    assert.equal(unchecked.lastTest, undefined, 'an unchecked secret is not reported as tested');
    assert.equal(storage.secrets.get(clientSecretKey(api.id)), 'typed-without-a-check');
  });

  it('every secret read passes the suspension gate; the detector still gets hashes', async () => {
    const api = await acme();
    const minted = await credentials.tokens.mint(api.id, { label: 'Gated' });
    const integration = await okta();
    assert.equal(await credentials.tokens.value(minted.token.id), minted.value);
    assert.equal(await credentials.secrets.clientSecret(api.id), sandbox.clients.tenantSuperAdmin.clientSecret);
    assert.equal(await credentials.secrets.integrationSecret(integration.id, 'apiToken'), 'okta-secret-value');
    await credentials.lifecycle.suspend(api.id);
    await credentials.lifecycle.suspend(integration.id);
    await assert.rejects(credentials.tokens.value(minted.token.id), SuspendedCredentialError);
    await assert.rejects(credentials.secrets.clientSecret(api.id), SuspendedCredentialError);
    await assert.rejects(credentials.secrets.integrationSecret(integration.id, 'apiToken'), SuspendedCredentialError);
    await assert.rejects(credentials.signIn(api.id), SuspendedCredentialError);
    const hashes = await credentials.secrets.hashes();
    assert.equal(hashes.size, 2, 'the Client Secret and the token value, as hashes');
    await credentials.lifecycle.unsuspend(api.id);
    assert.equal(await credentials.tokens.value(minted.token.id), minted.value);
  });

  it('failures carry their credential, and a sign-in says whether it was fresh', async () => {
    const wrong = await acme('Wrong', 'not-the-secret');
    const error = await credentials.tokens.mint(wrong.id, { label: 'Never' }).catch((e: unknown) => e);
    assert.ok(error instanceof SophosApiError && error.kind === 'auth');
    assert.equal(credentialOfFailure(error), wrong.id);
    const right = await acme('Right');
    const first = await credentials.signIn(right.id);
    const second = await credentials.signIn(right.id);
    assert.deepEqual([first.fresh, second.fresh], [true, false]);
    assert.equal(second.token, first.token);
  });

  const movedHere = (id: string) =>
    credentials.addWithoutSecret(
      {
        name: 'Moved',
        role: 'superAdmin',
        clientId: sandbox.clients.tenantSuperAdmin.clientId,
        createdOn: '2026-01-01',
      },
      id,
    );

  it('Enter Secret fills a gap only: a secret that is here, or one another window entered during the sign-in, stays', async () => {
    const here = await acme('Here', 'the-secret-that-is-here');
    const valid = sandbox.clients.tenantSuperAdmin.clientSecret;
    await assert.rejects(credentials.provideSecret(here.id, valid), /on this machine already/);
    assert.equal(storage.secrets.get(clientSecretKey(here.id)), 'the-secret-that-is-here');
    const moved = await movedHere('0b6c2f7e-3d4a-4e59-8c1b-7a2d9e5f6c30');
    const entering = credentials.provideSecret(moved.id, valid);
    storage.secrets.set(clientSecretKey(moved.id), 'entered-in-another-window'); // while this one signs in
    await assert.rejects(entering, /on this machine already/);
    assert.equal(storage.secrets.get(clientSecretKey(moved.id)), 'entered-in-another-window');
  });

  it('a slow check of missing secrets that ends after a newer one does not bring back a stale status', async () => {
    const movedId = '7c1e4b2a-9f3d-4a6e-b5c8-1d2e3f4a5b6c';
    const held: (() => void)[] = [];
    let hold = false;
    // SecretStorage reads may finish out of order (a keyring, another process).
    const vault = {
      get: async (key: string) => {
        const value = await storage.get(key);
        if (hold && key === clientSecretKey(movedId)) await new Promise<void>((resolve) => held.push(resolve));
        return value;
      },
      store: (key: string, value: string) => storage.store(key, value),
      delete: (key: string) => storage.delete(key),
    };
    credentials = credentialsAgainst(sandbox, transport, storage, { usage, vault });
    hold = true;
    await movedHere(movedId); // its check reads "missing" and is held
    hold = false;
    assert.equal(held.length, 1, 'the check after the add is still reading');
    await credentials.provideSecret(movedId, sandbox.clients.tenantSuperAdmin.clientSecret);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(credentials.secrets.isMissing(movedId), false);
    held.forEach((release) => release()); // the older read ends last
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(credentials.secrets.isMissing(movedId), false, 'the secret is here');
  });

  it('revoking never forgets a kept token that Sophos Central still honours: an imported one is refused first', async () => {
    const api = await acme();
    const record = {
      id: 'imported-5e2b',
      credentialId: api.id,
      tenantId: sandbox.clients.tenantSuperAdmin.id,
      label: 'From deploy/.env',
      type: 'sls',
      expiresAt: null,
    };
    await credentials.tokens.import(record, 'SLS-value-found-in-a-file');
    const before = sandbox.requests.length;
    await assert.rejects(credentials.tokens.revoke(api.id, record.id), /imported from a file/);
    assert.equal(sandbox.requests.length, before, 'refused before a request');
    assert.equal(await credentials.tokens.value(record.id), 'SLS-value-found-in-a-file');
  });

  it('knows, without waiting, which credentials miss their secret here, and tells its listeners when that changes', async () => {
    let heard = 0;
    const stop = credentials.onDidChange(() => (heard += 1));
    // Synced or imported metadata: the secret is entered on this machine later.
    const added = await credentials.addWithoutSecret(
      {
        name: 'Moved',
        role: 'superAdmin',
        clientId: sandbox.clients.tenantSuperAdmin.clientId,
        createdOn: '2026-01-01',
      },
      '5f0c8a52-7d1e-4a8b-9c3f-2e6d1b4a7c90',
    );
    const deadline = Date.now() + 2_000;
    while (!credentials.secrets.isMissing(added.id) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(credentials.secrets.isMissing(added.id), true);
    assert.deepEqual(await credentials.secrets.missing(), [added.id]);
    assert.ok(heard >= 2, 'the store change, then the missing secret');
    await credentials.provideSecret(added.id, sandbox.clients.tenantSuperAdmin.clientSecret);
    while (credentials.secrets.isMissing(added.id) && Date.now() < deadline + 2_000)
      await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(credentials.secrets.isMissing(added.id), false);
    stop();
  });
});
