/**
 * `npm run bench`: the figures the issues ask for, against the sandbox with injected latency. Medians of
 * several runs; every run starts from the state it claims (cold: new process or new transport; warm: cached
 * bearer and whoami).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SophosCentralClient, SophosHttp, UndiciTransport } from '../src/core/api';
import { runCli } from '../src/cli/cli';
import { startSandbox, type Sandbox } from '../src/sandbox/server';

interface Row {
  flow: string;
  latencyMs: number;
  requests: number;
  connections: number;
  wallMs: number;
}

const runsPerFigure = Number(process.env.BENCH_RUNS ?? 15);
const latencies = (process.env.BENCH_LATENCIES ?? '0,20,50').split(',').map(Number);

async function main(): Promise<void> {
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
        rows.push(await measure(target, `cold CLI, in-process (token, whoami, create)${https}`, latencyMs, () => coldInProcess(target)));
        rows.push(await measure(target, `cold CLI, new process (token, whoami, create)${https}`, latencyMs, () => coldProcess(target)));
        rows.push(await warmFlow(target, latencyMs));
      }
    }
  } finally {
    await Promise.all([sandbox.close(), tlsSandbox.close()]);
  }
  printTable(rows);
  // The TLS figures the issue promises: fail the run if a change breaks them.
  const broken = rows.filter((row) => row.flow.endsWith('HTTPS') && (row.flow.startsWith('cold') ? row.connections > 2 : row.connections !== 0));
  if (broken.length > 0) {
    console.error(`TLS connection budget exceeded: ${broken.map((row) => `${row.flow} at ${row.latencyMs} ms opened ${row.connections}`).join('; ')}`);
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
  const samples: Row[] = [];
  for (let i = 0; i < runsPerFigure; i++) {
    sandbox.reset();
    sandbox.setLatency(latencyMs);
    const connectionsBefore = totalConnections(sandbox);
    const started = performance.now();
    await run();
    samples.push({ flow, latencyMs, requests: sandbox.requests.length, connections: totalConnections(sandbox) - connectionsBefore, wallMs: performance.now() - started });
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
  const transport = new UndiciTransport({ network: { extraCaPem: sandbox.caPem ? [sandbox.caPem] : [] } });
  const credential = sandbox.clients.tenantSuperAdmin;
  const client = new SophosCentralClient({ http: new SophosHttp(transport), idUrl: sandbox.idUrl, apiUrl: sandbox.apiUrl, ...credential });
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
  const lines = rows.map((row) => [
    row.flow,
    `${row.latencyMs} ms`,
    String(row.requests),
    String(row.connections),
    `${row.wallMs.toFixed(1)} ms`,
    row.latencyMs === 0 ? 'n/a' : (row.wallMs / (row.requests * row.latencyMs)).toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\nSophos Central sandbox benchmark (${runsPerFigure} runs per figure, Node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
