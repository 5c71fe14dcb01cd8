/**
 * `npm run bench`: the figures the issues ask for, against the sandbox with injected latency. Medians of
 * several runs; every run starts from the state it claims (cold: new process or new transport; warm: cached
 * bearer and whoami).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SophosCentralClient, SophosHttp, resolveNetwork } from '../src/core/api';
import { UndiciTransport } from '../src/core/api/undici-transport';
import { runCli } from '../src/cli/cli';
import { Credentials } from '../src/core/credentials';
import { startSandbox, type Sandbox } from '../src/sandbox/server';
import { MemoryStorage } from '../test/support/memory-storage';
import { curlPath, threeCurls } from './sls-guide-curls';
import { ms, printSection } from './tables';
import { scanFigures } from './scan-bench';
import type { TreeFigures } from './tree-bench';

interface Row {
  /** Set when the flow could not run (e.g. "curl not found"). */
  note?: string;
  flow: string;
  latencyMs: number;
  requests: number;
  connections: number;
  wallMs: number;
}

const runsPerFigure = Number(process.env.BENCH_RUNS ?? 15);
const latencies = (process.env.BENCH_LATENCIES ?? '0,20,50').split(',').map(Number);

const extra: (() => void)[] = [];
const healthRows: string[][] = [];

async function main(): Promise<void> {
  console.log(
    `Machine: ${cpus().length} cores (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}/${process.arch}`,
  );
  const sandbox = await startSandbox();
  // The same flows over HTTPS, trusting the sandbox's CA as a corporate user would trust their proxy's:
  // connections then count TLS handshakes, and the cold CLI must stay at one per host.
  const tlsSandbox = await startSandbox({ tls: true });
  const rows: Row[] = [];
  try {
    for (const latencyMs of latencies) {
      for (const target of [sandbox, tlsSandbox]) {
        const https = target === tlsSandbox ? ', HTTPS' : '';
        target.setLatency(latencyMs);
        rows.push(
          await measure(target, `cold CLI, in-process (token, whoami, create)${https}`, latencyMs, () =>
            coldInProcess(target),
          ),
        );
        rows.push(
          await measure(target, `cold CLI, new process (token, whoami, create)${https}`, latencyMs, () =>
            coldProcess(target),
          ),
        );
        rows.push(await warmFlow(target, latencyMs));
        rows.push(
          await measure(target, `SLS guide: three curl commands (token, whoami, create)${https}`, latencyMs, () =>
            threeCurls(target),
          ),
        );
      }
    }
    sandbox.setLatency(0);
    extra.push(() =>
      printSection(
        'Health check of 100 credentials (CredentialService.testMany: sign-in and whoami each, 2 round trips)',
        ['latency', 'concurrency', 'wall', 'ceil(100/c) × 2 × latency', 'ratio'],
        healthRows,
      ),
    );
    for (const concurrency of [4, 8]) healthRows.push(await healthCheck(sandbox, 50, concurrency));
    sandbox.setLatency(0);
    const memory = await memoryOfMints(sandbox, 1000);
    extra.push(() =>
      printSection(
        'Memory: 1,000 mints in-process (CredentialService over an in-memory vault, sandbox at 0 ms)',
        ['', 'heapUsed', 'RSS'],
        memory,
      ),
    );
    const tree = await treeFigures(sandbox);
    extra.push(() =>
      printSection(
        `Credentials tree: ${tree.credentials} credentials × ${tree.tokensEach} tokens, real CredentialsTreeProvider in plain Node (vscode stubbed), medians`,
        ['step', 'time', 'requests', 'target'],
        [
          [
            'first level (getChildren + getTreeItem × 1,000)',
            ms(tree.firstLevelMs),
            '0',
            `< 20 ms: ${tree.firstLevelMs < 20 ? 'met' : 'MISSED'}`,
          ],
          ['expand a credential (details)', ms(tree.expandCredentialMs), '0', ''],
          [
            'expand Access tokens, cached',
            ms(tree.expandTokensCachedMs),
            String(tree.requestsOnCachedExpand),
            'no request: ' + (tree.requestsOnCachedExpand === 0 ? 'met' : 'MISSED'),
          ],
          [
            'expand Access tokens, first time (sandbox at 0 ms)',
            ms(tree.expandTokensColdMs),
            String(tree.requestsOnColdExpand),
            'sign-in, whoami, list',
          ],
        ],
      ),
    );
    if (tree.requestsOnCachedExpand !== 0) process.exitCode = 1;
  } finally {
    await Promise.all([sandbox.close(), tlsSandbox.close()]);
  }
  printTable(rows);
  for (const print of extra) print();
  printTargets(rows);
  printSection('Bundles (node esbuild.mjs --production)', ['artifact', 'size', 'target'], bundleSizes());
  printSection(
    "Activation (VS Code's Running Extensions view, as the e2e suite last read it)",
    ['source', 'Sophos Central Credentials', 'one-command extension', 'target'],
    [activation()],
  );
  const { scans, trackedMs } = await scanFigures();
  printSection(
    'sophos-central scan, in-process: a generated tree, 20 secrets planted, medians of 3',
    ['setup', 'files', 'size', 'findings', 'wall', 'target'],
    scans.map((scan) => [
      scan.setup,
      scan.files.toLocaleString('en'),
      `${scan.megabytes.toFixed(1)} MB`,
      String(scan.findings),
      ms(scan.wallMs),
      `< 5 s: ${scan.wallMs < 5000 ? 'met' : 'MISSED'}`,
    ]),
  );
  if (scans.some((scan) => scan.wallMs >= 5000 || scan.findings !== 20)) process.exitCode = 1;
  printSection(
    'Quick fixes on a kept token: is the file tracked? (one git ls-files in that 10,000-file repository, median of 9)',
    ['answer', 'target'],
    [[ms(trackedMs), `< 250 ms, the lightbulb's wait: ${trackedMs < 250 ? 'met' : 'MISSED'}`]],
  );
  // The TLS figures the issue promises: fail the run if a change breaks them.
  const broken = rows.filter(
    (row) =>
      row.flow.endsWith('HTTPS') &&
      !row.flow.startsWith('SLS guide') &&
      (row.flow.startsWith('cold') ? row.connections > 2 : row.connections !== 0),
  );
  if (broken.length > 0) {
    console.error(
      `TLS connection budget exceeded: ${broken.map((row) => `${row.flow} at ${row.latencyMs} ms opened ${row.connections}`).join('; ')}`,
    );
    process.exitCode = 1;
  }
}

/** Environment for the CLI: the sandbox, its demo Super Admin, and its CA when it speaks HTTPS. */
function cliEnvironment(sandbox: Sandbox): NodeJS.ProcessEnv {
  const credential = sandbox.clients.tenantSuperAdmin;
  return {
    SOPHOS_ID_URL: sandbox.idUrl,
    SOPHOS_API_URL: sandbox.apiUrl,
    SOPHOS_CLIENT_ID: credential.clientId,
    SOPHOS_CLIENT_SECRET: credential.clientSecret,
    ...(sandbox.caFile ? { NODE_EXTRA_CA_CERTS: sandbox.caFile } : {}),
  };
}

async function measure(sandbox: Sandbox, flow: string, latencyMs: number, run: () => Promise<void>): Promise<Row> {
  if (flow.startsWith('SLS guide') && !curlPath)
    return { flow, latencyMs, requests: 0, connections: 0, wallMs: 0, note: 'curl not found' };
  const samples: Row[] = [];
  for (let i = 0; i < runsPerFigure; i++) {
    sandbox.reset();
    sandbox.setLatency(latencyMs);
    const connectionsBefore = totalConnections(sandbox);
    const started = performance.now();
    await run();
    samples.push({
      flow,
      latencyMs,
      requests: sandbox.requests.length,
      connections: totalConnections(sandbox) - connectionsBefore,
      wallMs: performance.now() - started,
    });
  }
  return median(samples);
}

async function coldInProcess(sandbox: Sandbox): Promise<void> {
  const code = await runCli({
    argv: ['sls-token', 'create', '--label', 'Bench'],
    env: cliEnvironment(sandbox),
    stdout: () => undefined,
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => '',
  });
  if (code !== 0) throw new Error(`the CLI exited ${code}`);
}

function coldProcess(sandbox: Sandbox): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [resolve('dist/cli.js'), 'sls-token', 'create', '--label', 'Bench'],
      { env: { PATH: process.env.PATH, ...cliEnvironment(sandbox) } },
      (error) => (error ? fail(error) : done()),
    );
  });
}

/** The editor's case: one long-lived client whose bearer and whoami are cached; a mint is one request. */
async function warmFlow(sandbox: Sandbox, latencyMs: number): Promise<Row> {
  const transport = new UndiciTransport({
    network: resolveNetwork({ extraCaPem: sandbox.caPem ? [sandbox.caPem] : [] }),
  });
  const credential = sandbox.clients.tenantSuperAdmin;
  const client = new SophosCentralClient({
    http: new SophosHttp(transport),
    idUrl: sandbox.idUrl,
    apiUrl: sandbox.apiUrl,
    ...credential,
  });
  try {
    await client.createAccessToken({ label: 'Warm up' });
    const samples: Row[] = [];
    for (let i = 0; i < runsPerFigure; i++) {
      const before = sandbox.requests.length;
      const connectionsBefore = totalConnections(sandbox);
      const started = performance.now();
      await client.createAccessToken({ label: 'Bench' });
      samples.push({
        flow: `warm editor, in-process (create only)${sandbox.caPem ? ', HTTPS' : ''}`,
        latencyMs,
        requests: sandbox.requests.length - before,
        connections: totalConnections(sandbox) - connectionsBefore,
        wallMs: performance.now() - started,
      });
    }
    return median(samples);
  } finally {
    await transport.close();
  }
}

/** TCP connections; over HTTPS, completed TLS handshakes. */
function totalConnections(sandbox: Sandbox): number {
  const counts = sandbox.caPem ? sandbox.tlsConnections : sandbox.connections;
  return counts.id + counts.global + counts.region;
}

function median(samples: Row[]): Row {
  const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function printTable(rows: Row[]): void {
  const header = ['flow', 'latency', 'requests', 'connections', 'wall (median)', 'ratio to requests × latency'];
  const lines = rows.map((row) =>
    row.note
      ? [row.flow, `${row.latencyMs} ms`, row.note, '', '', '']
      : [
          row.flow,
          `${row.latencyMs} ms`,
          String(row.requests),
          String(row.connections),
          `${row.wallMs.toFixed(1)} ms`,
          row.latencyMs === 0 ? 'n/a' : (row.wallMs / (row.requests * row.latencyMs)).toFixed(3),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    `\nSophos Central sandbox benchmark (${runsPerFigure} runs per figure, Node ${process.version}, ${process.platform}/${process.arch})\n`,
  );
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

/** testMany over 100 stored credentials at the given latency and concurrency. */
async function healthCheck(sandbox: Sandbox, latencyMs: number, concurrency: number): Promise<string[]> {
  const { credentials, transport } = credentialsOver(sandbox);
  try {
    const ids: string[] = [];
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    for (let i = 0; i < 100; i++)
      ids.push(
        (
          await credentials.add(
            { name: `Health ${i}`, role: 'superAdmin', clientId, createdOn: '2026-01-01' },
            clientSecret,
          )
        ).id,
      );
    sandbox.reset();
    sandbox.setLatency(latencyMs);
    const started = performance.now();
    const results = await credentials.testMany(ids, { concurrency });
    const wall = performance.now() - started;
    if (results.some((result) => !result.ok)) throw new Error('a health check failed');
    const ideal = Math.ceil(100 / concurrency) * 2 * latencyMs;
    return [`${latencyMs} ms`, String(concurrency), ms(wall), ms(ideal), (wall / ideal).toFixed(3)];
  } finally {
    await transport.close();
  }
}

function credentialsOver(sandbox: Sandbox) {
  const storage = new MemoryStorage();
  const transport = new UndiciTransport();
  const credentials = new Credentials({
    vault: storage,
    state: storage,
    http: new SophosHttp(transport),
    endpoints: { idUrl: sandbox.idUrl, apiUrl: sandbox.apiUrl },
  });
  return { credentials, transport };
}

/** heapUsed and RSS after a forced GC, before and after 1,000 mints kept in the store and vault. */
async function memoryOfMints(sandbox: Sandbox, count: number): Promise<string[][]> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { credentials, transport } = credentialsOver(sandbox);
  try {
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    const credential = await credentials.add(
      { name: 'Memory', role: 'superAdmin', clientId, createdOn: '2026-01-01' },
      clientSecret,
    );
    await credentials.tokens.mint(credential.id, { label: 'Warm up' });
    gc();
    const before = process.memoryUsage();
    for (let i = 0; i < count; i++) await credentials.tokens.mint(credential.id, { label: `Mint ${i}` });
    gc();
    const after = process.memoryUsage();
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return [
      ['before', mb(before.heapUsed), mb(before.rss)],
      [`after ${count} mints`, mb(after.heapUsed), mb(after.rss)],
      ['difference', mb(after.heapUsed - before.heapUsed), mb(after.rss - before.rss)],
      ['per mint', `${((after.heapUsed - before.heapUsed) / count / 1024).toFixed(2)} kB`, ''],
    ];
  } finally {
    await transport.close();
  }
}

/** Loads the tree benchmark with `vscode` resolved to the stub. */
async function treeFigures(sandbox: Sandbox): Promise<TreeFigures> {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode'
      ? original.call(this, join(__dirname, 'vscode-stub.js'), ...rest)
      : original.call(this, request, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { benchTree } = require(join(__dirname, 'tree-bench.js')) as typeof import('./tree-bench');
    return await benchTree(sandbox, 1000, 10, runsPerFigure);
  } finally {
    loader._load = original;
  }
}

function bundleSizes(): string[][] {
  const root = resolve(__dirname, '..', '..');
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  const size = (path: string) => statSync(join(root, path)).size;
  const extension = size('dist/extension.js');
  const rows = [
    [
      'extension (dist/extension.js, loaded at activation)',
      kb(extension),
      `< 250 kB: ${extension < 250 * 1024 ? 'met' : 'MISSED'}`,
    ],
    ['  features (dist/features.js, on first use or just after activation)', kb(size('dist/features.js')), ''],
    ['  lazy: undici (dist/undici.js, at the first request)', kb(size('dist/undici.js')), ''],
    [
      '  lazy: yaml, jsonc-parser (dist/config-parsers.js, at the first YAML/JSON edit or scan)',
      kb(size('dist/config-parsers.js')),
      '',
    ],
    ['webview (dist/webview/credential-details.js)', kb(size('dist/webview/credential-details.js')), ''],
    ['CLI (dist/cli.js)', kb(size('dist/cli.js')), ''],
  ];
  const out = mkdtempSync(join(tmpdir(), 'sophos-vsix-'));
  try {
    const vsix = join(out, 'extension.vsix');
    execFileSync(
      process.execPath,
      [
        'node_modules/@vscode/vsce/vsce',
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--baseContentUrl',
        'https://example.invalid',
        '--baseImagesUrl',
        'https://example.invalid',
        '--out',
        vsix,
      ],
      { cwd: root, stdio: 'ignore' },
    );
    rows.push(['VSIX (vsce package --no-dependencies)', kb(statSync(vsix).size), '']);
  } catch (error) {
    rows.push(['VSIX', `vsce failed: ${(error as Error).message.split('\n')[0]}`, '']);
  } finally {
    rmSync(out, { recursive: true, force: true });
    // (the base URLs only let vsce rewrite README image links: the package has no repository field)
    // Back to the development build the other npm scripts expect.
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
  return rows;
}

function activation(): string[] {
  const file = resolve(__dirname, '..', '..', 'test-results', 'activation.json');
  if (!existsSync(file))
    return ['no e2e run yet (npm run test:e2e writes test-results/activation.json)', 'n/a', 'n/a', ''];
  const {
    ms: ours,
    referenceMs,
    at,
  } = JSON.parse(readFileSync(file, 'utf8')) as {
    ms: number;
    referenceMs?: number;
    at: string;
  };
  if (referenceMs === undefined) return [`e2e run of ${at}`, `${ours} ms`, 'not measured', ''];
  const ratio = ours / Math.max(referenceMs, 1);
  return [
    `e2e run of ${at}, one window`,
    `${ours} ms`,
    `${referenceMs} ms`,
    `≤ 3 × the one-command extension: ${ratio.toFixed(1)} × ${ratio <= 3 ? 'met' : 'MISSED'}`,
  ];
}

/** The targets at 50 ms, from the HTTP rows. */
function printTargets(rows: Row[]): void {
  const at50 = (prefix: string) =>
    rows.find((row) => row.latencyMs === 50 && row.flow.startsWith(prefix) && !row.flow.endsWith('HTTPS'));
  const lines: string[][] = [];
  const cold = at50('cold CLI, in-process');
  const warm = at50('warm editor');
  const curl = at50('SLS guide');
  if (cold)
    lines.push([
      'cold flow (in-process CLI)',
      ms(cold.wallMs),
      `≤ 1.05 × 3 × 50 = ${ms(157.5)}`,
      cold.wallMs <= 157.5 ? 'met' : 'MISSED',
    ]);
  if (warm)
    lines.push([
      'warm flow (create only)',
      ms(warm.wallMs),
      `≤ 1.1 × 50 = ${ms(55)}`,
      warm.wallMs <= 55 ? 'met' : 'MISSED',
    ]);
  if (curl && !curl.note && cold)
    lines.push([
      'three curls, for comparison',
      ms(curl.wallMs),
      `${(curl.wallMs / cold.wallMs).toFixed(2)} × the cold CLI`,
      '',
    ]);
  printSection('Targets at 50 ms (HTTP)', ['flow', 'wall (median)', 'target', ''], lines);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
