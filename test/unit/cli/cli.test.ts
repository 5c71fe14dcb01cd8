import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundledCli, runCliInProcess, type CliRun } from '../../support/cli';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

describe('sophos-central CLI', () => {
  let sandbox: Sandbox;
  let workdir: string;
  /** Everything every run printed: the leak check at the end searches it. */
  const printed: string[] = [];

  before(async () => {
    sandbox = await startSandbox();
    workdir = await mkdtemp(join(tmpdir(), 'sophos-cli-'));
  });
  afterEach(() => sandbox.reset());
  after(async () => {
    await sandbox.close();
    await rm(workdir, { recursive: true, force: true });
  });

  function environment(credential = sandbox.clients.tenantSuperAdmin): NodeJS.ProcessEnv {
    return {
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
      SOPHOS_CLIENT_ID: credential.clientId,
      SOPHOS_CLIENT_SECRET: credential.clientSecret,
    };
  }

  async function cli(argv: string[], env: NodeJS.ProcessEnv = environment(), stdin = ''): Promise<CliRun> {
    const run = await runCliInProcess(argv, env, { stdin });
    printed.push(run.stdout, run.stderr);
    return run;
  }

  it('prints whoami as a table and as the reply', async () => {
    const text = await cli(['whoami']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`id\\s+${sandbox.clients.tenantSuperAdmin.id}`));
    assert.match(text.stdout, /id type\s+tenant/);
    const json = await cli(['--json', 'whoami']);
    assert.equal(JSON.parse(json.stdout).apiHosts.dataRegion, sandbox.regionUrl);
  });

  it('lists every tenant of a partner', async () => {
    const { code, stdout } = await cli(['tenants', '--json'], environment(sandbox.clients.partner));
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).length, sandbox.clients.partner.tenants!.length);
  });

  it('mints a token in each output format', async () => {
    const raw = await cli(['sls-token', 'create', '--label', 'SLS Token']);
    assert.equal(raw.code, 0);
    assert.match(raw.stdout, /^SLS-[A-Za-z0-9_-]+\n$/);
    assert.match(
      (await cli(['sls-token', 'create', '--label', 'e', '--format', 'env'])).stdout,
      /^SOPHOS_SLS_TOKEN=SLS-\S+\n$/,
    );
    assert.match(
      (await cli(['sls-token', 'create', '--label', 'y', '--format', 'yaml', '--key', 'sls_token'])).stdout,
      /^sls_token: SLS-\S+\n$/,
    );
    const json = JSON.parse((await cli(['sls-token', 'create', '--label', 'j', '--format', 'json'])).stdout);
    assert.match(json.SOPHOS_SLS_TOKEN, /^SLS-/);
    const whole = JSON.parse(
      (await cli(['--json', 'sls-token', 'create', '--label', 'whole', '--expires-at', '2030-01-01'])).stdout,
    );
    assert.equal(whole.label, 'whole');
    assert.equal(whole.type, 'sophosLinuxSensor');
    assert.match(whole.token, /^SLS-/);
  });

  it('writes the token into a file, keeping the rest of it', async () => {
    const file = join(workdir, 'provision.env');
    await writeFile(file, '# provisioning\nREGION=eu\nSOPHOS_SLS_TOKEN=old\n');
    const { code, stdout, stderr } = await cli(['sls-token', 'create', '--label', 'file', '--write', file]);
    assert.equal(code, 0);
    assert.equal(stdout, '', 'the value goes to the file only');
    assert.match(stderr, /Wrote SOPHOS_SLS_TOKEN to .*provision\.env \(replaced\)/);
    assert.match(await readFile(file, 'utf8'), /^# provisioning\nREGION=eu\nSOPHOS_SLS_TOKEN=SLS-[A-Za-z0-9_-]+\n$/);
  });

  it('lists and revokes tokens', async () => {
    const created = JSON.parse((await cli(['--json', 'sls-token', 'create', '--label', 'to revoke'])).stdout);
    const list = await cli(['sls-token', 'list']);
    assert.match(list.stdout, new RegExp(`${created.id}\\s+to revoke\\s+sophosLinuxSensor`));
    assert.ok(!list.stdout.includes(created.token), 'a list never shows values');
    const revoked = await cli(['sls-token', 'revoke', created.id]);
    assert.equal(revoked.code, 0);
    assert.match((await cli(['sls-token', 'list'])).stdout, /No access tokens/);
  });

  it('reads the secret from stdin', async () => {
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    const env = { SOPHOS_ID_URL: sandbox.idUrl, SOPHOS_API_URL: sandbox.apiUrl };
    const { code } = await cli(['--client-id', clientId, '--client-secret-stdin', 'whoami'], env, `${clientSecret}\n`);
    assert.equal(code, 0);
  });

  const failures: {
    name: string;
    argv: string[];
    env?: (s: Sandbox) => NodeJS.ProcessEnv;
    fault?: Parameters<Sandbox['injectFault']>[0];
    code: number;
    says: RegExp;
    requests?: number;
  }[] = [
    { name: 'no command', argv: [], code: 2, says: /Name a command/, requests: 0 },
    { name: 'unknown command', argv: ['mint'], code: 2, says: /Unknown command "mint"/, requests: 0 },
    { name: 'unknown option', argv: ['whoami', '--colour'], code: 2, says: /--colour/, requests: 0 },
    {
      name: 'a secret as an argument',
      argv: ['--client-secret', 'abc', 'whoami'],
      code: 2,
      says: /never accepted as an argument/,
      requests: 0,
    },
    {
      name: 'a Client ID with a typo',
      argv: ['whoami'],
      env: (s) => ({ ...environmentOf(s), SOPHOS_CLIENT_ID: 'abc-123' }),
      code: 2,
      says: /Client ID is a UUID/,
      requests: 0,
    },
    {
      name: 'no Client ID',
      argv: ['whoami'],
      env: (s) => ({ ...environmentOf(s), SOPHOS_CLIENT_ID: '' }),
      code: 2,
      says: /No Client ID/,
      requests: 0,
    },
    {
      name: 'a label over 50 characters',
      argv: ['sls-token', 'create', '--label', 'x'.repeat(51)],
      code: 2,
      says: /51 characters/,
      requests: 0,
    },
    { name: 'no label', argv: ['sls-token', 'create'], code: 2, says: /needs --label/, requests: 0 },
    {
      name: 'a date in the past',
      argv: ['sls-token', 'create', '--label', 'a', '--expires-at', '2020-01-01'],
      code: 2,
      says: /in the past/,
      requests: 0,
    },
    {
      name: 'an unknown file type for --write',
      argv: ['sls-token', 'create', '--label', 'a', '--write', 'token.txt'],
      code: 2,
      says: /Cannot tell the format/,
      requests: 0,
    },
    {
      name: 'a partner without --tenant',
      argv: ['sls-token', 'create', '--label', 'a'],
      env: (s) => environmentOf(s, s.clients.partner),
      code: 2,
      says: /choose the tenant/,
    },
    {
      name: 'a wrong secret',
      argv: ['whoami'],
      env: (s) => ({ ...environmentOf(s), SOPHOS_CLIENT_SECRET: 'z'.repeat(64) }),
      code: 3,
      says: /refused the Client Secret.*Sophos request id: /s,
    },
    {
      name: 'an expired credential',
      argv: ['whoami'],
      env: (s) => environmentOf(s, s.clients.expired),
      code: 3,
      says: /36 months/,
    },
    {
      name: 'a Read-Only credential minting',
      argv: ['sls-token', 'create', '--label', 'a'],
      env: (s) => environmentOf(s, s.clients.tenantReadOnly),
      code: 4,
      says: /needs a Service Principal Super Admin credential/,
    },
    {
      name: 'endless 503',
      argv: ['sls-token', 'list'],
      fault: { match: { path: '/accounts' }, times: Infinity, fault: { type: 'status', status: 503 } },
      code: 5,
      says: /server error \(HTTP 503\)/,
    },
    {
      name: 'endless throttling',
      argv: ['whoami'],
      fault: { match: { path: '/whoami' }, times: Infinity, fault: { type: 'status', status: 429, retryAfter: '1' } },
      code: 5,
      says: /throttled.*Try again in 1 s/,
    },
    {
      name: 'a truncated reply',
      argv: ['whoami'],
      fault: { match: { path: '/whoami' }, times: Infinity, fault: { type: 'truncated' } },
      code: 6,
      says: /not JSON/,
    },
    {
      name: 'revoking an unknown token',
      argv: ['sls-token', 'revoke', '0d9e0c55-5a0e-4e43-9d6c-1f9b1b1b1b1b'],
      code: 6,
      says: /no such access token/,
    },
  ];
  for (const failure of failures) {
    it(`exits ${failure.code} on ${failure.name}`, async () => {
      if (failure.fault) sandbox.injectFault(failure.fault);
      const { code, stdout, stderr } = await cli(failure.argv, failure.env ? failure.env(sandbox) : environment());
      assert.equal(code, failure.code, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /^error: /);
      assert.equal(stderr.trim().split('\n').length, 1, 'one line');
      assert.match(stderr, failure.says);
      if (failure.requests !== undefined) assert.equal(sandbox.requests.length, failure.requests);
    });
  }

  it('a cold create makes exactly three requests on two kept-alive connections, in a real process', async function () {
    this.timeout(20_000);
    const before = { ...sandbox.connections };
    const run = await runBundledCli(['sls-token', 'create', '--label', 'Cold'], environment());
    printed.push(run.stdout, run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^SLS-/);
    assert.deepEqual(
      sandbox.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      ['POST /api/v2/oauth2/token', 'GET /whoami/v1', 'POST /accounts/v1/access-tokens'],
    );
    assert.equal(sandbox.connections.id - before.id, 1);
    assert.equal(sandbox.connections.global - before.global, 1);
  });

  it('exits with the documented code from a real process', async function () {
    this.timeout(20_000);
    const run = await runBundledCli(['whoami'], { ...environment(), SOPHOS_CLIENT_SECRET: 'q'.repeat(64) });
    printed.push(run.stdout, run.stderr);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /^error: Sophos ID refused the Client Secret/);
  });

  it('never printed a client secret or a bearer token', () => {
    const all = printed.join('\n');
    for (const credential of Object.values(sandbox.clients)) {
      assert.ok(!all.includes(credential.clientSecret), `the secret of ${credential.name} was printed`);
    }
    assert.ok(!all.includes('z'.repeat(64)) && !all.includes('q'.repeat(64)), 'a wrong secret was echoed');
    assert.ok(!/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./.test(all), 'a bearer token was printed');
    assert.ok(printed.length > 20, 'the check saw the runs');
  });

  function environmentOf(s: Sandbox, credential = s.clients.tenantSuperAdmin): NodeJS.ProcessEnv {
    void s;
    return environment(credential);
  }
});
