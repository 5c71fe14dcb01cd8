import assert from 'node:assert/strict';
import {
  UsageLog,
  addDays,
  credentialExpiresOn,
  defaultInactivityPolicy,
  dueWarnings,
  entryFacts,
  lifecycleState,
  maxEventsPerCredential,
  policyProblem,
  type LifecycleFacts,
  type StateStore,
} from '../../../../src/core/credentials';

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);

describe('credential expiry: created + 36 months', () => {
  const cases: [string, string][] = [
    ['2026-11-24', '2029-11-24'],
    ['2024-02-29', '2027-02-28'], // leap day: no Feb 29 three years later
    ['2025-02-28', '2028-02-28'], // not moved to the leap day
    ['2023-01-31', '2026-01-31'],
    ['2023-05-31', '2026-05-31'],
    ['2023-12-31', '2026-12-31'],
  ];
  for (const [created, expires] of cases)
    it(`${created} → ${expires}`, () => assert.equal(credentialExpiresOn(created), expires));
});

describe('lifecycle on a fake clock', () => {
  const base: LifecycleFacts = {
    addedAt: '2026-01-01T09:00:00Z',
    suspended: false,
    policy: defaultInactivityPolicy,
    expiresOn: '2029-01-01',
  };

  it('counts inactivity from the latest of added, used, unsuspended and reset', () => {
    const state = lifecycleState(
      { ...base, lastUsedAt: '2026-03-01T10:00:00Z', inactivityResetAt: '2026-02-01T00:00:00Z' },
      at('2026-03-02'),
    );
    assert.equal(state.activeSince, '2026-03-01');
    assert.equal(state.suspendOn, addDays('2026-03-01', 182));
    assert.equal(state.purgeOn, addDays('2026-03-01', 365));
  });

  const dueCases: { name: string; day: string; suspended?: boolean; due?: 'suspend'; probablyPurged?: boolean }[] = [
    { name: 'the day before suspension', day: addDays('2026-01-01', 181) },
    { name: 'the day suspension is due', day: addDays('2026-01-01', 182), due: 'suspend' },
    { name: 'already suspended, before purge', day: addDays('2026-01-01', 300), suspended: true },
    { name: 'the purge day, suspended', day: addDays('2026-01-01', 365), suspended: true, probablyPurged: true },
    {
      name: 'past the purge day, never suspended',
      day: addDays('2026-01-01', 400),
      due: 'suspend',
      probablyPurged: true,
    },
  ];
  for (const c of dueCases) {
    it(`on ${c.name}: due to ${c.due ?? 'nothing'}${c.probablyPurged ? ', probably purged' : ''}`, () => {
      const state = lifecycleState({ ...base, suspended: c.suspended ?? false }, at(c.day));
      assert.equal(state.due, c.due);
      assert.equal(state.probablyPurged, c.probablyPurged ?? false);
    });
  }

  it('applies no inactivity limit without a policy (API credentials): never due, never purged, no such warning', () => {
    const api: LifecycleFacts = { addedAt: '2020-01-01T00:00:00Z', suspended: false, expiresOn: '2029-01-01' };
    const state = lifecycleState(api, at('2026-06-01'));
    assert.deepEqual(
      [state.due, state.probablyPurged, state.suspendOn, state.purgeOn],
      [undefined, false, undefined, undefined],
    );
    assert.deepEqual(dueWarnings(api, at('2026-06-01'), new Set()), []);
  });

  it('which rules apply to which kind: inactivity for integration credentials only', () => {
    const record = { addedAt: '2026-01-01T00:00:00Z', inactivity: { suspendAfterDays: 365, purgeAfterDays: 730 } };
    assert.equal(
      entryFacts({ ...record, id: 'a', name: 'a', role: 'superAdmin', clientId: 'c', createdOn: '2026-01-01' }).policy,
      undefined,
    );
    assert.equal(
      entryFacts({ ...record, id: 'a', name: 'a', role: 'superAdmin', clientId: 'c', createdOn: '2026-01-01' })
        .expiresOn,
      '2029-01-01',
    );
    assert.equal(
      entryFacts({
        ...record,
        id: 'a',
        name: 'a',
        role: 'superAdmin',
        clientId: 'c',
        createdOn: '2026-01-01',
        expiresOn: '2027-06-30',
      }).expiresOn,
      '2027-06-30',
    );
    const integration = {
      ...record,
      id: 'b',
      name: 'b',
      typeId: 'oktaApiToken',
      permissions: 'read' as const,
      integrations: [],
      values: {},
      acknowledgedAt: '2026-01-01T00:00:00Z',
    };
    assert.deepEqual(entryFacts(integration).policy, record.inactivity);
    assert.deepEqual(entryFacts({ ...integration, inactivity: undefined }).policy, defaultInactivityPolicy);
  });

  // 89/90/91 days before expiry, and each threshold once.
  const expiryCases: { daysLeft: number; threshold?: number }[] = [
    { daysLeft: 91 },
    { daysLeft: 90, threshold: 90 },
    { daysLeft: 89, threshold: 90 },
    { daysLeft: 61, threshold: 90 },
    { daysLeft: 60, threshold: 60 },
    { daysLeft: 30, threshold: 30 },
    { daysLeft: 8, threshold: 30 },
    { daysLeft: 7, threshold: 7 },
    { daysLeft: 0, threshold: 7 },
    { daysLeft: -1 },
  ];
  for (const c of expiryCases) {
    it(`warns of expiry ${c.daysLeft} days before: ${c.threshold ?? 'no warning'}`, () => {
      const expiresOn = '2029-01-01';
      const now = at(addDays(expiresOn, -c.daysLeft));
      const warnings = dueWarnings(
        { ...base, expiresOn, lastUsedAt: new Date(now).toISOString() },
        now,
        new Set(),
      ).filter((w) => w.kind === 'expiry');
      assert.deepEqual(
        warnings.map((w) => w.threshold),
        c.threshold ? [c.threshold] : [],
      );
      if (c.threshold) assert.equal(warnings[0]!.daysLeft, c.daysLeft);
    });
  }

  it('shows each warning once per threshold, then the next threshold', () => {
    const expiresOn = '2029-01-01';
    const shown = new Set<string>();
    const at89 = at(addDays(expiresOn, -89));
    const first = dueWarnings({ ...base, expiresOn, lastUsedAt: new Date(at89).toISOString() }, at89, shown).filter(
      (w) => w.kind === 'expiry',
    );
    assert.equal(first.length, 1);
    shown.add(first[0]!.key);
    assert.deepEqual(
      dueWarnings({ ...base, expiresOn, lastUsedAt: new Date(at89).toISOString() }, at89 + 86_400_000, shown).filter(
        (w) => w.kind === 'expiry',
      ),
      [],
    );
    const at59 = at(addDays(expiresOn, -59));
    assert.deepEqual(
      dueWarnings({ ...base, expiresOn, lastUsedAt: new Date(at59).toISOString() }, at59, shown)
        .filter((w) => w.kind === 'expiry')
        .map((w) => w.threshold),
      [60],
    );
  });

  it('warns of suspension 90 days before, and of purge at 90/60/30/7; a reset starts over', () => {
    const policy = { suspendAfterDays: 365, purgeAfterDays: 730 };
    const facts = { ...base, expiresOn: undefined, policy };
    const suspension = dueWarnings(facts, at(addDays('2026-01-01', 365 - 90)), new Set());
    assert.deepEqual(
      suspension.map((w) => `${w.kind}:${w.threshold}`),
      ['suspension:90'],
    );
    assert.deepEqual(dueWarnings(facts, at(addDays('2026-01-01', 365 - 91)), new Set()), []);
    const purge = dueWarnings({ ...facts, suspended: true }, at(addDays('2026-01-01', 730 - 30)), new Set());
    assert.deepEqual(
      purge.map((w) => `${w.kind}:${w.threshold}`),
      ['purge:30'],
    );
    const purgeDay = dueWarnings(
      { ...facts, suspended: true },
      at(addDays('2026-01-01', 730)),
      new Set(purge.map((w) => w.key)),
    );
    assert.deepEqual(
      purgeDay.map((w) => `${w.kind}:${w.on}`),
      [`probablyPurged:${addDays('2026-01-01', 730)}`],
      'the purge day itself: probably purged, not a 7-day warning',
    );
    assert.deepEqual(
      dueWarnings({ ...facts, suspended: true }, at(addDays('2026-01-01', 900)), new Set(purgeDay.map((w) => w.key))),
      [],
      'once',
    );
    const reset = dueWarnings(
      { ...facts, suspended: true, inactivityResetAt: `${addDays('2026-01-01', 700)}T00:00:00Z` },
      at(addDays('2026-01-01', 700)),
      new Set(),
    );
    assert.deepEqual(reset, []);
  });

  const policies: { suspend: number; purge: number; ok: boolean }[] = [
    { suspend: 182, purge: 365, ok: true },
    { suspend: 365, purge: 730, ok: true },
    { suspend: 365, purge: 365, ok: false },
    { suspend: 365, purge: 182, ok: false },
    { suspend: 400, purge: 730, ok: false },
    { suspend: 30, purge: 1000, ok: false },
  ];
  for (const p of policies) {
    it(`${p.ok ? 'accepts' : 'refuses'} suspend after ${p.suspend} days, purge after ${p.purge}`, () => {
      assert.equal(policyProblem({ suspendAfterDays: p.suspend, purgeAfterDays: p.purge }) === undefined, p.ok);
    });
  }
});

describe('UsageLog', () => {
  class Memory implements StateStore {
    readonly values = new Map<string, unknown>();
    writes = 0;
    get<T>(key: string): T | undefined {
      return structuredClone(this.values.get(key)) as T | undefined;
    }
    async update(key: string, value: unknown): Promise<void> {
      this.writes += 1;
      if (value === undefined) this.values.delete(key);
      else this.values.set(key, structuredClone(value));
    }
  }
  const record = (i: number, extra: object = {}) => ({
    time: Date.parse('2026-11-24T00:00:00Z') + i * 1000,
    operation: 'listAccessTokens' as const,
    method: 'GET' as const,
    url: 'https://api.example/accounts/v1/access-tokens?page=1&secret=x',
    attempt: 1,
    status: 200,
    latencyMs: 12.4,
    feature: 'Token list',
    ...extra,
  });

  it('keeps the 250 most recent events, counts all, and persists in one batched write', async () => {
    const state = new Memory();
    const log = new UsageLog(state, 10_000);
    for (let i = 0; i < 300; i++) log.record('c1', record(i));
    assert.equal(state.writes, 0, 'batched');
    await log.flush();
    assert.equal(state.writes, 1);
    const restarted = new UsageLog(state).summary('c1');
    assert.equal(restarted.events.length, maxEventsPerCredential);
    assert.equal(restarted.requestCount, 300);
    assert.equal(restarted.events[0]!.time, new Date(record(50).time).toISOString());
    assert.ok(
      restarted.events.every((e) => !e.url.includes('?')),
      'no query kept',
    );
  });

  it('counts a request that never reached Sophos, without a status', async () => {
    const log = new UsageLog(new Memory());
    log.record('c1', record(1, { status: undefined, errorKind: 'network' }));
    assert.deepEqual(
      log.summary('c1').events.map((e) => [e.status, e.errorKind]),
      [[undefined, 'network']],
    );
    assert.equal(log.summary('c1').requestCount, 1);
  });

  it('loses no event recorded while a flush is writing', async () => {
    const state = new Memory();
    const log = new UsageLog(state, 10_000);
    log.record('c1', record(1));
    const flushing = log.flush();
    log.record('c1', record(2));
    await flushing;
    await log.flush();
    assert.equal(new UsageLog(state).summary('c1').events.length, 2);
  });
});
