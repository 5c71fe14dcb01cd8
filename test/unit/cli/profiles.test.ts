/** Profiles in-process over a keyring held in memory: the prompts, the cache and what leaves no trace. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretStore } from '../../../src/core/keyring';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { runCliInProcess } from '../../support/cli';

class MemoryKeyring implements SecretStore {
  readonly kind = 'keyring';
  readonly values = new Map<string, string>();
  async get(account: string) {
    return this.values.get(account);
  }
  async set(account: string, value: string) {
    this.values.set(account, value);
  }
  async delete(account: string) {
    return this.values.delete(account);
  }
}

describe('sophos-central auth (in-process, keyring in memory)', () => {
  let sandbox: Sandbox;
  let home: string;
  let keyring: MemoryKeyring;

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sophos-cli-profiles-'));
    keyring = new MemoryKeyring();
    sandbox.reset();
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  after(() => sandbox.close());

  const env = () => ({
    XDG_CONFIG_HOME: join(home, 'config'),
    SOPHOS_ID_URL: sandbox.idUrl,
    SOPHOS_API_URL: sandbox.apiUrl,
  });

  it('asks for the Client ID, then for the secret without echo, and caches the sign-in', async () => {
    const credential = sandbox.clients.tenantSuperAdmin;
    const asked: { question: string; secret: boolean }[] = [];
    const prompt = async (question: string, { secret }: { secret: boolean }) => {
      asked.push({ question, secret });
      return secret ? credential.clientSecret : credential.clientId;
    };
    const login = await runCliInProcess(['auth', 'login'], env(), { keyring, prompt });
    assert.equal(login.code, 0, login.stderr);
    assert.deepEqual(asked, [
      { question: 'Client ID: ', secret: false },
      { question: 'Client Secret (not shown): ', secret: true },
    ]);
    assert.equal(keyring.values.get('default:client-secret'), credential.clientSecret);
    const before = sandbox.requests.length;
    const token = await runCliInProcess(['token'], env(), { keyring });
    assert.equal(token.code, 0, token.stderr);
    assert.equal(sandbox.requests.length, before, 'the cached bearer and whoami: no request');
    assert.equal(token.stdout.trim(), JSON.parse(keyring.values.get('default:bearer')!).token);
  });

  it('without a terminal and without --client-secret-stdin, refuses before any request', async () => {
    const run = await runCliInProcess(
      ['auth', 'login', '--client-id', sandbox.clients.tenantSuperAdmin.clientId],
      env(),
      { keyring },
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No Client Secret: pipe it to --client-secret-stdin/);
    assert.equal(sandbox.requests.length, 0);
    assert.equal(existsSync(join(home, 'config')), false);
  });

  it('refuses a bad profile name, role or expiry date before any request', async () => {
    for (const [argv, says] of [
      [['auth', 'login', '--profile', '../x'], /cannot name a profile/],
      [['auth', 'login', '--role', 'boss'], /--role must be one of superAdmin/],
      [['auth', 'login', '--expires-on', '31/12/2027'], /--expires-on takes .*YYYY-MM-DD/],
    ] as const) {
      const run = await runCliInProcess([...argv], env(), { keyring, stdin: 'x' });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, says);
    }
    assert.equal(sandbox.requests.length, 0);
  });

  it('without any credential, says how to get one', async () => {
    const run = await runCliInProcess(['whoami'], env(), { keyring });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /No credential: sign in once with "sophos-central auth login", .*SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET/,
    );
  });
});
