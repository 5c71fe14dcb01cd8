import assert from 'node:assert/strict';
import type { CredentialRecord } from '../../../src/core/credentials';
import { credentialView, integrationView } from '../../../src/extension/webview/credential-view';
import { apiRecord, oktaRecord } from '../../support/credential-records';

const noUsage = { events: [], requestCount: 0 };
const at = (day: string) => Date.parse(`${day}T12:00:00Z`);

describe('details page: the lifecycle each kind of credential has', () => {
  const api: CredentialRecord = { ...apiRecord, lastUsedAt: '2026-02-01T10:00:00.000Z' };
  const okta = oktaRecord;
  const row = (view: ReturnType<typeof credentialView>, label: string) =>
    view.details.find((r) => r.label === label)?.value;

  it('an API credential: created, expires (entered, or created + 36 months), last used here; no inactivity', () => {
    const view = credentialView(api, noUsage, at('2028-06-01'));
    assert.equal(row(view, 'Created'), '2026-01-01');
    assert.match(row(view, 'Expires') ?? '', /^2029-01-01 /);
    assert.match(row(view, 'Last used here') ?? '', /^2026-02-01 10:00/);
    assert.equal(row(view, 'Inactivity limit'), undefined);
    assert.deepEqual(view.actions, ['test', 'suspend', 'edit', 'delete']);
    assert.notEqual(view.health.name, 'red', 'two years unused here is not a problem');
    assert.match(
      row(credentialView({ ...api, expiresOn: '2027-03-31' }, noUsage, at('2026-06-01')), 'Expires') ?? '',
      /^2027-03-31 /,
    );
  });

  it('names where each kept token went, by file, never by value', () => {
    const view = credentialView(api, noUsage, at('2026-06-01'), [
      { label: 'CI runner', files: 'deploy/.env, group_vars/all.yml' },
    ]);
    assert.equal(row(view, 'SLS token "CI runner"'), 'Used in deploy/.env, group_vars/all.yml');
    assert.equal(row(credentialView(api, noUsage, at('2026-06-01')), 'SLS token "CI runner"'), undefined);
  });

  it('an API credential an earlier version suspended for inactivity says so, and how to lift it', () => {
    const view = credentialView(
      { ...api, suspended: { at: '2026-07-02T00:00:00.000Z', reason: 'inactivity' } },
      noUsage,
      at('2026-08-01'),
    );
    assert.match(row(view, 'Suspended') ?? '', /earlier version.*unsuspend it/);
    assert.deepEqual(view.actions, ['test', 'unsuspend', 'edit', 'delete']);
  });

  it('an integration credential past its purge limit: probably purged in Sophos Central, red, with Test', () => {
    const before = integrationView(okta, noUsage, at('2026-12-01'));
    assert.equal(row(before, 'State'), undefined);
    assert.match(row(before, 'Inactivity time left') ?? '', /probably purged in Sophos Central on 2027-01-01/);
    const view = integrationView(
      { ...okta, suspended: { at: '2026-07-02T00:00:00.000Z', reason: 'inactivity' } },
      noUsage,
      at('2027-01-02'),
    );
    assert.match(
      row(view, 'State') ?? '',
      /Probably purged in Sophos Central since 2027-01-01: nothing was deleted here/,
    );
    assert.equal(view.health.name, 'red');
    assert.match(view.health.reason, /Probably purged/);
    assert.equal(view.actions[0], 'test');
  });
});
