/**
 * Faults and bad input through the CLI, in-process (runCli), against the sandbox's fault injection: for each
 * case the one `error:` line, the exit code, that the message names the next step, the requests made, and
 * that nothing already minted was lost (the tenant's earlier token is still listed, and no orphan is left).
 * Retries wait no real time (the backoffs are recorded) and the transport's timeouts are short.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultRetryPolicy, type HttpRequest, type HttpResponse, type HttpTransport } from '../../../src/core/api';
import { UndiciTransport, type TransportOptions } from '../../../src/core/api/undici-transport';
import { runCliInProcess } from '../../support/cli';
import { startSandbox, type FaultRule, type Sandbox } from '../../../src/sandbox/server';
import { clientFor, type RecordedSleeps } from '../../support/api';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  sleeps: number[];
  wallMs: number;
}

type Credential = { clientId: string; clientSecret: string };

interface FaultCase {
  name: string;
  /** Default: mint a token, printing the whole reply as JSON. */
  argv?: string[];
  credential?: (s: Sandbox) => Credential;
  /** Changes to the environment the CLI sees. */
  env?: (s: Sandbox) => NodeJS.ProcessEnv;
  faults?: FaultRule[];
  transport?: TransportOptions;
  code: number;
  /** The error line (code ≠ 0), including the next step the user should take. */
  says?: RegExp;
  /** "METHOD host path status" of every request the case made; a number: just how many. */
  requests?: string[] | number;
  sleeps?: number[];
}

const create = ['--json', 'sls-token', 'create', '--label', 'Fault case'];
const tokenLine = 'POST id /api/v2/oauth2/token';
/** Short transport limits: a hung or dripping server costs a fraction of a second per attempt. */
const shortTimeouts: TransportOptions = {
  connectTimeoutMs: 500,
  headersTimeoutMs: 150,
  bodyTimeoutMs: 150,
  totalTimeoutMs: 2_000,
};
/** A whole-request deadline shorter than the silence limits: what stops a server that drips one byte at a time. */
const shortDeadline: TransportOptions = {
  connectTimeoutMs: 500,
  headersTimeoutMs: 1_000,
  bodyTimeoutMs: 1_000,
  totalTimeoutMs: 300,
};

describe('CLI under faults and bad input (table-driven)', function () {
  this.timeout(10_000);
  let sandbox: Sandbox;
  let transport: UndiciTransport | undefined;
  let workdir: string;
  let baselineTokenId: string;
  let before: number;
  const printed: string[] = [];

  this.beforeAll(async () => {
    sandbox = await startSandbox();
    workdir = await mkdtemp(join(tmpdir(), 'sophos-cli-faults-'));
  });
  beforeEach(async () => {
    // A token minted earlier: no fault may revoke it or lose it.
    const helper = clientFor(sandbox, sandbox.clients.tenantSuperAdmin);
    try {
      baselineTokenId = (await helper.client.createAccessToken({ label: 'Baseline' })).token.id;
    } finally {
      await helper.transport.close();
    }
    before = sandbox.requests.length;
  });
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
    sandbox.reset();
  });
  this.afterAll(async () => {
    await sandbox.close();
    await rm(workdir, { recursive: true, force: true });
  });

  function environment(credential: Credential = sandbox.clients.tenantSuperAdmin): NodeJS.ProcessEnv {
    return {
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
      SOPHOS_CLIENT_ID: credential.clientId,
      SOPHOS_CLIENT_SECRET: credential.clientSecret,
    };
  }

  async function cli(
    argv: string[],
    env: NodeJS.ProcessEnv,
    options: { transport?: HttpTransport; stdin?: string; retries?: RecordedSleeps } = {},
  ): Promise<CliRun> {
    const started = performance.now();
    const run = await runCliInProcess(argv, env, options);
    printed.push(run.stdout, run.stderr);
    return { ...run, wallMs: performance.now() - started };
  }

  /** What the case made, after the baseline's own requests. */
  const lines = () =>
    sandbox.requests.slice(before).map((r) => `${r.method} ${r.host} ${r.path.split('?')[0]} ${r.status}`);

  /** The tenant's tokens as Sophos has them now, faults cleared. */
  async function tenantTokenIds(): Promise<string[]> {
    sandbox.clearFaults();
    const helper = clientFor(sandbox, sandbox.clients.tenantSuperAdmin);
    try {
      return (await helper.client.listAccessTokens()).map((token) => token.id);
    } finally {
      await helper.transport.close();
    }
  }

  const mintLines = ['POST id /api/v2/oauth2/token 200', 'GET global /whoami/v1 200'];
  const cases: FaultCase[] = [
    // Credentials
    {
      name: 'a wrong secret',
      credential: (s) => ({ ...s.clients.tenantSuperAdmin, clientSecret: 'W'.repeat(64) }),
      code: 3,
      says: /refused the Client Secret\. Check that you pasted the whole secret.*\(Sophos request id: [0-9a-f-]{36}\)\n$/,
      requests: [`${tokenLine} 401`],
      sleeps: [],
    },
    {
      name: 'an unknown Client ID',
      credential: (s) => ({ ...s.clients.tenantSuperAdmin, clientId: '11111111-2222-4333-8444-555555555555' }),
      code: 3,
      says: /no credential with this Client ID\. Check it for typos.*create a new one/,
      requests: [`${tokenLine} 401`],
      sleeps: [],
    },
    {
      name: 'a Client ID with a typo (not a UUID)',
      credential: (s) => ({ ...s.clients.tenantSuperAdmin, clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae' }),
      code: 2,
      says: /Client ID is a UUID like .*this one has 31 digits in groups of 8-4-4-4-11/,
      requests: 0,
    },
    {
      name: 'a Client ID with a letter that is not hex',
      credential: (s) => ({ ...s.clients.tenantSuperAdmin, clientId: '0a7f9c17-3d55-4ab4-810e-254a16986aeg' }),
      code: 2,
      says: /"g" is not one of them/,
      requests: 0,
    },
    {
      name: 'a secret with a space inside',
      credential: (s) => ({
        ...s.clients.tenantSuperAdmin,
        clientSecret: `${s.clients.tenantSuperAdmin.clientSecret.slice(0, 20)} ${s.clients.tenantSuperAdmin.clientSecret.slice(20)}`,
      }),
      code: 2,
      says: /contains spaces or line breaks\. Paste it again as one piece/,
      requests: 0,
    },
    {
      name: 'a secret with a newline inside',
      credential: (s) => ({
        ...s.clients.tenantSuperAdmin,
        clientSecret: `${s.clients.tenantSuperAdmin.clientSecret.slice(0, 20)}\n${s.clients.tenantSuperAdmin.clientSecret.slice(20)}`,
      }),
      code: 2,
      says: /contains spaces or line breaks/,
      requests: 0,
    },
    {
      name: 'a secret pasted with a trailing newline (trimmed: works)',
      credential: (s) => ({
        ...s.clients.tenantSuperAdmin,
        clientSecret: `${s.clients.tenantSuperAdmin.clientSecret}\n`,
      }),
      code: 0,
      requests: [...mintLines, 'POST global /accounts/v1/access-tokens 201'],
    },
    {
      name: 'a secret pasted with surrounding spaces (trimmed: works)',
      credential: (s) => ({
        ...s.clients.tenantSuperAdmin,
        clientSecret: `  ${s.clients.tenantSuperAdmin.clientSecret} `,
      }),
      code: 0,
      requests: 3,
    },
    {
      name: 'an expired credential',
      credential: (s) => s.clients.expired,
      code: 3,
      says: /expire 36 months after creation.*create a new one/,
      requests: [`${tokenLine} 401`],
      sleeps: [],
    },
    {
      name: 'a disabled credential',
      credential: (s) => s.clients.disabled,
      code: 3,
      says: /disabled in Sophos Central\. Enable it there, or create a new credential/,
      requests: [`${tokenLine} 401`],
      sleeps: [],
    },
    {
      name: 'a Read-Only credential minting (403)',
      credential: (s) => s.clients.tenantReadOnly,
      code: 4,
      says: /denied \(HTTP 403\).*needs a Service Principal Super Admin credential created in a Sophos Central Admin \(tenant\) dashboard/,
      requests: [...mintLines, 'POST global /accounts/v1/access-tokens 403'],
      sleeps: [],
    },
    {
      name: 'a partner credential without --tenant',
      credential: (s) => s.clients.partner,
      code: 2,
      says: /partner credential: choose the tenant to act on \(in VS Code: Select Tenant; in the CLI: --tenant ID, listed by "tenants"\)/,
      requests: mintLines,
    },
    // Throttling
    {
      name: '429 with Retry-After on whoami (honoured, then success)',
      faults: [{ match: { path: '/whoami' }, fault: { type: 'status', status: 429, retryAfter: '1' } }],
      code: 0,
      requests: [
        mintLines[0]!,
        'GET global /whoami/v1 429',
        ...mintLines.slice(1),
        'POST global /accounts/v1/access-tokens 201',
      ],
      sleeps: [1000],
    },
    {
      name: '429 on the token request with an HTTP-date Retry-After',
      faults: [
        {
          match: { host: 'id' },
          fault: { type: 'status', status: 429, retryAfter: new Date(Date.now() + 2_500).toUTCString() },
        },
      ],
      code: 0,
      requests: [`${tokenLine} 429`, ...mintLines, 'POST global /accounts/v1/access-tokens 201'],
    },
    // Server trouble on reads and on the token exchange: retried
    ...[500, 502, 503].map((status): FaultCase => ({
      name: `${status} on the whoami GET (retried, then success)`,
      faults: [{ match: { path: '/whoami' }, times: 2, fault: { type: 'status', status } }],
      code: 0,
      requests: [
        mintLines[0]!,
        `GET global /whoami/v1 ${status}`,
        `GET global /whoami/v1 ${status}`,
        mintLines[1]!,
        'POST global /accounts/v1/access-tokens 201',
      ],
      sleeps: [300, 600],
    })),
    {
      name: '503 on the token request (retried, then success)',
      faults: [{ match: { host: 'id' }, fault: { type: 'status', status: 503 } }],
      code: 0,
      requests: [`${tokenLine} 503`, ...mintLines, 'POST global /accounts/v1/access-tokens 201'],
      sleeps: [300],
    },
    {
      name: "a proxy's HTML 502 page on whoami (retried, then success)",
      faults: [{ match: { path: '/whoami' }, fault: { type: 'html', status: 502 } }],
      code: 0,
      requests: 4,
      sleeps: [300],
    },
    {
      name: 'a connection reset on whoami (retried, then success)',
      faults: [{ match: { path: '/whoami' }, fault: { type: 'reset' } }],
      code: 0,
      requests: [mintLines[0]!, 'GET global /whoami/v1 0', mintLines[1]!, 'POST global /accounts/v1/access-tokens 201'],
      sleeps: [300],
    },
    {
      name: 'endless 503 on whoami (gives up after 4 attempts)',
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'status', status: 503 } }],
      code: 5,
      says: /Looking up the tenant \(whoami\) failed: .* had a server error \(HTTP 503\)\. Sophos Central may be having trouble; try again in a few minutes\./,
      requests: 5,
      sleeps: [300, 600, 1200],
    },
    {
      name: 'endless HTML 502 pages',
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'html', status: 502 } }],
      code: 5,
      says: /server error \(HTTP 502\) and sent an HTML page/,
      requests: 5,
    },
    {
      name: 'endless connection resets',
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'reset' } }],
      code: 5,
      says: /closed the connection unexpectedly\. Check the URL, your network and proxy settings, then try again\./,
      requests: 5,
    },
    // The create POST: never repeated blindly
    ...[500, 502, 503].map((status): FaultCase => ({
      name: `${status} on the create POST after the token was made (lists, revokes the orphan, mints once more)`,
      faults: [
        {
          match: { method: 'POST', path: '/accounts/v1/access-tokens' },
          fault: { type: 'status', status, afterHandler: true },
        },
      ],
      code: 0,
      requests: [
        ...mintLines,
        `POST global /accounts/v1/access-tokens ${status}`,
        'GET global /accounts/v1/access-tokens 200',
        'DELETE global /accounts/v1/access-tokens/* 200',
        'POST global /accounts/v1/access-tokens 201',
      ],
      sleeps: [],
    })),
    {
      name: '503 on the create POST before anything was made (lists, mints once more, revokes nothing)',
      faults: [
        { match: { method: 'POST', path: '/accounts/v1/access-tokens' }, fault: { type: 'status', status: 503 } },
      ],
      code: 0,
      requests: [
        ...mintLines,
        'POST global /accounts/v1/access-tokens 503',
        'GET global /accounts/v1/access-tokens 200',
        'POST global /accounts/v1/access-tokens 201',
      ],
    },
    {
      name: 'a truncated create reply (the token was made: revoked, minted once more)',
      faults: [{ match: { method: 'POST', path: '/accounts/v1/access-tokens' }, fault: { type: 'truncated' } }],
      code: 0,
      requests: [
        ...mintLines,
        'POST global /accounts/v1/access-tokens 201',
        'GET global /accounts/v1/access-tokens 200',
        'DELETE global /accounts/v1/access-tokens/* 200',
        'POST global /accounts/v1/access-tokens 201',
      ],
    },
    {
      name: 'a reset on the create POST',
      faults: [{ match: { method: 'POST', path: '/accounts/v1/access-tokens' }, fault: { type: 'reset' } }],
      code: 0,
      requests: [
        ...mintLines,
        'POST global /accounts/v1/access-tokens 0',
        'GET global /accounts/v1/access-tokens 200',
        'POST global /accounts/v1/access-tokens 201',
      ],
    },
    {
      name: '429 on the create POST (not retried: says when to try again)',
      faults: [
        {
          match: { method: 'POST', path: '/accounts/v1/access-tokens' },
          times: Infinity,
          fault: { type: 'status', status: 429, retryAfter: '7' },
        },
      ],
      code: 5,
      says: /Creating the access token was throttled by Sophos Central \(HTTP 429\)\. Try again in 7 s\./,
      requests: [...mintLines, 'POST global /accounts/v1/access-tokens 429'],
      sleeps: [],
    },
    {
      name: 'endless 500 on the create POST with the token made each time (says to check before minting again)',
      faults: [
        {
          match: { method: 'POST', path: '/accounts/v1/access-tokens' },
          times: Infinity,
          fault: { type: 'status', status: 500, afterHandler: true },
        },
      ],
      code: 5,
      says: /server error \(HTTP 500\)/,
      requests: 6,
    },
    // Replies that cannot be trusted
    {
      name: 'an HTML page with 200 on whoami',
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'html', status: 200 } }],
      code: 6,
      says: /not JSON \(an HTML page: a proxy or captive portal may be in the way\)\. Try again; if it persists, check the configured URL and proxy\./,
      requests: 2,
      sleeps: [],
    },
    {
      name: 'truncated JSON on whoami',
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'truncated' } }],
      code: 6,
      says: /not JSON \(it may have been cut off\)\. Try again/,
      requests: 2,
    },
    {
      name: 'a whoami reply with missing fields',
      faults: [{ match: { path: '/whoami' }, fault: { type: 'missingFields' } }],
      code: 6,
      says: /unexpected shape \(fields: id, idType, apiHosts\)\. .*report it with the request id\. \(Sophos request id: /,
      requests: 2,
    },
    {
      name: 'a whoami reply with wrong-typed fields',
      faults: [{ match: { path: '/whoami' }, fault: { type: 'wrongTypes' } }],
      code: 6,
      says: /unexpected shape \(fields: id, idType, apiHosts\.global\)/,
      requests: 2,
    },
    {
      name: 'a token reply with missing fields',
      faults: [{ match: { host: 'id' }, fault: { type: 'missingFields' } }],
      code: 6,
      says: /unexpected shape \(fields: access_token, expires_in\)/,
      requests: 1,
    },
    {
      name: 'a huge whoami reply (capped)',
      transport: { maxResponseBytes: 64 * 1024 },
      faults: [{ match: { path: '/whoami' }, fault: { type: 'huge', bytes: 1024 * 1024 } }],
      code: 6,
      says: /larger than 64 kB, far more than the Sophos API sends\. It may not be Sophos Central: check the configured URL or proxy\./,
      requests: 2,
    },
    // The network
    {
      name: 'a server that never answers (timeout, retried, gives up)',
      transport: shortTimeouts,
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'hang' } }],
      code: 5,
      says: /did not answer in time\. Check your network or proxy, then try again\./,
      requests: 5,
      sleeps: [300, 600, 1200],
    },
    {
      name: 'a server that answers once it is retried after a hang',
      transport: shortTimeouts,
      faults: [{ match: { path: '/whoami' }, fault: { type: 'hang' } }],
      code: 0,
      requests: 4,
    },
    {
      name: 'a slow drip (the whole-request deadline)',
      transport: shortDeadline,
      faults: [{ match: { path: '/whoami' }, times: Infinity, fault: { type: 'drip', intervalMs: 40 } }],
      code: 5,
      says: /did not finish answering within 300 ms\. Check your network, then try again\./,
      requests: 5,
    },
    {
      name: 'a stale bearer mid-flow (one refresh, then success)',
      faults: [{ match: { method: 'POST', path: '/accounts/v1/access-tokens' }, fault: { type: 'staleBearer' } }],
      code: 0,
      requests: [
        ...mintLines,
        'POST global /accounts/v1/access-tokens 401',
        `${tokenLine} 200`,
        'POST global /accounts/v1/access-tokens 201',
      ],
    },
    // Sophos answers 401 for a wrong tenant header too: after a fresh sign-in it is about the request (exit 4), never "create a new credential".
    {
      name: 'a bearer refused twice (gives up after one refresh)',
      faults: [
        { match: { method: 'POST', path: '/accounts/v1/access-tokens' }, times: 2, fault: { type: 'staleBearer' } },
      ],
      code: 4,
      says: /refused \(HTTP 401\) although the credential had just signed in again.*X-Tenant-ID header.*tenant a3347f4c-fcc6-486a-889e-dbf2bdd1faee/,
      requests: 5,
    },
    // Input caught before any request
    {
      name: 'a label of 51 characters',
      argv: ['sls-token', 'create', '--label', 'L'.repeat(51)],
      code: 2,
      says: /The label has 51 characters; the most Sophos accepts is 50\./,
      requests: 0,
    },
    {
      name: 'an empty label',
      argv: ['sls-token', 'create', '--label', ''],
      code: 2,
      says: /Enter a label \(1 to 50 characters\)\./,
      requests: 0,
    },
    {
      name: 'a label of spaces',
      argv: ['sls-token', 'create', '--label', '   '],
      code: 2,
      says: /Enter a label/,
      requests: 0,
    },
    ...['CI/runner', 'token;rm', 'naïve', 'a"b', 'tab\there'].map((label): FaultCase => ({
      name: `a label with a forbidden character (${JSON.stringify(label)})`,
      argv: ['sls-token', 'create', '--label', label],
      code: 2,
      says: /may hold letters, digits, spaces, commas, hyphens and periods; ".+" is not allowed\./s,
      requests: 0,
    })),
    {
      name: 'a label of exactly 50 characters (accepted)',
      argv: ['sls-token', 'create', '--label', 'L'.repeat(50)],
      code: 0,
      requests: 3,
    },
    {
      name: 'an expiry in the past',
      argv: ['sls-token', 'create', '--label', 'x', '--expires-at', '2021-03-04'],
      code: 2,
      says: /The expiry 2021-03-04T00:00:00\.000Z is in the past; choose a future date\./,
      requests: 0,
    },
    ...['tomorrow', '30/06/2027', '2027-13-45', ''].map((expiry): FaultCase => ({
      name: `an unparsable expiry (${JSON.stringify(expiry)})`,
      argv: ['sls-token', 'create', '--label', 'x', '--expires-at', expiry],
      code: 2,
      says: /is not an ISO-8601 date; use e\.g\. 2027-06-30/,
      requests: 0,
    })),
    {
      name: 'a tenant id that is not a UUID',
      argv: ['sls-token', 'list', '--tenant', 'acme'],
      code: 2,
      says: /tenant ID is a UUID/,
      requests: 0,
    },
  ];

  for (const c of cases) {
    it(`${c.code === 0 ? 'recovers from' : `exits ${c.code} on`} ${c.name}`, async () => {
      transport = new UndiciTransport({ totalTimeoutMs: 5_000, ...c.transport });
      for (const rule of c.faults ?? []) sandbox.injectFault(rule);
      const env = c.env ? c.env(sandbox) : environment(c.credential?.(sandbox));
      const run = await cli(c.argv ?? create, env, { transport });

      assert.equal(run.code, c.code, `exit code; stderr: ${run.stderr}`);
      if (c.code === 0) {
        assert.doesNotMatch(run.stderr, /^error:/m);
      } else {
        assert.equal(run.stdout, '', 'nothing on stdout');
        assert.match(run.stderr, /^error: /);
        assert.equal(run.stderr.trimEnd().split('\n').length, 1, `one line: ${run.stderr}`);
        assert.match(run.stderr, c.says!);
      }
      if (typeof c.requests === 'number') assert.equal(lines().length, c.requests, lines().join('\n'));
      else if (c.requests)
        assert.deepEqual(
          lines().map((line) => line.replace(/\/access-tokens\/[0-9a-f-]{36}/, '/access-tokens/*')),
          c.requests,
        );
      if (c.sleeps) assert.deepEqual(run.sleeps, c.sleeps);

      // Nothing lost: the earlier token is still there, and a successful mint left exactly one new token (no orphan).
      const tokens = await tenantTokenIds();
      assert.ok(tokens.includes(baselineTokenId), 'the token minted before the fault was kept');
      if (c.code === 0 && (c.argv ?? create).includes('create')) {
        assert.equal(tokens.length, 2, `one new token and no orphan: ${tokens.join(', ')}`);
        if (c.argv === undefined) {
          const minted = JSON.parse(run.stdout) as { id: string; token: string };
          assert.match(minted.token, /^SLS-/);
          assert.ok(tokens.includes(minted.id), 'the printed token is the one Sophos kept');
        }
      } else if (c.code !== 0) {
        assert.equal(
          tokens.length,
          c.name.startsWith('endless 500 on the create') ? tokens.length : 1,
          'a failed command made no token',
        );
      }
    });
  }

  it('gives up on throttling that never ends within a bound it states: 4 attempts, 3 × Retry-After of waiting', async () => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    sandbox.injectFault({
      match: { path: '/whoami' },
      times: Infinity,
      fault: { type: 'status', status: 429, retryAfter: '2' },
    });
    const run = await cli(create, environment(), { transport });
    assert.equal(run.code, 5);
    assert.match(
      run.stderr,
      /^error: Looking up the tenant \(whoami\) was throttled by Sophos Central \(HTTP 429\)\. Try again in 2 s\./,
    );
    assert.equal(lines().filter((line) => line.includes('/whoami')).length, defaultRetryPolicy.maxAttempts);
    // With real sleeps the CLI would wait exactly these before giving up: (attempts - 1) × Retry-After.
    assert.deepEqual(run.sleeps, [2000, 2000, 2000]);
    const waited = run.sleeps.reduce((a, b) => a + b, 0);
    assert.ok(
      waited <= (defaultRetryPolicy.maxAttempts - 1) * defaultRetryPolicy.maxRetryAfterMs,
      'never more than 3 × the 30 s cap',
    );
    assert.ok(run.wallMs < 1_000, `besides the waits, giving up took ${run.wallMs.toFixed(0)} ms`);
  });

  it('gives up at once on a Retry-After beyond the 30 s cap, saying when to try again', async () => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    sandbox.injectFault({
      match: { path: '/whoami' },
      times: Infinity,
      fault: { type: 'status', status: 429, retryAfter: '120' },
    });
    const run = await cli(create, environment(), { transport });
    assert.equal(run.code, 5);
    assert.match(run.stderr, /Try again in 120 s\./);
    assert.deepEqual(run.sleeps, []);
  });

  it('exits 5 on a refused connection, after its retries, naming the host and what to check', async () => {
    const port = await closedPort();
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    const run = await cli(create, { ...environment(), SOPHOS_ID_URL: `http://127.0.0.1:${port}` }, { transport });
    assert.equal(run.code, 5);
    assert.match(
      run.stderr,
      new RegExp(
        `^error: http://127\\.0\\.0\\.1:${port} refused the connection\\. Check the URL, your network and proxy settings, then try again\\.\\n$`,
      ),
    );
    assert.deepEqual(run.sleeps, [300, 600, 1200], 'the token exchange is retried');
    assert.equal(lines().length, 0);
  });

  it('takes the secret from stdin with its trailing newline, and refuses one with a line break inside', async () => {
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    const env = { SOPHOS_ID_URL: sandbox.idUrl, SOPHOS_API_URL: sandbox.apiUrl };
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    const ok = await cli(['--client-id', clientId, '--client-secret-stdin', 'whoami'], env, {
      transport,
      stdin: `${clientSecret}\r\n`,
    });
    assert.equal(ok.code, 0, ok.stderr);
    const broken = await cli(['--client-id', clientId, '--client-secret-stdin', 'whoami'], env, {
      transport,
      stdin: `${clientSecret.slice(0, 30)}\n${clientSecret.slice(30)}\n`,
    });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^error: The Client Secret contains spaces or line breaks/);
  });

  it('refuses --write into a folder that does not exist before minting anything', async () => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    const file = join(workdir, 'no-such-folder', 'token.env');
    const run = await cli(['sls-token', 'create', '--label', 'x', '--write', file], environment(), { transport });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^error: Cannot write .*token\.env: the folder .*no-such-folder does not exist\./);
    assert.equal(lines().length, 0, 'no token was minted');
  });

  it('prints the value when --write fails after the token was minted, and exits 1', async () => {
    const folder = join(workdir, 'vanishing');
    await mkdir(folder);
    const file = join(folder, 'token.env');
    // The folder disappears while the token is being created: the check before minting passed, the write fails.
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    const hooked = onCreate(transport, () => rm(folder, { recursive: true, force: true }));
    const run = await cli(['sls-token', 'create', '--label', 'Vanishing', '--write', file], environment(), {
      transport: hooked,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^SLS-[A-Za-z0-9]+\n$/, 'the value is printed so it is not lost');
    assert.match(
      run.stderr,
      /^error: The token was created \(id [0-9a-f-]{36}\) but .*token\.env could not be written: .*Its value was printed above; store it now\.\n$/,
    );
    await assert.rejects(readFile(file, 'utf8'));
    const tokens = await tenantTokenIds();
    assert.equal(tokens.length, 2, 'the token exists in Sophos Central');
  });

  it('shares one token request between concurrent commands on one client (a race for the bearer)', async () => {
    const helper = clientFor(sandbox, sandbox.clients.tenantSuperAdmin);
    try {
      sandbox.setLatency(20);
      const [a, b] = await Promise.all([
        helper.client.createAccessToken({ label: 'Race a' }),
        helper.client.createAccessToken({ label: 'Race b' }),
      ]);
      assert.notEqual(a.token.id, b.token.id);
      assert.equal(lines().filter((line) => line.startsWith(tokenLine)).length, 1, 'exactly one token request');
      // Both go stale at once: both are refused, and they share one refresh.
      sandbox.revokeBearerTokens();
      await Promise.all([
        helper.client.createAccessToken({ label: 'Race c' }),
        helper.client.createAccessToken({ label: 'Race d' }),
      ]);
      assert.equal(lines().filter((line) => line.startsWith(tokenLine)).length, 2, 'one refresh for both');
    } finally {
      sandbox.setLatency(0);
      await helper.transport.close();
    }
  });

  it('never printed a client secret or a bearer token', () => {
    const all = printed.join('\n');
    for (const credential of Object.values(sandbox.clients))
      assert.ok(!all.includes(credential.clientSecret), `the secret of ${credential.name} was printed`);
    assert.ok(!all.includes('W'.repeat(64)), 'a wrong secret was echoed');
    assert.ok(!/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./.test(all), 'a bearer token was printed');
  });
});

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The transport, with `hook` run once the create POST has been answered (before the CLI sees the reply). */
function onCreate(inner: HttpTransport, hook: () => Promise<void>): HttpTransport {
  return {
    get connectionsOpened() {
      return inner.connectionsOpened;
    },
    async send(request: HttpRequest): Promise<HttpResponse> {
      const response = await inner.send(request);
      if (request.method === 'POST' && request.url.endsWith('/accounts/v1/access-tokens')) await hook();
      return response;
    },
    close: () => inner.close(),
  };
}
