import assert from 'node:assert/strict';
import { CredentialStore } from '../../../../src/core/credentials/store';
import { revisionKey, pendingSweepAgeMs, stateKey } from '../../../../src/core/credentials/journaled-state';
import {
  DuplicateNameError,
  clientSecretKey,
  tokenValueKey,
  type NewCredential,
  type SecretVault,
  type StateStore,
} from '../../../../src/core/credentials';

/** A vault and a state store that log every write, and can be told to fail (a crash) at the n-th write. */
class Storage implements SecretVault, StateStore {
  readonly secrets = new Map<string, string>();
  readonly values = new Map<string, unknown>();
  readonly log: string[] = [];
  failAt?: number;
  private writes = 0;

  async get(key: string): Promise<string | undefined>;
  get<T>(key: string): T | undefined;
  get(key: string): unknown {
    if (key === stateKey) return structuredClone(this.values.get(key));
    return Promise.resolve(this.secrets.get(key));
  }
  async store(key: string, value: string): Promise<void> {
    this.step(`store ${key}`);
    this.secrets.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.step(`delete ${key}`);
    this.secrets.delete(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.step(`state ${key}`);
    this.values.set(key, structuredClone(value));
  }
  private step(what: string): void {
    this.writes += 1;
    if (this.failAt === this.writes) throw new Error(`crash at ${what}`);
    if (!what.endsWith(revisionKey)) this.log.push(what);
  }
  /** Secrets other than the cross-window revision marker. */
  secretKeys(): string[] {
    return [...this.secrets.keys()].filter((key) => key !== revisionKey).sort();
  }
}

function newStore(storage: Storage, now: () => number = Date.now): CredentialStore {
  let next = 0;
  return new CredentialStore(storage, storage, () => `id-${++next}`, now);
}

/** A start of VS Code long enough after a crash for its journal entries to count as abandoned. */
const later = () => Date.now() + pendingSweepAgeMs + 1_000;

const acme: NewCredential = {
  name: 'Acme',
  role: 'superAdmin',
  clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7',
  createdOn: '2026-11-24',
};

describe('CredentialStore', () => {
  it('writes the secret before the metadata, and the metadata last', async () => {
    const storage = new Storage();
    const store = newStore(storage);
    const credential = await store.addCredential(acme, 'the-secret');
    assert.deepEqual(storage.log, [
      `state ${stateKey}`,
      `store ${clientSecretKey(credential.id)}`,
      `state ${stateKey}`,
    ]);
    assert.equal(await store.clientSecret(credential.id), 'the-secret');
    assert.deepEqual(store.snapshot().pendingSecrets, []);
    assert.equal(JSON.stringify(storage.values.get(stateKey)).includes('the-secret'), false, 'no secret in state');
  });

  it('deletes the metadata first, then the secrets of the credential and its tokens', async () => {
    const storage = new Storage();
    const store = newStore(storage);
    const credential = await store.addCredential(acme, 'the-secret');
    await store.addToken(
      { id: 'tok-1', credentialId: credential.id, tenantId: 't', label: 'L', type: 'sophosLinuxSensor' },
      'SLS-value',
    );
    storage.log.length = 0;
    await store.deleteCredential(credential.id);
    assert.deepEqual(storage.log, [
      `state ${stateKey}`,
      `delete ${clientSecretKey(credential.id)}`,
      `delete ${tokenValueKey('tok-1')}`,
      `state ${stateKey}`,
    ]);
    assert.deepEqual(storage.secretKeys(), []);
    assert.deepEqual(store.credentials(), []);
    assert.deepEqual(store.tokens(), []);
  });

  // A crash after each write of an add or a delete must leave, after the start-up sweep, either the whole
  // credential or none of it: never a secret without metadata, nor metadata without a secret.
  for (const operation of ['add', 'delete'] as const) {
    for (const failAt of [1, 2, 3, 4]) {
      it(`leaves no half credential when ${operation} crashes at write ${failAt}`, async () => {
        const storage = new Storage();
        let id = '';
        if (operation === 'delete') {
          id = (await newStore(storage).addCredential(acme, 'the-secret')).id;
          storage.log.length = 0;
        }
        const before = storage.log.length;
        storage.failAt = failAt + (operation === 'delete' ? 4 : 0); // the add above made 4 writes (revision included)
        const crashing = newStore(storage);
        await (operation === 'add' ? crashing.addCredential(acme, 'the-secret') : crashing.deleteCredential(id)).catch(
          () => undefined,
        );
        storage.failAt = undefined;
        assert.ok(storage.log.length >= before);

        const restarted = newStore(storage, later);
        await restarted.sweep();
        const credentials = restarted.credentials();
        assert.ok(credentials.length <= 1);
        if (credentials.length === 1) {
          assert.equal(
            await restarted.clientSecret(credentials[0]!.id),
            'the-secret',
            'metadata always has its secret',
          );
          assert.deepEqual(storage.secretKeys(), [clientSecretKey(credentials[0]!.id)]);
        } else {
          assert.deepEqual(storage.secretKeys(), [], 'no orphaned secret');
        }
        assert.deepEqual(restarted.snapshot().pendingSecrets, []);
      });
    }
  }

  it('sweeps a journaled secret that no metadata refers to', async () => {
    const storage = new Storage();
    storage.secrets.set('credential/lost/clientSecret', 'orphan');
    await storage.update(stateKey, { credentials: [], tokens: [], pendingSecrets: ['credential/lost/clientSecret'] });
    const result = await newStore(storage).sweep();
    assert.equal(result.secretsDeleted, 1);
    assert.deepEqual(storage.secretKeys(), []);
  });

  it('reports, and keeps, a credential whose secret is missing (an unreachable keyring must not erase it)', async () => {
    const storage = new Storage();
    const store = newStore(storage);
    const credential = await store.addCredential(acme, 'the-secret');
    storage.secrets.delete(clientSecretKey(credential.id));
    const restarted = newStore(storage);
    const result = await restarted.sweep();
    assert.deepEqual(result.credentialsWithoutSecret, ['Acme']);
    assert.equal(restarted.credentials().length, 1);
  });

  it('refuses a duplicate name, ignoring case, on add and on rename', async () => {
    const store = newStore(new Storage());
    await store.addCredential(acme, 's1');
    const other = await store.addCredential({ ...acme, name: 'Other' }, 's2');
    await assert.rejects(store.addCredential({ ...acme, name: ' acme ' }, 's3'), DuplicateNameError);
    await assert.rejects(
      store.updateCredential(other.id, () => ({ name: 'ACME' })),
      DuplicateNameError,
    );
  });

  it('keeps a minted token value in the vault, never in state', async () => {
    const storage = new Storage();
    const store = newStore(storage);
    const credential = await store.addCredential(acme, 'the-secret');
    await store.addToken(
      { id: 'tok-1', credentialId: credential.id, tenantId: 't', label: 'L', type: 'sophosLinuxSensor' },
      'SLS-value',
    );
    assert.equal(await store.tokenValue('tok-1'), 'SLS-value');
    assert.equal(JSON.stringify(storage.values.get(stateKey)).includes('SLS-value'), false);
    await store.removeToken('tok-1');
    assert.equal(await store.tokenValue('tok-1'), undefined);
  });

  it('serialises concurrent changes without losing one', async () => {
    const store = newStore(new Storage());
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) => store.addCredential({ ...acme, name }, `secret-${name}`)),
    );
    assert.deepEqual(
      store.credentials().map((c) => c.name),
      ['a', 'b', 'c', 'd', 'e'],
    );
  });

  it('tells listeners once per change, and ignores its own revision as an external change', async () => {
    const storage = new Storage();
    const store = newStore(storage);
    let heard = 0;
    store.onDidChange(() => (heard += 1));
    await store.addCredential(acme, 's');
    assert.equal(heard, 1);
    await store.notifyExternalChange();
    assert.equal(heard, 1, 'own revision ignored');
    storage.secrets.set(revisionKey, 'from-another-window');
    await store.notifyExternalChange();
    assert.equal(heard, 2);
  });

  it('reads its own writes even when the state store echoes a stale value (VS Code globalState does)', async () => {
    const storage = new Storage();
    let stale: unknown;
    const echoing: StateStore = {
      get: <T>(key: string) => (stale !== undefined ? (stale as T) : storage.get<T>(key)),
      update: async (key, value) => {
        stale = storage.get(key) ?? { credentials: [], tokens: [], pendingSecrets: [] }; // the old whole value comes back
        await storage.update(key, value);
      },
    };
    const store = new CredentialStore(storage, echoing);
    const credential = await store.addCredential(acme, 's');
    assert.equal(store.credential(credential.id)?.name, 'Acme');
    await store.updateCredential(credential.id, () => ({ tenant: { id: 't-1' } }));
    assert.equal(store.credential(credential.id)?.tenant?.id, 't-1');
  });

  it("stores an integration credential's secret fields in the vault, journaled, and deletes them with it", async () => {
    const storage = new Storage();
    const store = newStore(storage);
    const okta = {
      name: 'Okta',
      typeId: 'oktaApiToken',
      permissions: 'read' as const,
      integrations: ['Data Ingestion'],
      values: { url: 'https://acme.okta.com' },
      acknowledgedAt: '2026-11-24T00:00:00Z',
    };
    const entry = await store.addIntegration(okta, { apiToken: 'okta-secret' });
    assert.equal(await store.integrationSecret(entry.id, 'apiToken'), 'okta-secret');
    assert.ok(!JSON.stringify(storage.values.get(stateKey)).includes('okta-secret'));
    await assert.rejects(store.addIntegration({ ...okta, name: 'OKTA' }, { apiToken: 'x' }), DuplicateNameError);
    await assert.rejects(store.addIntegration({ ...okta, name: 'No secret' }, {}), /Missing API Token/);
    await store.deleteIntegration(entry.id);
    assert.deepEqual(storage.secretKeys(), []);
    assert.deepEqual(store.integrations(), []);
  });

  it('leaves a young journal entry alone: another window may be half-way through adding', async () => {
    const storage = new Storage();
    storage.secrets.set('token/in-flight', 'SLS-value');
    await storage.update(stateKey, {
      credentials: [],
      tokens: [],
      integrations: [],
      pendingSecrets: [{ key: 'token/in-flight', at: Date.now() }],
    });
    assert.equal((await newStore(storage).sweep()).secretsDeleted, 0);
    assert.equal(storage.secrets.get('token/in-flight'), 'SLS-value');
    assert.equal((await newStore(storage, later).sweep()).secretsDeleted, 1, 'swept once it is old');
  });

  it('does not drop its copy for its own writes, even when another window wrote last', async () => {
    const storage = new Storage();
    storage.secrets.set(revisionKey, 'written-by-another-window-before-we-started');
    const store = newStore(storage);
    let reloads = 0;
    store.onDidChange(() => (reloads += 1));
    await store.notifyExternalChange(); // the event of a write made before this window started
    assert.equal(reloads, 0, 'the revision found at start is not news');
    storage.secrets.set(revisionKey, 'from-another-window');
    await store.notifyExternalChange();
    await store.notifyExternalChange(); // the same change announced twice
    assert.equal(reloads, 1);
  });
});
