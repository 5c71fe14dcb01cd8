/**
 * The `sophos-central` authentication provider inside the real VS Code against the sandbox. VS Code asks the
 * user to consent before another extension gets a session, in a modal that an in-host test cannot answer, so
 * the provider is driven here as VS Code drives it (createSession / getSessions / removeSession) and through
 * the public API where no consent is involved (the provider is registered and listed).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};

type Provider = vscode.AuthenticationProvider;

describe('authentication provider "sophos-central"', () => {
  let name: string;
  let provider: Provider;

  before(async () => {
    provider = (
      (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as {
        authProvider: Provider;
      }
    ).authProvider;
    name = `Auth ${Date.now()}`;
  });

  it('is registered with VS Code', async () => {
    // Added here, not in before(): the suite's afterEach resets the sandbox, which revokes its bearer tokens.
    const client = sandbox().clients.tenantSuperAdmin;
    await run('addCredential', { name, clientId: client.clientId, clientSecret: client.clientSecret });
    // Without consent VS Code answers silently: no session yet, and no error (the provider exists).
    assert.equal(
      await vscode.authentication.getSession('sophos-central', [`credential:${name}`], { silent: true }),
      undefined,
    );
  });

  it('creates a session whose token is a working Sophos Central bearer token, and announces it', async () => {
    await run('testCredential', { credential: name }); // a fresh sign-in after the sandbox reset
    const announced = new Promise<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>((resolve) => {
      const listener = provider.onDidChangeSessions((event) => (listener.dispose(), resolve(event)));
    });
    const session = await provider.createSession([`credential:${name}`], {});
    assert.equal(session.account.label, name);
    assert.deepEqual(session.scopes, [`credential:${name}`]);
    assert.equal((await announced).added?.[0]?.id, session.id);
    const reply = await fetch(`${sandbox().apiUrl}/whoami/v1`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    assert.equal(reply.status, 200);
    assert.equal(((await reply.json()) as { id: string }).id, sandbox().clients.tenantSuperAdmin.id);
  });

  it('hands the session out again with the cached token: no new sign-in', async () => {
    const [first] = await provider.getSessions([`credential:${name}`], {});
    sandbox().reset();
    const [again] = await provider.getSessions([`credential:${name}`], {});
    assert.ok(first && again);
    assert.equal(again.accessToken, first.accessToken);
    assert.equal(sandbox().requests.filter((r) => r.path.startsWith('/api/v2/oauth2/token')).length, 0);
    assert.deepEqual(await provider.getSessions(['credential:someone-else'], {}), [], 'scopes must match');
  });

  it('refuses a partner credential without a tenant, and an unknown credential', async () => {
    const partner = sandbox().clients.partner;
    const partnerName = `Auth partner ${Date.now()}`;
    await run('addCredential', { name: partnerName, clientId: partner.clientId, clientSecret: partner.clientSecret });
    await assert.rejects(
      Promise.resolve(provider.createSession([`credential:${partnerName}`], {})),
      /tenant:<tenant id>/,
    );
    const tenant = partner.tenants![0]!.id;
    const session = await provider.createSession([`credential:${partnerName}`, `tenant:${tenant}`], {});
    assert.deepEqual(session.scopes, [`credential:${partnerName}`, `tenant:${tenant}`].sort());
    await assert.rejects(
      Promise.resolve(
        provider.createSession([`credential:${partnerName}`, 'tenant:00000000-0000-4000-8000-000000000000'], {}),
      ),
      /has no tenant/,
    );
    await assert.rejects(
      Promise.resolve(provider.createSession(['credential:nobody'], {})),
      /No Sophos Central credential "nobody"/,
    );
  });

  it('does not spin when a server grants a 30-day token: one sign-in, one announcement, the lifetime cut to a day', async () => {
    const client = sandbox().clients.tenantSuperAdmin;
    const longName = `Auth long ${Date.now()}`;
    await run('addCredential', { name: longName, clientId: client.clientId, clientSecret: client.clientSecret });
    sandbox().injectFault({ match: { host: 'id' }, fault: { type: 'longTokenLifetime' }, times: Infinity });
    const changes: unknown[] = [];
    const listener = provider.onDidChangeSessions((event) => changes.push(event));
    try {
      await run('testCredential', { credential: longName });
      const before = sandbox().requests.filter((r) => r.path.startsWith('/api/v2/oauth2/token')).length;
      await provider.createSession([`credential:${longName}`], {});
      // Before the fix a delay past 2^31-1 ms fired at once: hundreds of sign-ins in a second.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const signIns = sandbox().requests.filter((r) => r.path.startsWith('/api/v2/oauth2/token')).length - before;
      assert.ok(signIns <= 1, `${signIns} sign-ins`);
      assert.equal(changes.length, 1, 'only the session that was added is announced');
    } finally {
      listener.dispose();
      await run('deleteCredential', { credential: longName });
    }
  });

  it('drops the session when its credential is deleted', async () => {
    const removed = new Promise<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>((resolve) => {
      const listener = provider.onDidChangeSessions((event) => {
        if (event.removed?.length) {
          listener.dispose();
          resolve(event);
        }
      });
    });
    await run('deleteCredential', { credential: name });
    const event = await removed;
    assert.equal(event.removed?.[0]?.accessToken, '', 'a removed session carries no token');
    assert.deepEqual(await provider.getSessions([`credential:${name}`], {}), []);
  });
});
