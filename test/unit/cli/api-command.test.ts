/** `sophos-central api`, `token` and `run` in-process against the sandbox (environment credentials, no profile). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { runCli } from '../../../src/cli/cli';
import type { HttpTransport } from '../../../src/core/api';
import { UndiciTransport } from '../../../src/core/api/undici-transport';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import type { DemoClient } from '../../../src/sandbox/types';
import { runCliInProcess } from '../../support/cli';

describe('sophos-central api, token and run', () => {
  let sandbox: Sandbox;
  let home: string;

  before(async () => {
    sandbox = await startSandbox();
    home = mkdtempSync(join(tmpdir(), 'sophos-cli-api-'));
  });
  afterEach(() => sandbox.reset());
  after(async () => {
    await sandbox.close();
    rmSync(home, { recursive: true, force: true });
  });

  function environment(credential: DemoClient = sandbox.clients.tenantSuperAdmin): NodeJS.ProcessEnv {
    return {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
      SOPHOS_CLIENT_ID: credential.clientId,
      SOPHOS_CLIENT_SECRET: credential.clientSecret,
    };
  }
  const asPartner = () => environment(sandbox.clients.partner);
  /** Host and path (no query) of each API request, with the account header it carried. */
  const apiCalls = () =>
    sandbox.requests
      .filter((r) => r.host !== 'id')
      .map((r) => {
        const header = ['x-tenant-id', 'x-partner-id', 'x-organization-id'].find((name) => r.headers.includes(name));
        return `${r.host} ${r.method} ${r.path.split('?')[0]}${header ? ` ${header}` : ''}`;
      });
  const queries = (prefix: string) =>
    sandbox.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.path.split('?')[1] ?? '');

  it("sends a tenant's call to its data-region host with X-Tenant-ID, and whoami to the global host", async () => {
    const run = await runCliInProcess(['api', '/endpoint/v1/endpoints', '-f', 'pageSize=2'], environment());
    assert.equal(run.code, 0, run.stderr);
    const reply = JSON.parse(run.stdout);
    assert.equal(reply.items.length, 2);
    assert.ok(reply.pages.nextKey, 'the first of several pages');
    assert.deepEqual(apiCalls(), ['global GET /whoami/v1', 'region GET /endpoint/v1/endpoints x-tenant-id']);
    assert.deepEqual(queries('/endpoint'), ['pageSize=2']);
  });

  it('merges key-paged pages with --paginate, following nextKey', async () => {
    const run = await runCliInProcess(
      ['api', '/endpoint/v1/endpoints?pageSize=3', '--paginate', '--tenant', 'Contoso Pharma'],
      asPartner(),
    );
    assert.equal(run.code, 0, run.stderr);
    const items = JSON.parse(run.stdout) as { id: string; tenant: { id: string } }[];
    assert.equal(items.length, 7);
    assert.equal(new Set(items.map((item) => item.id)).size, 7);
    const contoso = sandbox.clients.partner.tenants!.find((t) => t.name === 'Contoso Pharma')!;
    assert.ok(items.every((item) => item.tenant.id === contoso.id));
    const pages = queries('/endpoint');
    assert.equal(pages.length, 3);
    assert.match(pages[1]!, /pageFromKey=/);
  });

  it('merges page-numbered pages with --paginate, asking for totals once, with X-Partner-ID', async () => {
    const run = await runCliInProcess(['api', '/partner/v1/tenants', '--paginate', '-f', 'pageSize=3'], asPartner());
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      (JSON.parse(run.stdout) as { name: string }[]).map((t) => t.name),
      sandbox.clients.partner.tenants!.map((t) => t.name),
    );
    assert.deepEqual(queries('/partner/v1/tenants'), [
      'pageSize=3&pageTotal=true',
      'pageSize=3&pageTotal=true&page=2',
      'pageSize=3&pageTotal=true&page=3',
    ]);
    assert.ok(apiCalls().every((call) => !call.includes('/partner') || call.endsWith('x-partner-id')));
  });

  it('ends page-numbered paging at a short page when the server sends no totals', async () => {
    sandbox.injectFault({
      match: { path: '/partner/v1/tenants' },
      times: Infinity,
      fault: { type: 'pageCap', size: 2 },
    });
    const run = await runCliInProcess(['api', '/partner/v1/tenants', '--paginate'], asPartner());
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).length, 7);
    assert.equal(queries('/partner/v1/tenants').length, 4, '2 + 2 + 2 + 1');
  });

  it('waits out a 429 as Retry-After says, on a POST too, and retries a GET after a 503', async () => {
    sandbox.injectFault({
      match: { path: '/endpoint' },
      times: 1,
      fault: { type: 'status', status: 429, retryAfter: '2' },
    });
    const read = await runCliInProcess(['api', '/endpoint/v1/endpoints'], environment());
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(read.sleeps, [2000]);
    sandbox.injectFault({
      match: { path: '/accounts' },
      times: 1,
      fault: { type: 'status', status: 429, retryAfter: '1' },
    });
    const body = join(home, 'token.json');
    writeFileSync(body, JSON.stringify({ label: 'From api', type: 'sophosLinuxSensor' }));
    const created = await runCliInProcess(['api', '/accounts/v1/access-tokens', '--input', body], environment());
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(created.sleeps, [1000]);
    assert.equal(JSON.parse(created.stdout).label, 'From api');
    sandbox.injectFault({
      match: { path: '/accounts', method: 'POST' },
      times: 1,
      fault: { type: 'status', status: 503 },
    });
    const notRepeated = await runCliInProcess(['api', '/accounts/v1/access-tokens', '--input', body], environment());
    assert.equal(notRepeated.code, 5, 'a POST is not repeated after a 5xx');
    assert.equal(sandbox.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/accounts')).length, 3);
  });

  it('sends -f fields as a JSON body on PATCH', async () => {
    const created = JSON.parse(
      (await runCliInProcess(['--json', 'sls-token', 'create', '--label', 'Old'], environment())).stdout,
    );
    const run = await runCliInProcess(
      ['api', '-X', 'PATCH', `/accounts/v1/access-tokens/${created.id}`, '-f', 'label=New name'],
      environment(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).label, 'New name');
  });

  it('fans out over matching tenants, one JSON line each and a summary; a failure makes the exit non-zero and is named', async () => {
    const tenants = sandbox.clients.partner.tenants!;
    sandbox.injectFault({ match: { path: '/endpoint' }, times: 1, fault: { type: 'status', status: 403 } });
    const run = await runCliInProcess(
      ['api', '/endpoint/v1/endpoints', '--all-tenants', '--concurrency', '1'],
      asPartner(),
    );
    assert.equal(run.code, 4);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.length, tenants.length);
    assert.deepEqual(
      lines.map((line) => line.tenantId),
      tenants.map((t) => t.id),
    );
    assert.equal(lines[0].ok, false);
    assert.match(lines[0].error, /403/);
    assert.ok(lines.slice(1).every((line) => line.ok && line.result.items.length === 7));
    assert.match(
      run.stderr,
      new RegExp(`7 tenants: 6 succeeded, 1 failed: ${tenants[0]!.name} \\(${tenants[0]!.id}\\)\\.`),
    );
  });

  it('has at most --concurrency tenant calls in flight, and uses all of them', async () => {
    sandbox.setLatency(20);
    const transport = new UndiciTransport();
    let inFlight = 0;
    let most = 0;
    const counting: HttpTransport = {
      get connectionsOpened() {
        return transport.connectionsOpened;
      },
      close: () => transport.close(),
      send: async (request) => {
        const tenantCall = request.url.includes('/endpoint/');
        if (tenantCall) most = Math.max(most, ++inFlight);
        try {
          return await transport.send(request);
        } finally {
          if (tenantCall) inFlight--;
        }
      },
    };
    try {
      for (const [concurrency, expected] of [
        [2, 2],
        [7, 7],
      ]) {
        most = 0;
        const argv = ['api', '/endpoint/v1/endpoints', '--all-tenants', '--concurrency', String(concurrency)];
        const run = await runCliInProcess(argv, asPartner(), { transport: counting });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(most, expected, `--concurrency ${concurrency}`);
      }
    } finally {
      sandbox.setLatency(0);
      await transport.close();
    }
  });

  it('--tenants matches shell wildcards on names and ids; --dry-run sends nothing to the tenants', async () => {
    const run = await runCliInProcess(['api', '/common/v1/alerts', '--tenants', '[ft]a*', '--dry-run'], asPartner());
    assert.equal(run.code, 0, run.stderr);
    const names = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).tenantName);
    assert.deepEqual(names, ['Fabrikam Foods', 'Tailspin Toys']);
    assert.ok(!apiCalls().some((call) => call.includes('/common')), 'no tenant was called');
    const none = await runCliInProcess(['api', '/common/v1/alerts', '--tenants', 'Nobody*'], asPartner());
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No tenant's name or id matches "Nobody\*"/);
  });

  const refusals = [
    { argv: ['api', 'endpoint/v1/endpoints'], says: /is not an API path/ },
    { argv: ['api', '/endpoint/v1/endpoints', '-X', 'POST', '--paginate'], says: /--paginate is for GET/ },
    {
      argv: ['api', '/endpoint/v1/endpoints', '--tenant', 'a', '--all-tenants'],
      says: /Give one of --tenant, --all-tenants/,
    },
    { argv: ['api', '/endpoint/v1/endpoints', '-f', 'novalue'], says: /-f takes key=value/ },
    { argv: ['api', '/x', '--input', '/no/such/file.json'], says: /Cannot read --input/ },
    { argv: ['token', '--format', 'yaml'], says: /--format must be one of raw, env, json/ },
    { argv: ['run', 'ls'], says: /Put the command after "--"/ },
  ];
  for (const { argv, says } of refusals)
    it(`refuses ${argv.join(' ')} before any request`, async () => {
      const run = await runCliInProcess(argv, environment());
      assert.equal(run.code, 2);
      assert.match(run.stderr, says);
      assert.equal(sandbox.requests.length, 0);
    });

  it('a partner calling a tenant API without naming a tenant is told how', async () => {
    const run = await runCliInProcess(['api', '/endpoint/v1/endpoints'], asPartner());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /acts on a tenant: this partner credential has to name it with --tenant/);
  });

  it('token prints a bearer, as env exports with the tenant and its host, and as JSON', async () => {
    const raw = await runCliInProcess(['token'], environment());
    assert.match(raw.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const contoso = sandbox.clients.partner.tenants!.find((t) => t.name === 'Contoso Pharma')!;
    const env = await runCliInProcess(['token', '--format', 'env', '--tenant', contoso.id], asPartner());
    assert.equal(env.code, 0, env.stderr);
    assert.match(
      env.stdout,
      new RegExp(
        `^export SOPHOS_ACCESS_TOKEN=\\S+\\nexport SOPHOS_TENANT_ID=${contoso.id}\\nexport SOPHOS_API_HOST=${sandbox.regionUrl}\\n$`,
      ),
    );
    const json = JSON.parse((await runCliInProcess(['token', '--format', 'json'], asPartner())).stdout);
    assert.equal(json.idType, 'partner');
    assert.equal(json.apiHost, sandbox.apiUrl);
    assert.ok(Date.parse(json.expiresAt) > Date.now());
  });

  it('run hands CMD the bearer, tenant and host but never the Client Secret', async () => {
    let seen: { command: string; args: string[]; env: NodeJS.ProcessEnv } | undefined;
    const code = await runCli({
      argv: ['run', '--', 'deploy', '--fast'],
      env: environment(),
      stdout: () => undefined,
      stderr: () => undefined,
      readStdin: async () => '',
      runProgram: async (command, args, env) => {
        seen = { command, args, env };
        return 9;
      },
    });
    assert.equal(code, 9, "CMD's exit code");
    assert.equal(seen?.command, 'deploy');
    assert.deepEqual(seen?.args, ['--fast']);
    assert.match(seen?.env.SOPHOS_ACCESS_TOKEN ?? '', /^eyJ/);
    assert.equal(seen?.env.SOPHOS_TENANT_ID, sandbox.clients.tenantSuperAdmin.id);
    assert.equal(seen?.env.SOPHOS_API_HOST, sandbox.regionUrl);
    assert.equal(seen?.env.SOPHOS_CLIENT_SECRET, undefined);
  });

  it('run passes CMD its exit code and environment in a real process', async function () {
    this.timeout(20_000);
    const script =
      'process.stdout.write([process.env.SOPHOS_TENANT_ID, process.env.SOPHOS_CLIENT_SECRET ?? "no secret"].join(" ")); process.exit(7)';
    const result = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile(
        process.execPath,
        [resolve('dist/cli.js'), 'run', '--', process.execPath, '-e', script],
        { env: { PATH: process.env.PATH, ...environment() } },
        (error, stdout) => done({ code: error ? Number(error.code) : 0, stdout }),
      ),
    );
    assert.equal(result.code, 7);
    assert.equal(result.stdout, `${sandbox.clients.tenantSuperAdmin.id} no secret`);
  });
});
