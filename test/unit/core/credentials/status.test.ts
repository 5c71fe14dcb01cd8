import assert from 'node:assert/strict';
import {
  credentialStatus,
  describeAttention,
  type CredentialRecord,
  type IntegrationRecord,
  type KnownFacts,
  type UsageEvent,
} from '../../../../src/core/credentials';
import { apiRecord, oktaRecord } from '../../../support/credential-records';

const day = 86_400_000;
const now = Date.parse('2026-11-24T12:00:00Z');
const ago = (days: number) => new Date(now - days * day).toISOString();

const event = (daysAgo: number, outcome: Partial<UsageEvent> = {}): UsageEvent => ({
  time: ago(daysAgo),
  feature: 'SLS token',
  operation: 'createAccessToken',
  method: 'POST',
  url: 'https://api.central.sophos.com/accounts/v1/access-tokens',
  latencyMs: 50,
  attempt: 1,
  status: 201,
  ...outcome,
});
const failed = (daysAgo: number, outcome: Partial<UsageEvent> = {}) =>
  event(daysAgo, { status: 503, errorKind: 'server', ...outcome });
const signIn = (daysAgo: number, outcome: Partial<UsageEvent> = {}) =>
  event(daysAgo, { operation: 'token', feature: 'Connection test', status: 200, ...outcome });

/** Expires in 2029, far from any warning; used yesterday. */
const api: CredentialRecord = { ...apiRecord, lastUsedAt: ago(1) };
/** Used 10 days ago: 172 days before the default 6-month suspension. */
const okta: IntegrationRecord = { ...oktaRecord, lastUsedAt: ago(10) };

const statusOf = (
  entry: CredentialRecord | IntegrationRecord,
  events: UsageEvent[] = [event(1)],
  known: KnownFacts = {},
) => credentialStatus(entry, { events }, now, known);

describe('credentialStatus: one health, one attention rule, one last use', () => {
  interface Case {
    rule: string;
    entry: CredentialRecord | IntegrationRecord;
    events?: UsageEvent[];
    known?: KnownFacts;
    health: 'red' | 'yellow' | 'green' | 'awaitingUsage';
    cause: string;
    says: RegExp;
  }
  const cases: Case[] = [
    {
      rule: 'an integration credential past its purge limit is probably purged in Sophos Central (before suspended)',
      entry: {
        ...okta,
        addedAt: '2025-01-01T00:00:00.000Z',
        lastUsedAt: undefined,
        suspended: { at: ago(200), reason: 'inactivity' },
      },
      health: 'red',
      cause: 'probablyPurged',
      says: /Probably purged.*Nothing was deleted/,
    },
    {
      rule: 'a suspended credential (before expired)',
      entry: { ...api, createdOn: '2023-01-01', suspended: { at: ago(3), reason: 'manual' } },
      health: 'red',
      cause: 'suspended',
      says: /Suspended/,
    },
    {
      rule: 'an expired API credential (created + 36 months)',
      entry: { ...api, createdOn: '2023-11-23' },
      health: 'red',
      cause: 'expired',
      says: /Expired/,
    },
    {
      rule: 'an expired integration credential',
      entry: { ...okta, expiresOn: '2026-11-23' },
      health: 'red',
      cause: 'expired',
      says: /Expired/,
    },
    {
      rule: 'a secret known to be missing',
      entry: api,
      known: { secretMissing: true },
      health: 'red',
      cause: 'secretMissing',
      says: /Secret needed on this machine/,
    },
    {
      rule: 'the latest sign-in refused',
      entry: api,
      events: [event(3), signIn(0, { status: 401, errorKind: 'auth' })],
      health: 'red',
      cause: 'signInRefused',
      says: /sign-in was refused/,
    },
    {
      rule: 'the last test failed, with nothing since but its own sign-in',
      entry: { ...api, lastTest: { at: ago(1), ok: false, message: 'Sophos Central did not answer.' } },
      events: [event(3), signIn(0.9), failed(0.9, { operation: 'whoami', feature: 'Connection test' })],
      health: 'red',
      cause: 'testFailed',
      says: /The last test failed: Sophos Central did not answer\./,
    },
    {
      rule: 'a failed test recorded without a log (older data)',
      entry: { ...api, lastTest: { at: ago(1), ok: false } },
      events: [],
      health: 'red',
      cause: 'testFailed',
      says: /The last test failed\./,
    },
    {
      rule: 'every request of the last 7 days failed',
      entry: api,
      events: [event(20), failed(2), failed(1, { errorKind: 'network', status: undefined })],
      health: 'red',
      cause: 'requestsFailing',
      says: /All 2 request\(s\) of the last 7 days failed/,
    },
    {
      rule: 'an API credential expiring within 90 days (its first lifecycle warning)',
      entry: { ...api, expiresOn: '2027-02-22' },
      health: 'yellow',
      cause: 'expiring',
      says: /Expires in 90 day/,
    },
    {
      rule: 'a never-used credential expiring soon still needs attention',
      entry: { ...api, lastUsedAt: undefined, expiresOn: '2026-12-01' },
      events: [],
      health: 'yellow',
      cause: 'expiring',
      says: /Expires in 7 day/,
    },
    {
      rule: 'an integration credential with an expiration date within 90 days',
      entry: { ...okta, expiresOn: '2026-12-24' },
      health: 'yellow',
      cause: 'expiring',
      says: /Expires in 30 day/,
    },
    {
      rule: 'an integration credential due for suspension within 90 days (its suspension warning)',
      entry: { ...okta, lastUsedAt: ago(100) },
      health: 'yellow',
      cause: 'suspensionDue',
      says: /suspended for inactivity in 82 day/,
    },
    {
      rule: 'some requests of the last 7 days failed',
      entry: api,
      events: [event(2), failed(1, { status: 403, errorKind: 'forbidden' }), event(0)],
      health: 'yellow',
      cause: 'someRequestsFailed',
      says: /1 of 3 recent request\(s\) failed \(forbidden\)/,
    },
    {
      rule: 'a refused sign-in later fixed is a failure among successes',
      entry: api,
      events: [signIn(3, { status: 401, errorKind: 'auth' }), signIn(1), event(1)],
      health: 'yellow',
      cause: 'someRequestsFailed',
      says: /auth/,
    },
    {
      rule: 'never used',
      entry: { ...api, lastUsedAt: undefined },
      events: [],
      health: 'awaitingUsage',
      cause: 'unused',
      says: /Awaiting usage/,
    },
    {
      rule: 'the requests of the last 7 days succeeded',
      entry: api,
      events: [failed(30), event(2), event(1)],
      health: 'green',
      cause: 'working',
      says: /All 2 request\(s\) of the last 7 days succeeded/,
    },
    {
      rule: 'cancelled requests are not failures',
      entry: api,
      events: [event(1), event(0, { errorKind: 'cancelled', status: undefined })],
      health: 'green',
      cause: 'working',
      says: /All 1 request/,
    },
    {
      rule: 'only old requests: the latest decides',
      entry: api,
      events: [failed(40), event(30)],
      health: 'green',
      cause: 'working',
      says: /latest use succeeded/,
    },
    {
      rule: 'a failed test outdated by a later request that worked',
      entry: { ...api, lastTest: { at: ago(3), ok: false } },
      events: [failed(3, { operation: 'whoami' }), event(1)],
      health: 'yellow',
      cause: 'someRequestsFailed',
      says: /1 of 2/,
    },
    {
      rule: 'an API credential unused here for years: no inactivity limit applies to it',
      entry: { ...api, addedAt: '2023-12-01T00:00:00.000Z', createdOn: '2026-01-01', lastUsedAt: undefined },
      events: [event(900)],
      health: 'green',
      cause: 'working',
      says: /latest use succeeded/,
    },
  ];
  for (const c of cases) {
    it(`${c.health} (${c.cause}): ${c.rule}`, () => {
      const status = statusOf(c.entry, c.events, c.known);
      assert.equal(status.health, c.health, status.reason);
      assert.equal(status.cause, c.cause, status.reason);
      assert.match(status.reason, c.says);
      assert.equal(status.needsAttention, c.health === 'red' || c.health === 'yellow', 'attention is red or yellow');
    });
  }

  it('a credential one day before the 90-day window is fine (the window is the first lifecycle warning)', () => {
    assert.equal(statusOf({ ...api, expiresOn: '2027-02-23' }).cause, 'working');
    assert.equal(statusOf({ ...okta, lastUsedAt: ago(91) }).cause, 'working');
  });

  it('a missing secret counts only when it is known', () => {
    assert.equal(statusOf(api, [event(1)], {}).cause, 'working');
    assert.equal(statusOf(api, [event(1)], { secretMissing: false }).cause, 'working');
  });

  it("last use is the record's lastUsedAt, whatever the log's newest request", () => {
    const newerFailure = failed(0, { errorKind: 'network', status: undefined });
    assert.equal(statusOf(api, [event(1), newerFailure]).lastUse, api.lastUsedAt);
    assert.equal(statusOf({ ...api, lastUsedAt: undefined }, [newerFailure]).lastUse, undefined);
    assert.equal(statusOf(okta, []).lastUse, okta.lastUsedAt);
  });

  it('summarises what needs attention, in the order of the rules, ignoring what does not', () => {
    const statuses = [
      statusOf({ ...api, expiresOn: '2027-01-01' }),
      statusOf({ ...api, createdOn: '2023-01-01' }),
      statusOf({ ...api, expiresOn: '2026-12-01' }),
      statusOf({ ...api, suspended: { at: ago(1), reason: 'manual' } }),
      statusOf(api),
      statusOf({ ...api, lastUsedAt: undefined }, []),
    ];
    assert.equal(describeAttention(statuses), '1 suspended, 1 expired, 2 expiring within 90 days');
  });
});
