/**
 * The CLI's figures (issue: the CLI as a real tool for scripts and CI), against the sandbox at 50 ms per reply and
 * side by side with the SLS guide's three curl commands in the same run. Medians of whole processes, spawn to
 * exit, except the fan-out, which is timed in-process so node's own start does not count against the network.
 * Run inside a private Secret Service (scripts/keyring-session.mjs) so warm profiles use the real keyring.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../src/cli/cli';
import { startSandbox, type Sandbox } from '../src/sandbox/server';
import type { SandboxTenant } from '../src/sandbox/types';
import { cli } from '../test/keyring/support';
import { curlPath, threeCurls } from './sls-guide-curls';

/** Outside a D-Bus session (no Secret Service) the profiles go to the plain file, and the table says so. */
const keyringFlag = process.env.DBUS_SESSION_BUS_ADDRESS ? [] : ['--insecure-storage'];
const runs = Number(process.env.BENCH_RUNS ?? 9);
const latencyMs = 50;
const rows: string[][] = [];
let missed = false;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const ms = (value: number) => `${Math.round(value)} ms`;

function target(met: boolean, text: string): string {
  if (!met) missed = true;
  return `${text}: ${met ? 'met' : 'MISSED'}`;
}

interface Sample {
  wallMs: number;
  requests: string[];
}

/** Runs `action` `count` times; requests are those the sandbox logged during each run. */
async function sample(sandbox: Sandbox, count: number, action: () => Promise<unknown>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const before = sandbox.requests.length;
    const started = performance.now();
    await action();
    samples.push({ wallMs: performance.now() - started, requests: sandbox.requests.slice(before).map((r) => r.path) });
  }
  return samples;
}

/** What `npm install -g` of the package runs: the minified bundle of packages/cli. */
const installedProgram = 'packages/cli/dist/cli.js';

/** The bundled CLI in its own process; its stdout, or a failure with its stderr. */
async function cliProcess(home: string, sandbox: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}, stdin = '') {
  const run = await cli(home, sandbox, args, { env, stdin, program: installedProgram });
  if (run.code !== 0) throw new Error(`${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

/** A partner credential with `count` tenants, signed in once as profile `name` (its whoami and bearer cached). */
async function partnerProfile(sandbox: Sandbox, home: string, name: string, clientId: string, count: number) {
  const partner = { ...sandbox.clients.partner, clientId, tenants: tenantsNamed(name, count) };
  sandbox.addClient(partner);
  const login = ['auth', 'login', '--profile', name, '--client-id', clientId, '--client-secret-stdin', ...keyringFlag];
  await cliProcess(home, sandbox, login, {}, partner.clientSecret);
}

function tenantsNamed(prefix: string, count: number): SandboxTenant[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    name: `${prefix} ${String(index + 1).padStart(4, '0')}`,
    dataGeography: 'DE',
    dataRegion: 'eu02',
    billingType: 'usage',
  }));
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const home = mkdtempSync(join(tmpdir(), 'sophos-cli-bench-'));
  try {
    sandbox.setLatency(latencyMs);
    const tenant = sandbox.clients.tenantSuperAdmin;
    const envCredential = { SOPHOS_CLIENT_ID: tenant.clientId, SOPHOS_CLIENT_SECRET: tenant.clientSecret };
    const create = ['sls-token', 'create', '--label', 'Bench'];

    const curls = curlPath
      ? median((await sample(sandbox, runs, () => threeCurls(sandbox))).map((s) => s.wallMs))
      : NaN;
    const nodeStart = median(
      (await sample(sandbox, runs, () => new Promise((done) => execFile(process.execPath, ['-e', '0'], done)))).map(
        (s) => s.wallMs,
      ),
    );
    const cold = await sample(sandbox, runs, () => cliProcess(home, sandbox, create, envCredential));
    const coldWall = median(cold.map((s) => s.wallMs));
    const coldRequests = Math.max(...cold.map((s) => s.requests.length));

    await cliProcess(
      home,
      sandbox,
      ['auth', 'login', '--profile', 'acme', '--client-id', tenant.clientId, '--client-secret-stdin', ...keyringFlag],
      {},
      tenant.clientSecret,
    );
    const warm = await sample(sandbox, runs, () => cliProcess(home, sandbox, ['--profile', 'acme', ...create]));
    const warmWall = median(warm.map((s) => s.wallMs));
    const warmRequests = Math.max(...warm.map((s) => s.requests.length));

    rows.push(
      ['node -e 0 (node start alone)', ms(nodeStart), '', ''],
      ['SLS guide: three curl commands', ms(curls), '3', 'baseline'],
      [
        'cold sls-token create (environment credential)',
        `${ms(coldWall)} (${(coldWall / curls).toFixed(2)}×)`,
        String(coldRequests),
        target(coldRequests === 3 && coldWall <= 1.2 * curls, 'exactly 3 requests, ≤ 1.2 × curls'),
      ],
      [
        `warm sls-token create (profile, ${keyringFlag.length ? 'plain file: no keyring here' : 'OS keyring'})`,
        `${ms(warmWall)} (${(warmWall / curls).toFixed(2)}×)`,
        String(warmRequests),
        target(warmRequests === 1 && warmWall <= 0.5 * curls, '1 request, ≤ 0.5 × curls'),
      ],
    );

    // 1,000 tenants, pages capped at 50 by the server, totals sent when asked for (as Sophos' tenant lists do).
    await partnerProfile(sandbox, home, 'big', 'b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e', 1000);
    sandbox.injectFault({
      match: { path: '/partner/v1/tenants' },
      times: Infinity,
      fault: { type: 'pageCap', size: 50, keepTotals: true },
    });
    let listed: unknown[] = [];
    const [paged] = await sample(sandbox, 1, async () => {
      listed = JSON.parse(
        await cliProcess(home, sandbox, ['--profile', 'big', 'api', '/partner/v1/tenants', '--paginate']),
      );
    });
    sandbox.clearFaults();
    const pageRequests = paged!.requests.filter((path) => path.startsWith('/partner/v1/tenants')).length;
    const unique = new Set(listed.map((item) => (item as { id: string }).id)).size;
    rows.push([
      'api /partner/v1/tenants --paginate: 1,000 tenants, server pages of 50',
      ms(paged!.wallMs),
      String(paged!.requests.length),
      target(
        pageRequests === 20 && paged!.requests.length === 20 && unique === 1000,
        `requests = pages = 20, 1,000 tenants (got ${pageRequests} pages, ${unique} tenants)`,
      ),
    ]);

    // Fan-out: 100 tenants at concurrency 4, in-process (the profile's bearer and whoami cached in the keyring).
    await partnerProfile(sandbox, home, 'hundred', 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f', 100);
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
    };
    let lines = 0;
    const fan = await sample(sandbox, 3, async () => {
      lines = 0;
      const code = await runCli({
        argv: ['--profile', 'hundred', 'api', '/endpoint/v1/endpoints', '--all-tenants', '--concurrency', '4'],
        env,
        stdout: (text) => void (lines += text.split('\n').length - 1),
        stderr: () => undefined,
        readStdin: async () => '',
      });
      if (code !== 0) throw new Error(`fan-out exited ${code}`);
    });
    const fanWall = median(fan.map((s) => s.wallMs));
    const budget = 1.2 * Math.ceil(100 / 4) * latencyMs;
    rows.push([
      'api --all-tenants over 100 tenants, concurrency 4 (in-process)',
      ms(fanWall),
      String(fan[0]!.requests.length),
      target(
        fanWall <= budget && lines === 100,
        `≤ 1.2 × ceil(100/4) × ${latencyMs} ms = ${budget} ms, 100 results (tenant list + 100 calls)`,
      ),
    ]);
  } finally {
    await sandbox.close();
    rmSync(home, { recursive: true, force: true });
  }
  console.log(
    `CLI (${installedProgram}, as installed) at ${latencyMs} ms per reply (sandbox over HTTP), medians of ${runs} runs, spawn to exit:\n`,
  );
  const header = ['flow', 'wall', 'requests', 'target'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  if (missed) console.log('\nA target was missed (see above).');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
