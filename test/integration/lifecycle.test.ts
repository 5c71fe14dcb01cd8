/**
 * Lifecycle, usage log and the details webview, inside the real VS Code against the sandbox.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CredentialView, HostMessage } from '../../src/protocol/credential-details';
import { sandbox } from './support/sandbox';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};

interface TestApi {
  inspectPanel(credentialId: string): { html: string; sent: HostMessage[]; rejected: number } | undefined;
  sendAsPage(credentialId: string, raw: unknown): Promise<void> | undefined;
  persistedUsage(credentialId: string): Promise<{
    events: { feature: string; method: string; status?: number }[];
    requestCount: number;
  }>;
  checkLifecycle(
    now: number,
    only: string[],
  ): Promise<{ credentialId: string; message: string; actions: { label: string; command: string }[] }[]>;
}

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;
let counter = 0;

async function api(): Promise<TestApi> {
  return (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as TestApi;
}

async function addTenantCredential(name = `Lifecycle ${++counter}`) {
  const client = sandbox().clients.tenantSuperAdmin;
  return run<{ id: string; name: string }>('addCredential', {
    name,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
  });
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('lifecycle and details in the real VS Code', () => {
  it('logs every request with its feature, persisted in extension storage, with no secret', async () => {
    const added = await addTenantCredential();
    await run('createSlsToken', { credential: added.id, label: 'Usage log' });
    const usage = await (await api()).persistedUsage(added.id);
    assert.deepEqual(
      usage.events.map((e) => `${e.feature} ${e.method} ${e.status}`),
      ['Connection test POST 200', 'Connection test GET 200', 'SLS token POST 201'],
    );
    assert.equal(usage.requestCount, 3);
    const text = JSON.stringify(usage);
    assert.ok(
      !text.includes(sandbox().clients.tenantSuperAdmin.clientSecret) &&
        !text.includes('SLS-') &&
        !/bearer/i.test(text),
    );
  });

  it('a suspended credential refuses to mint, without a request, until unsuspended', async () => {
    const added = await addTenantCredential();
    const suspended = await run<{ suspended: boolean }>('suspendCredential', { credential: added.id });
    assert.equal(suspended.suspended, true);
    sandbox().reset();
    await assert.rejects(run('createSlsToken', { credential: added.id, label: 'Refused' }), /is suspended.*Unsuspend/s);
    await assert.rejects(run('testCredential', { credential: added.id }), /is suspended/);
    assert.equal(sandbox().requests.length, 0, 'no request reached Sophos');
    const back = await run<{ suspended: boolean; unsuspendedAt?: string }>('unsuspendCredential', {
      credential: added.id,
    });
    assert.equal(back.suspended, false);
    assert.ok(back.unsuspendedAt, 'unsuspending resets the inactivity timer');
    const minted = await run<{ stored: boolean }>('createSlsToken', { credential: added.id, label: 'Allowed again' });
    assert.equal(minted.stored, true);
  });

  it('sets and validates the inactivity limit of an integration credential, and resets the timer; an API credential has none', async () => {
    const apiCredential = await addTenantCredential();
    await assert.rejects(
      run('setInactivityLimit', { credential: apiCredential.id, suspendAfterDays: 365, purgeAfterDays: 730 }),
      /no inactivity limit/,
    );
    await assert.rejects(run('resetInactivity', { credential: apiCredential.id }), /no inactivity limit/);
    const added = await run<{ id: string }>('addIntegrationCredential', {
      type: 'awsAccessKey',
      name: `AWS ${++counter}`,
      values: { accessKeyId: 'AKIAEXAMPLE', region: 'eu-west-1' },
      secrets: { secretAccessKey: 'aws-secret-value-1234567890' },
      acknowledge: true,
    });
    const set = await run<{ inactivity: { suspendAfterDays: number; purgeAfterDays: number } }>('setInactivityLimit', {
      credential: added.id,
      suspendAfterDays: 365,
      purgeAfterDays: 730,
    });
    assert.deepEqual(set.inactivity, { suspendAfterDays: 365, purgeAfterDays: 730 });
    await assert.rejects(
      run('setInactivityLimit', { credential: added.id, suspendAfterDays: 365, purgeAfterDays: 182 }),
      /purged later than it is suspended/,
    );
    const reset = await run<{ inactivityResetAt?: string }>('resetInactivity', { credential: added.id });
    assert.ok(reset.inactivityResetAt);
  });

  it('opens one details panel per credential, with a strict CSP, and sends it the state after ready', async () => {
    const added = await addTenantCredential('<img src=x onerror=alert(1)> & "quotes"');
    const opened = await run<{ opened: boolean }>('openCredential', { credential: added.id });
    assert.equal(opened.opened, true);
    assert.equal(
      (await run<{ opened: boolean }>('openCredential', { credential: added.id })).opened,
      false,
      'reused, not a second panel',
    );
    const testApi = await api();
    const panel = testApi.inspectPanel(added.id)!;
    assert.match(panel.html, /default-src 'none'/);
    assert.match(panel.html, /script-src 'nonce-[A-Za-z0-9+/=]{20,}'/);
    assert.ok(!panel.html.includes('<img src=x'), 'the page HTML holds no user text');
    const state = await until('the state message', () =>
      testApi
        .inspectPanel(added.id)!
        .sent.find((m): m is { type: 'state'; view: CredentialView } => m.type === 'state'),
    );
    assert.equal(state.view.name, added.name, 'names travel as data');
    assert.equal(state.view.health.name, 'green');
    assert.ok(state.view.events.length >= 2);
    assert.ok(!JSON.stringify(state.view).includes(sandbox().clients.tenantSuperAdmin.clientSecret));

    // Messages outside the protocol are refused (counted and logged), never acted on.
    const before = testApi.inspectPanel(added.id)!.rejected;
    await testApi.sendAsPage(added.id, { type: 'action', action: 'deleteEverything' });
    await testApi.sendAsPage(added.id, { type: 'copy', what: 'clientSecret', text: 'x' });
    assert.equal(testApi.inspectPanel(added.id)!.rejected, before + 2);
    assert.ok(vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.isActive);
    await run('testCredential', { credential: added.id }); // still there, still usable

    // It follows changes while open.
    await run('suspendCredential', { credential: added.id });
    await until(
      'the suspended state',
      () =>
        testApi
          .inspectPanel(added.id)!
          .sent.some((m) => m.type === 'state' && m.view.suspended && m.view.health.name === 'red') || undefined,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('integration credentials', () => {
    const okta = (name: string, extra: Record<string, unknown> = {}) => ({
      type: 'oktaApiToken',
      name,
      permissions: 'write',
      integrations: ['Response Action'],
      values: { url: 'https://acme.okta.com' },
      secrets: { apiToken: '00Okta-integration-token-value-1234567890' },
      expiresOn: '2099-01-31',
      acknowledge: true,
      ...extra,
    });

    it('shares one name rule with API credentials: a name one kind took is refused to the other before any request', async () => {
      const integrationName = `Shared ${++counter}`;
      await run('addIntegrationCredential', okta(integrationName));
      const { clientId, clientSecret } = sandbox().clients.tenantSuperAdmin;
      sandbox().reset();
      await assert.rejects(
        run('addCredential', { name: integrationName.toUpperCase(), clientId, clientSecret }),
        /already exists/,
      );
      assert.deepEqual(sandbox().requests, [], 'refused before signing in');
      const taken = (await addTenantCredential()).name;
      await assert.rejects(run('addIntegrationCredential', okta(taken)), /already exists/);
      await assert.rejects(
        run('editCredential', { credential: integrationName, name: taken.toLowerCase() }),
        /already exists/,
      );
    });

    it('refuses one without the security acknowledgement, with a bad URL, or of an unknown type', async () => {
      await assert.rejects(
        run('addIntegrationCredential', okta(`Okta ${++counter}`, { acknowledge: false })),
        /security implications/,
      );
      await assert.rejects(
        run('addIntegrationCredential', okta(`Okta ${++counter}`, { values: { url: 'http://acme.okta.com' } })),
        /https/,
      );
      await assert.rejects(
        run('addIntegrationCredential', okta(`Okta ${++counter}`, { type: 'carrierPigeon' })),
        /Unknown credential type/,
      );
    });

    it('keeps its secret in SecretStorage, copies it on request (a logged use), and shares the lifecycle', async () => {
      const name = `Okta ${++counter}`;
      const added = await run<{ id: string; permissions: string; integrations: string[] }>(
        'addIntegrationCredential',
        okta(name),
      );
      assert.equal(added.permissions, 'write');
      assert.deepEqual(added.integrations, ['Response Action']);
      await run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' });
      assert.equal(await vscode.env.clipboard.readText(), '00Okta-integration-token-value-1234567890');
      const usage = await (await api()).persistedUsage(added.id);
      // A command call's release is recorded as such, after the copy itself.
      assert.deepEqual(
        usage.events.map((e) => e.feature),
        ['Copy secret', 'Command call'],
      );
      assert.ok(!JSON.stringify(usage).includes('00Okta-integration'), 'the log never holds the value');

      await run('suspendCredential', { credential: added.id });
      await assert.rejects(run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' }), /is suspended/);
      await run('unsuspendCredential', { credential: added.id });
      await run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' });

      await run('openCredential', { credential: added.id });
      const testApi = await api();
      const state = await until('the integration state', () =>
        testApi
          .inspectPanel(added.id)
          ?.sent.find((m): m is { type: 'state'; view: CredentialView } => m.type === 'state'),
      );
      assert.ok(state.view.details.some((row) => row.label === 'URL' && row.value === 'https://acme.okta.com'));
      assert.ok(state.view.details.some((row) => row.label === 'API Token' && /SecretStorage/.test(row.value)));
      assert.ok(!JSON.stringify(state.view).includes('00Okta-integration'), 'no secret reaches the page');
      assert.deepEqual(state.view.actions, ['suspend', 'resetInactivity', 'setInactivityLimit', 'edit', 'delete']);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      await run('deleteCredential', { credential: added.id });
      await assert.rejects(
        run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' }),
        /No integration credential/,
      );
    });

    it('a purge-due credential keeps its secret and shows Test, Delete and Keep; nothing is deleted', async () => {
      const added = await run<{ id: string }>(
        'addIntegrationCredential',
        okta(`Okta ${++counter}`, { expiresOn: undefined }),
      );
      const testApi = await api();
      const notices = await testApi.checkLifecycle(Date.now() + 400 * 86_400_000, [added.id]);
      const purged = notices.find(
        (notice) => notice.credentialId === added.id && /probably purged in Sophos Central/.test(notice.message),
      );
      assert.ok(purged, JSON.stringify(notices));
      assert.deepEqual(
        purged.actions.map((action) => action.label),
        ['Test', 'Delete', 'Keep'],
      );
      assert.ok(
        notices.some((notice) => notice.credentialId === added.id && /was suspended/.test(notice.message)),
        'suspended here, as Sophos does',
      );

      // The credential with its secret is still here (the page's state on a test clock: test/unit/extension/credential-view.test.ts).
      const test = await run<{ tested: boolean }>('testCredential', { credential: added.id });
      assert.equal(test.tested, false, 'only Sophos Central can check an integration credential');
      await run('unsuspendCredential', { credential: added.id });
      await run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' });
      assert.equal(
        await vscode.env.clipboard.readText(),
        '00Okta-integration-token-value-1234567890',
        'its secret was kept',
      );

      // Keep (a reset): not announced again for the new period.
      await run(purged.actions.find((action) => action.label === 'Keep')!.command.replace('sophosCentral.', ''), {
        credential: added.id,
      });
      assert.deepEqual(await testApi.checkLifecycle(Date.now() + 86_400_000, [added.id]), []);
      await run('deleteCredential', { credential: added.id });
    });

    it('edits details and values with an argument object; a new secret replaces the stored one; a new limit starts a new period', async () => {
      const added = await run<{ id: string }>('addIntegrationCredential', okta(`Okta ${++counter}`));
      const newName = `Okta edited ${counter}`;
      const edited = await run<{
        name: string;
        description?: string;
        permissions: string;
        integrations: string[];
        values: Record<string, string>;
        expiresOn?: string;
        inactivity: object;
        secretsReplaced: string[];
      }>('editCredential', {
        credential: added.id,
        name: newName,
        description: 'SOC responders',
        permissions: 'read',
        integrations: ['Data Ingestion', 'Response Action'],
        inactivity: { suspendAfterDays: 365, purgeAfterDays: 730 },
        expiresOn: '2098-12-31',
        values: { url: 'https://acme-new.okta.com' },
        secrets: { apiToken: '00Okta-rotated-token-value-0987654321' },
      });
      assert.equal(edited.name, newName);
      assert.equal(edited.description, 'SOC responders');
      assert.equal(edited.permissions, 'read');
      assert.deepEqual(edited.integrations, ['Data Ingestion', 'Response Action']);
      assert.deepEqual(edited.values, { url: 'https://acme-new.okta.com' });
      assert.equal(edited.expiresOn, '2098-12-31');
      assert.deepEqual(edited.inactivity, { suspendAfterDays: 365, purgeAfterDays: 730 });
      assert.deepEqual(edited.secretsReplaced, ['apiToken']);
      assert.ok(!JSON.stringify(edited).includes('00Okta-'), 'the result carries no secret');
      await run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' });
      assert.equal(await vscode.env.clipboard.readText(), '00Okta-rotated-token-value-0987654321');

      // What is not given stays: the secret too.
      const renamed = await run<{ values: Record<string, string>; secretsReplaced: string[] }>('editCredential', {
        credential: newName,
        name: `${newName} again`,
      });
      assert.deepEqual(renamed.values, { url: 'https://acme-new.okta.com' });
      assert.deepEqual(renamed.secretsReplaced, []);
      await run('copyIntegrationSecret', { credential: added.id, field: 'apiToken' });
      assert.equal(await vscode.env.clipboard.readText(), '00Okta-rotated-token-value-0987654321');

      // The new limit counts from today: 200 days on, the old one (6 months) would have suspended it; the new one does nothing yet.
      const notices = await (await api()).checkLifecycle(Date.now() + 200 * 86_400_000, [added.id]);
      assert.deepEqual(
        notices.map((n) => n.message),
        [],
      );

      await assert.rejects(
        run('editCredential', { credential: added.id, values: { url: 'http://plain.example' } }),
        /https/,
      );
      await assert.rejects(
        run('editCredential', { credential: added.id, secrets: { apiToken: '' } }),
        /Enter the API Token/,
      );
      await assert.rejects(
        run('editCredential', { credential: added.id, values: { colour: 'blue' } }),
        /has no field colour/,
      );
      await run('deleteCredential', { credential: added.id });
    });

    it('shares one namespace of names with API credentials', async () => {
      const apiCredential = await addTenantCredential();
      await assert.rejects(run('addIntegrationCredential', okta(apiCredential.name)), /already exists/);
    });
  });
});
