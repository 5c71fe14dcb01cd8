import assert from 'node:assert/strict';
import { MemoryStorage } from '../../support/memory-storage';
import { CredentialStore } from '../../../src/core/credentials/store';
import { needingAttention } from '../../../src/extension/attention';

const noUsage = { summary: () => ({ events: [], requestCount: 0 }) };

describe('needingAttention', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const base = { role: 'superAdmin' as const, clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7' };

  it('counts what credentialStatus marks: expired, expiring within 90 days, suspended, failing; nothing else', async () => {
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
    const attention = needingAttention([...store.credentials(), ...store.integrations()], noUsage, now);
    assert.deepEqual(attention.items.map((i) => `${i.name}:${i.status.cause}`).sort(), [
      'expired:expired',
      'expiring:expiring',
      'failing:testFailed',
      'suspended:suspended',
    ]);
    assert.equal(attention.summary, '1 suspended, 1 expired, 1 failing their test, 1 expiring within 90 days');
    assert.equal(attention.severe, true);
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
    const attention = needingAttention([...store.credentials(), ...store.integrations()], noUsage, now);
    assert.deepEqual(
      attention.items.map((i) => `${i.name}:${i.status.cause}`),
      ['Okta:probablyPurged'],
    );
    assert.equal(attention.summary, '1 probably purged in Sophos Central');
  });
});

describe('needingAttention reads the usage log as the details page does', () => {
  it('counts a credential whose requests of the last 7 days all failed, and only while they are recent', async () => {
    const memory = new MemoryStorage();
    const store = new CredentialStore(memory, memory);
    const added = await store.addCredential(
      {
        name: 'Acme',
        role: 'superAdmin',
        clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7',
        createdOn: '2026-01-01',
      },
      's',
    );
    const failing = {
      time: '2026-11-23T12:00:00.000Z',
      feature: 'SLS token',
      operation: 'createAccessToken' as const,
      method: 'POST',
      url: 'https://api.central.sophos.com/accounts/v1/access-tokens',
      status: 500,
      errorKind: 'server' as const,
      latencyMs: 10,
      attempt: 1,
    };
    const usage = { summary: () => ({ events: [failing], requestCount: 1 }) };
    const yesterday = needingAttention([added], usage, Date.parse('2026-11-24T12:00:00Z'));
    assert.deepEqual(
      yesterday.items.map((i) => i.status.cause),
      ['requestsFailing'],
    );
    assert.equal(yesterday.summary, '1 failing every request');
    const later = needingAttention([added], usage, Date.parse('2026-12-24T12:00:00Z'));
    assert.deepEqual(
      later.items.map((i) => i.status.cause),
      ['someRequestsFailed'],
      'an old failure stays yellow until a request succeeds',
    );
  });
});
