import assert from 'node:assert/strict';
import { MemoryStorage } from '../../support/memory-storage';
import { CredentialStore } from '../../../src/core/credentials/store';
import { describeAttention, needingAttention } from '../../../src/extension/attention';

describe('needingAttention', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const base = { role: 'superAdmin' as const, clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7' };

  it('counts expired, expiring within 90 days, suspended and failing credentials, and nothing else', async () => {
    const memory = new MemoryStorage();
    const store = new CredentialStore(memory, memory);
    await store.addCredential({ ...base, name: 'fine', createdOn: '2026-01-01' }, 's');
    await store.addCredential({ ...base, name: 'expired', createdOn: '2023-11-23' }, 's');
    await store.addCredential({ ...base, name: 'expiring', createdOn: '2024-02-20' }, 's'); // expires 2027-02-20: 88 days
    await store.addCredential({ ...base, name: 'not yet', createdOn: '2024-02-23' }, 's'); // 91 days
    await store.addCredential(
      {
        ...base,
        name: 'suspended',
        createdOn: '2026-01-01',
        suspended: { at: '2026-11-01T00:00:00Z', reason: 'manual' },
      },
      's',
    );
    await store.addCredential(
      { ...base, name: 'failing', createdOn: '2026-01-01', lastTest: { at: '2026-11-20T00:00:00Z', ok: false } },
      's',
    );
    const items = needingAttention(listsOf(store), now);
    assert.deepEqual(items.map((i) => `${i.name}:${i.reason}`).sort(), [
      'expired:expired',
      'expiring:expiring',
      'failing:unhealthy',
      'suspended:suspended',
    ]);
    assert.equal(describeAttention(items), '1 expired, 1 expiring within 90 days, 1 suspended, 1 failing their test');
  });

  it('counts an integration credential past its purge limit as probably purged in Sophos Central; never an API credential', async () => {
    const memory = new MemoryStorage();
    const store = new CredentialStore(memory, memory);
    await store.addCredential(
      {
        ...base,
        name: 'unused here for years',
        createdOn: '2026-01-01',
        addedAt: '2023-01-01T00:00:00Z',
        expiresOn: '2029-01-01',
      },
      's',
    );
    await store.addIntegration(
      {
        name: 'Okta',
        typeId: 'oktaApiToken',
        permissions: 'read',
        integrations: ['Data Ingestion'],
        values: { url: 'https://acme.okta.com' },
        acknowledgedAt: '2025-01-01T00:00:00Z',
        addedAt: '2025-01-01T00:00:00Z',
      },
      { apiToken: 't' },
    );
    const items = needingAttention(listsOf(store), now);
    assert.deepEqual(
      items.map((i) => `${i.name}:${i.reason}`),
      ['Okta:probablyPurged'],
    );
    assert.equal(describeAttention(items), '1 probably purged in Sophos Central');
  });
});

/** The two lists needingAttention reads, as the Credentials facade hands them out. */
function listsOf(store: CredentialStore) {
  return { list: () => store.credentials(), integrations: () => store.integrations() };
}
