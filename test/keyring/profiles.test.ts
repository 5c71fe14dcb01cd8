/**
 * Profiles against a real Secret Service (gnome-keyring-daemon in a private D-Bus session: see
 * scripts/keyring-tests.mjs) and the bundled CLI in real processes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { cli, newHome, requestsOf } from './support';

const service = 'sophos-central';

describe('profiles in the OS keyring', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let home: string;
  const printed: string[] = [];

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => {
    home = newHome();
    sandbox.reset();
    mark();
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  after(async () => {
    await sandbox.close();
  });

  /** The requests made since mark() (sandbox.reset() would also drop the bearers the profiles cache). */
  let markAt = 0;
  const mark = () => void (markAt = sandbox.requests.length);
  const since = () => requestsOf(sandbox).slice(markAt);

  async function run(args: string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
    const result = await cli(home, sandbox, args, options);
    printed.push(result.stdout, result.stderr);
    return result;
  }

  async function login(profile: string, credential = sandbox.clients.tenantSuperAdmin, extra: string[] = []) {
    return run(
      ['auth', 'login', '--profile', profile, '--client-id', credential.clientId, '--client-secret-stdin', ...extra],
      { stdin: `${credential.clientSecret}\n` },
    );
  }

  const keyringValue = (account: string) => new AsyncEntry(service, account).getPassword();
  const profilesFile = () => join(home, '.config', 'sophos-central', 'profiles.json');

  it('saves the secret in the keyring and the rest in a 0600 file, then a warm mint is one request', async () => {
    const credential = sandbox.clients.tenantSuperAdmin;
    const saved = await login('acme', credential, ['--role', 'Super Admin', '--expires-on', '2028-02-29']);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /Profile "acme" saved as the default; its Client Secret is in the OS keyring/);
    assert.deepEqual(since(), ['POST /api/v2/oauth2/token', 'GET /whoami/v1']);
    assert.equal(await keyringValue('acme:client-secret'), credential.clientSecret);
    assert.match((await keyringValue('acme:bearer')) ?? '', /"expiresAt":\d+/);
    const metadata = readFileSync(profilesFile(), 'utf8');
    assert.equal(statSync(profilesFile()).mode & 0o777, 0o600);
    assert.ok(!metadata.includes(credential.clientSecret), 'the secret is not in the metadata');
    const record = JSON.parse(metadata).profiles.acme;
    assert.equal(record.role, 'superAdmin');
    assert.equal(record.expiresOn, '2028-02-29');
    assert.equal(record.whoami.id, credential.id);

    mark();
    const minted = await run(['sls-token', 'create', '--label', 'Warm']);
    assert.equal(minted.code, 0, minted.stderr);
    assert.match(minted.stdout, /^SLS-/);
    assert.deepEqual(since(), ['POST /accounts/v1/access-tokens'], 'the bearer and whoami were cached');

    const listed = await run(['auth', 'list']);
    assert.match(listed.stdout, /acme \(default\)\s+tenant\s+\S+\s+\S+\s+superAdmin\s+2028-02-29/);

    const out = await run(['auth', 'logout', '--profile', 'acme']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(await keyringValue('acme:client-secret'), null);
    assert.equal(await keyringValue('acme:bearer'), null);
    assert.deepEqual(JSON.parse(readFileSync(profilesFile(), 'utf8')).profiles, {});
  });

  it('saves nothing when the secret is wrong', async () => {
    const credential = sandbox.clients.tenantSuperAdmin;
    const refused = await run(
      ['auth', 'login', '--profile', 'typo', '--client-id', credential.clientId, '--client-secret-stdin'],
      {
        stdin: 'w'.repeat(64),
      },
    );
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /^error: Sophos ID refused the Client Secret/);
    assert.equal(await keyringValue('typo:client-secret'), null);
    assert.equal(existsSync(profilesFile()), false);
  });

  it('picks the profile by --profile before or after the command, SOPHOS_PROFILE, or the default; the environment wins', async () => {
    await login('tenant');
    await login('partner', sandbox.clients.partner);
    const idType = async (args: string[], env?: NodeJS.ProcessEnv) =>
      JSON.parse((await run(['--json', ...args], { env })).stdout).idType;
    assert.equal(await idType(['whoami']), 'tenant', 'the first profile became the default');
    assert.equal(await idType(['--profile', 'partner', 'whoami']), 'partner');
    assert.equal(await idType(['whoami', '--profile', 'partner']), 'partner');
    assert.equal(await idType(['whoami'], { SOPHOS_PROFILE: 'partner' }), 'partner');
    const org = sandbox.clients.organization;
    assert.equal(
      await idType(['whoami', '--profile', 'partner'], {
        SOPHOS_CLIENT_ID: org.clientId,
        SOPHOS_CLIENT_SECRET: org.clientSecret,
      }),
      'organization',
    );
    assert.equal((await run(['auth', 'default', 'partner'])).code, 0);
    assert.equal(await idType(['whoami']), 'partner');
  });

  it('refuses an unknown profile without a request, naming the ones there are', async () => {
    await login('known');
    mark();
    const unknown = await run(['whoami', '--profile', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^error: No profile "nope"\. Profiles: known\. Create it with: sophos-central auth login --profile nope\n$/,
    );
    assert.equal(since().length, 0);
  });

  it('says so clearly when the secret was removed from the keyring behind its back, and status fails', async () => {
    await login('gone');
    await new AsyncEntry(service, 'gone:client-secret').deletePassword();
    mark();
    const used = await run(['sls-token', 'list']);
    assert.equal(used.code, 2);
    assert.match(
      used.stderr,
      /The Client Secret of profile "gone" is no longer in the OS keyring .*auth login --profile gone/,
    );
    assert.equal(since().length, 0, 'not even the cached bearer was used');
    assert.equal(await keyringValue('gone:bearer'), null, 'its cached sign-in went with it');
    const status = await run(['auth', 'status']);
    assert.notEqual(status.code, 0);
    assert.match(status.stdout, /gone \(default\): FAILED: its Client Secret is no longer in the OS keyring/);
    assert.match(status.stderr, /1 of 1 profiles failed: gone/);
  });

  it('auth status signs every profile in afresh and exits non-zero when one fails', async () => {
    await login('good');
    await login('disabled-later', sandbox.clients.tenantReadOnly);
    sandbox.setClientState(sandbox.clients.tenantReadOnly.clientId, { disabled: true });
    try {
      mark();
      const status = await run(['auth', 'status']);
      assert.equal(status.code, 3, status.stderr);
      assert.match(
        status.stdout,
        /good \(default\): signed in\n\s+tenant .*\n\s+credential expires \d{4}-\d{2}-\d{2} \(in \d+ days\)/,
      );
      assert.match(status.stdout, /disabled-later: FAILED: .*disabled/);
      assert.equal(since().filter((r) => r === 'POST /api/v2/oauth2/token').length, 2);
    } finally {
      sandbox.setClientState(sandbox.clients.tenantReadOnly.clientId, { disabled: false });
    }
  });

  it('signs in again once, transparently, when the cached bearer is refused, and keeps the new one', async () => {
    await login('stale');
    const before = await keyringValue('stale:bearer');
    sandbox.revokeBearerTokens();
    mark();
    const listed = await run(['sls-token', 'list']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(since(), [
      'GET /accounts/v1/access-tokens',
      'POST /api/v2/oauth2/token',
      'GET /accounts/v1/access-tokens',
    ]);
    assert.notEqual(await keyringValue('stale:bearer'), before);
    mark();
    assert.equal((await run(['sls-token', 'list'])).code, 0);
    assert.deepEqual(since(), ['GET /accounts/v1/access-tokens'], 'the new bearer was reused');
  });

  it('does not reuse a bearer within two minutes of its expiry', async () => {
    const shortLived = {
      ...sandbox.clients.tenantSuperAdmin,
      clientId: 'e4b7c2d0-1a3f-4c5e-9b8d-7f6a5e4d3c2b',
      tokenLifetimeSeconds: 110,
    };
    sandbox.addClient(shortLived);
    await login('short', shortLived);
    mark();
    assert.equal((await run(['sls-token', 'list'])).code, 0);
    assert.deepEqual(since(), ['POST /api/v2/oauth2/token', 'GET /accounts/v1/access-tokens']);
  });

  it('refuses a tenant name two tenants share, listing both, and --paginate on a path that does not page', async () => {
    const partner = sandbox.clients.partner;
    const twins = {
      ...partner,
      clientId: '3c9e1f7a-5b2d-4e8f-a6c4-1d0b9e8f7a6c',
      tenants: [...partner.tenants!, { ...partner.tenants![0]!, id: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b' }],
    };
    sandbox.addClient(twins);
    await login('twins', twins);
    mark();
    const name = partner.tenants![0]!.name;
    const ambiguous = await run(['api', '/endpoint/v1/endpoints', '--tenant', name]);
    assert.equal(ambiguous.code, 2);
    assert.match(
      ambiguous.stderr,
      new RegExp(
        `2 tenants are named "${name}": ${partner.tenants![0]!.id} .*, 6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b .*Give the id instead`,
      ),
    );
    assert.ok(!since().some((r) => r.startsWith('GET /endpoint')), 'no tenant was called');
    const notPaged = await run(['api', '/whoami/v1', '--paginate']);
    assert.equal(notPaged.code, 2);
    assert.match(
      notPaged.stderr,
      /--paginate: \/whoami\/v1 does not page \(its reply has no "items" list\)\. Run it without --paginate\./,
    );
    assert.equal(notPaged.stdout, '');
  });

  it('never printed a secret', () => {
    const all = printed.join('\n');
    for (const credential of Object.values(sandbox.clients)) assert.ok(!all.includes(credential.clientSecret));
    assert.ok(!/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./.test(all), 'a bearer token was printed');
    assert.ok(printed.length > 20);
  });
});

describe('no usable keyring', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let home: string;

  before(async () => {
    sandbox = await startSandbox();
    home = newHome();
  });
  after(async () => {
    await sandbox.close();
    rmSync(home, { recursive: true, force: true });
  });

  const login = (profile: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) =>
    cli(
      home,
      sandbox,
      [
        'auth',
        'login',
        '--profile',
        profile,
        '--client-id',
        sandbox.clients.tenantSuperAdmin.clientId,
        '--client-secret-stdin',
        ...extra,
      ],
      {
        env,
        stdin: sandbox.clients.tenantSuperAdmin.clientSecret,
      },
    );

  it('without a Secret Service: a clear error, no request, nothing saved', async () => {
    sandbox.reset();
    const missing = await login('nobus', { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}` });
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^error: The OS keyring is not available \(.+\)\. On Linux .*gnome-keyring.*--insecure-storage/,
    );
    assert.equal(sandbox.requests.length, 0);
    assert.equal(existsSync(join(home, '.config', 'sophos-central', 'profiles.json')), false);
  });

  it('with --insecure-storage: a 0600 file, and a warning on every use', async () => {
    const saved = await login('plain', { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}` }, [
      '--insecure-storage',
    ]);
    assert.equal(saved.code, 0, saved.stderr);
    const file = join(home, '.config', 'sophos-central', 'insecure-secrets.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(saved.stderr, /warning: profile "plain" keeps its Client Secret in a plain file/);
    const used = await cli(home, sandbox, ['whoami', '--profile', 'plain']);
    assert.equal(used.code, 0, used.stderr);
    assert.match(used.stderr, /warning: profile "plain" keeps its Client Secret in a plain file/);
  });

  it('locked: a clear error, and nothing changes', async () => {
    const saved = await login('before-lock');
    assert.equal(saved.code, 0, saved.stderr);
    execFileSync('dbus-send', [
      '--session',
      '--dest=org.freedesktop.secrets',
      '--type=method_call',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.Lock',
      'array:objpath:/org/freedesktop/secrets/collection/login',
    ]);
    try {
      const before = readFileSync(join(home, '.config', 'sophos-central', 'profiles.json'), 'utf8');
      sandbox.reset();
      const locked = await cli(home, sandbox, ['whoami', '--profile', 'before-lock']);
      assert.equal(locked.code, 1);
      assert.match(locked.stderr, /^error: The OS keyring is not available \(.*unlock.*\)/);
      assert.equal(sandbox.requests.length, 0);
      // A locked collection still answers lookups, so this one signs in before the save is refused.
      const another = await login('while-locked');
      assert.equal(another.code, 1);
      assert.match(another.stderr, /^error: The OS keyring is not available/);
      assert.equal(readFileSync(join(home, '.config', 'sophos-central', 'profiles.json'), 'utf8'), before);
    } finally {
      // The next suite's keyring: unlocked again with the session's password.
      execFileSync('sh', [
        '-c',
        'echo -n sandbox | gnome-keyring-daemon --replace --unlock --components=secrets --daemonize >/dev/null',
      ]);
    }
  });
});
