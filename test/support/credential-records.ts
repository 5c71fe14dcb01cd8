/** Stored records of each kind, for tests of what the screens show. Spread and override what a test needs. */
import type { CredentialRecord, IntegrationRecord } from '../../src/core/credentials';

/** Created and added on 2026-01-01: expires on 2029-01-01. */
export const apiRecord: CredentialRecord = {
  id: 'a',
  name: 'Acme',
  role: 'superAdmin',
  clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae7',
  createdOn: '2026-01-01',
  addedAt: '2026-01-01T00:00:00.000Z',
};

/** Added on 2026-01-01 with the default inactivity limit; no expiration date. */
export const oktaRecord: IntegrationRecord = {
  id: 'o',
  name: 'Okta',
  typeId: 'oktaApiToken',
  permissions: 'read',
  integrations: ['Data Ingestion'],
  values: { url: 'https://acme.okta.com' },
  acknowledgedAt: '2026-01-01T00:00:00.000Z',
  addedAt: '2026-01-01T00:00:00.000Z',
};
