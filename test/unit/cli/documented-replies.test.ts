/**
 * The CLI against what Sophos documents: the sandbox with the faults that play the real service's habits, and a
 * scripted Sophos for error bodies replayed byte for byte. Each case: exit code, what is printed, and that a
 * value seen in a list is never printed.
 */
import assert from 'node:assert/strict';
import { runCliInProcess, type CliRun } from '../../support/cli';
import {
  manyTenants,
  ScriptedSophos,
  scriptedEnvironment,
  scriptedTenantId,
  type Script,
  type ScriptedReply,
} from '../../support/scripted-sophos';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';

const tokenId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ids = {
  correlationId: '5b7e0a44-1111-4000-8000-000000000001',
  requestId: '5b7e0a44-2222-4000-8000-000000000002',
  createdAt: '2026-03-01T10:00:00.000Z',
};

/** A partner with 120 tenants: more than two pages at the 50 a capped server sends. */
const bigPartner = {
  name: 'Partner with 120 tenants',
  clientId: 'c0ffee00-1234-4abc-8def-000000000120',
  clientSecret: 'BigPartnerSecret0123456789abcdefBigPartnerSecret0123456789abcdef',
  role: 'Super Admin',
  idType: 'partner' as const,
  id: 'c0ffee00-1234-4abc-8def-0000000000aa',
  tenants: manyTenants(120).map(({ id, name }) => ({
    id,
    name,
    dataGeography: 'DE',
    dataRegion: 'eu01',
    billingType: 'term',
  })),
};

describe('sophos-central CLI against documented replies', () => {
  let sandbox: Sandbox;
  /** Everything printed, for the check that no list value ever was. */
  const printed: string[] = [];

  before(async () => {
    sandbox = await startSandbox();
    sandbox.addClient(bigPartner);
  });
  afterEach(() => sandbox.reset());
  after(() => sandbox.close());

  const environment = (
    credential: { clientId: string; clientSecret: string } = sandbox.clients.tenantSuperAdmin,
  ): NodeJS.ProcessEnv => ({
    SOPHOS_ID_URL: sandbox.idUrl,
    SOPHOS_API_URL: sandbox.apiUrl,
    SOPHOS_CLIENT_ID: credential.clientId,
    SOPHOS_CLIENT_SECRET: credential.clientSecret,
  });
  const cli = async (argv: string[], env = environment()): Promise<CliRun> => {
    const run = await runCliInProcess(argv, env);
    printed.push(run.stdout, run.stderr);
    return run;
  };
  /** Values minted through create, which prints them on purpose. */
  const minted = new Set<string>();
  const mint = async (label: string) => {
    const created = JSON.parse((await cli(['--json', 'sls-token', 'create', '--label', label])).stdout) as {
      id: string;
      token: string;
    };
    minted.add(created.token);
    return created;
  };

  describe('sls-token update', () => {
    it('renames and re-dates a token, as text and as JSON', async () => {
      const created = await mint('Before');
      const text = await cli(['sls-token', 'update', created.id, '--label', 'After', '--expires-at', '2028-06-30']);
      assert.equal(text.code, 0, text.stderr);
      assert.equal(
        text.stdout,
        `Updated access token ${created.id}: label "After", expires 2028-06-30T00:00:00.000Z.\n`,
      );
      const json = await cli(['--json', 'sls-token', 'update', created.id, '--label', 'Again']);
      assert.equal(json.code, 0);
      assert.deepEqual(
        { id: JSON.parse(json.stdout).id, label: JSON.parse(json.stdout).label },
        { id: created.id, label: 'Again' },
      );
      assert.ok(!json.stdout.includes(created.token), 'never the value');
      assert.match(
        (await cli(['sls-token', 'list'])).stdout,
        new RegExp(`${created.id}\\s+Again\\s+sophosLinuxSensor`),
      );
      assert.deepEqual(
        sandbox.requests.filter((r) => r.method === 'PATCH').map((r) => r.status),
        [200, 200],
      );
    });

    const refused = [
      { name: 'no token id', argv: ['sls-token', 'update'], says: /Name the token to update/ },
      {
        name: 'nothing to change',
        argv: ['sls-token', 'update', tokenId],
        says: /needs --label .*--expires-at .*or both/,
      },
      { name: 'a bad label', argv: ['sls-token', 'update', tokenId, '--label', 'a/b'], says: /"\/" is not allowed/ },
      {
        name: 'a past expiry',
        argv: ['sls-token', 'update', tokenId, '--expires-at', '2020-01-01'],
        says: /in the past/,
      },
      {
        name: '--write',
        argv: ['sls-token', 'update', tokenId, '--label', 'x', '--write', '.env'],
        says: /does not take --write/,
      },
      {
        name: 'a second argument',
        argv: ['sls-token', 'update', tokenId, 'extra', '--label', 'x'],
        says: /takes no argument "extra"/,
      },
    ];
    for (const { name, argv, says } of refused) {
      it(`exits 2 with no request on ${name}`, async () => {
        const run = await cli(argv);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, says);
        assert.equal(sandbox.requests.length, 0);
      });
    }

    it("exits 6 for a token Sophos does not know, with the server's text once", async () => {
      const run = await cli(['sls-token', 'update', tokenId, '--label', 'Ghost']);
      assert.equal(run.code, 6);
      assert.match(run.stderr, /no such access token/);
      assert.equal(run.stderr.split('Resource not found.').length - 1, 1);
    });

    it('is in --help', async () => {
      assert.match(
        (await cli(['--help'])).stdout,
        /sls-token update TOKEN-ID \[--label L\] \[--expires-at ISO-8601\] \[--tenant ID\]/,
      );
    });
  });

  it("lists Sophos' documented items (no label, a token field) without ever printing a value", async () => {
    const created = await mint('Listed');
    for (const argv of [
      ['sls-token', 'list'],
      ['--json', 'sls-token', 'list'],
    ]) {
      sandbox.injectFault({
        match: { method: 'GET', path: '/accounts/v1/access-tokens' },
        fault: { type: 'documentedListItems' },
      });
      const run = await cli(argv);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.includes(created.id));
      assert.ok(!/SLS-/.test(run.stdout), 'no value printed');
      assert.ok(!run.stdout.includes('Listed'), 'the label was not in the reply');
    }
  });

  it('revokes with the documented 200 {"deleted": true}', async () => {
    const created = await mint('Revoked');
    const run = await cli(['sls-token', 'revoke', created.id]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `Revoked access token ${created.id}.\n`);
    assert.equal(sandbox.requests.find((r) => r.method === 'DELETE')?.status, 200);
  });

  for (const withoutPages of [false, true]) {
    it(`lists all 120 tenants from a server that caps pages at 50 and sends no totals${withoutPages ? ' nor any pages object' : ''}`, async () => {
      sandbox.injectFault({
        match: { path: '/partner/v1/tenants' },
        times: Infinity,
        fault: { type: 'pageCap', size: 50, withoutPages },
      });
      const run = await cli(['--json', 'tenants'], environment(bigPartner));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).length, 120);
      assert.equal(sandbox.requests.filter((r) => r.path.startsWith('/partner/v1/tenants')).length, 3);
    });
  }

  it('exits 4 on a 401 that survives a fresh sign-in, naming the tenant header and id, never "create a new credential"', async () => {
    sandbox.injectFault({ match: { host: 'global' }, times: Infinity, fault: { type: 'tenantHeader401' } });
    const run = await cli(['sls-token', 'list']);
    assert.equal(run.code, 4);
    assert.match(
      run.stderr,
      new RegExp(`X-Tenant-ID header.*tenant ${sandbox.clients.tenantSuperAdmin.id}.*may be wrong`),
    );
    assert.doesNotMatch(run.stderr, /create a new/i);
    assert.equal(sandbox.requests.filter((r) => r.host === 'id').length, 2, 'one fresh sign-in, then reported');
  });

  it("warns a partner before it tries to mint, then reports Sophos' 403 with the tenant causes", async () => {
    const tenant = sandbox.clients.partner.tenants![0]!;
    const run = await cli(
      ['sls-token', 'create', '--label', 'Partner', '--tenant', tenant.id],
      environment(sandbox.clients.partner),
    );
    assert.equal(run.code, 4);
    const [warning, error, ...rest] = run.stderr.trim().split('\n');
    assert.deepEqual(rest, []);
    assert.match(
      warning!,
      /^warning: This is a partner credential, but the SLS guide asks for a Service Principal Super Admin credential made in the tenant's own Sophos Central Admin dashboard/,
    );
    assert.match(
      error!,
      /^error: Creating the access token was denied \(HTTP 403\)\. The server said: Access is denied\./,
    );
    assert.match(error!, /Partner Assistance is turned off/);
    assert.equal(sandbox.requests.filter((r) => r.method === 'POST' && r.host === 'global').at(-1)?.status, 403);
  });

  it('does not warn a tenant credential', async () => {
    const run = await cli(['sls-token', 'create', '--label', 'Tenant']);
    minted.add(run.stdout.trim());
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
  });

  describe('error bodies and replies replayed', () => {
    const on =
      (method: string, path: string, reply: ScriptedReply): Script =>
      (request) =>
        request.method === method && request.path.startsWith(path) ? reply : undefined;
    const cases: {
      name: string;
      argv: string[];
      script: Script;
      code: number;
      says: RegExp;
      once?: string;
      stdout?: RegExp;
    }[] = [
      {
        name: 'a 400 with a message',
        argv: ['sls-token', 'create', '--label', 'x'],
        script: on('POST', '/accounts', {
          status: 400,
          body: { error: 'badRequest', message: 'label is not valid.', ...ids },
        }),
        code: 6,
        says: /refused by .* \(HTTP 400\)/,
        once: 'label is not valid.',
      },
      {
        name: 'a documented 404',
        argv: ['sls-token', 'revoke', tokenId],
        script: on('DELETE', '/accounts', {
          status: 404,
          body: { error: 'notFound', message: 'Resource not found.', ...ids },
        }),
        code: 6,
        says: /no such access token/,
        once: 'Resource not found.',
      },
      {
        name: 'a 451',
        argv: ['sls-token', 'list'],
        script: on('GET', '/accounts', {
          status: 451,
          body: { error: 'unavailableForLegalReasons', message: 'Unavailable for legal reasons', ...ids },
        }),
        code: 6,
        says: /HTTP 451, unavailable for legal reasons/,
        once: 'Unavailable for legal reasons.',
      },
      {
        name: 'an array of errors',
        argv: ['sls-token', 'list'],
        script: on('GET', '/accounts', {
          status: 403,
          body: [{ error: 'forbiddenAccess', message: 'Access is denied.', ...ids }],
        }),
        code: 4,
        says: /denied \(HTTP 403\)/,
        once: 'Access is denied.',
      },
      {
        name: 'a terse 400 without a message',
        argv: ['sls-token', 'list'],
        script: on('GET', '/accounts', { status: 400, body: { error: 'badRequest', ...ids } }),
        code: 6,
        says: /error code "badRequest" and no message/,
      },
      {
        name: 'a terse 401, twice',
        argv: ['sls-token', 'list'],
        script: on('GET', '/accounts', { status: 401, body: { error: 'Unauthorized', ...ids } }),
        code: 4,
        says: new RegExp(`X-Tenant-ID header.*tenant ${scriptedTenantId}`),
      },
      {
        name: 'a whoami id that is not a UUID',
        argv: ['whoami'],
        script: on('GET', '/whoami', {
          status: 200,
          body: { id: 'me', idType: 'tenant', apiHosts: { global: 'https://api.central.sophos.example' } },
        }),
        code: 6,
        says: /unexpected reply: id is not a UUID/,
      },
      {
        name: 'a hostile label (dropped: only the id is shown)',
        argv: ['sls-token', 'list'],
        script: on('GET', '/accounts', {
          status: 200,
          body: {
            items: [
              {
                id: tokenId,
                type: 'sophosLinuxSensor',
                label: '[fix](command:evil) \u001b]52;c;eA==\u0007',
                token: 'SLS-listed-value',
              },
            ],
          },
        }),
        code: 0,
        says: /^$/,
        stdout: new RegExp(`^ID\\s+LABEL\\s+TYPE\\s+CREATED\\s+EXPIRES\\n${tokenId}\\s+sophosLinuxSensor\\s+never\\n$`),
      },
    ];
    for (const { name, argv, script, code, says, once, stdout } of cases) {
      it(`exits ${code} on ${name}`, async () => {
        const run = await runCliInProcess(argv, scriptedEnvironment(), { transport: new ScriptedSophos(script) });
        printed.push(run.stdout, run.stderr);
        assert.equal(run.code, code, run.stderr);
        assert.match(run.stderr, says);
        if (code !== 0) assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
        if (once) assert.equal(run.stderr.split(once).length - 1, 1, `"${once}" once in: ${run.stderr}`);
        assert.doesNotMatch(run.stderr, /\.\./);
        if (code !== 0) assert.match(run.stderr, new RegExp(`Sophos request id: ${ids.requestId}|not a UUID`));
        if (stdout) assert.match(run.stdout, stdout);
      });
    }
  });

  // Last: mocha runs a describe's own tests before its nested ones, so the check sits in a describe of its own.
  describe('afterwards', () => {
    it('never printed a value seen in a list, a client secret or a bearer token', () => {
      const all = printed.join('\n');
      // Minted values are printed on purpose, by create; every other secret the sandbox issued (list values from the
      // documented-items fault, bearer and refresh tokens) never is.
      const others = sandbox.issuedSecrets().filter((value) => !minted.has(value));
      assert.ok(
        others.some((value) => value.startsWith('SLS-')),
        'the check saw list values',
      );
      for (const secret of others) assert.ok(!all.includes(secret), 'a secret was printed');
      assert.ok(!all.includes('SLS-listed-value') && !all.includes(bigPartner.clientSecret));
    });
  });
});
