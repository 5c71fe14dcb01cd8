/**
 * `npm run bench`, network part: what a whole CLI process costs, from spawn to exit, next to what it replaces.
 * - NODE_EXTRA_CA_CERTS set to the system bundle (as on most corporate machines): the cold CLI against
 *   `node -e 0`, each with and without it. Node reads that file itself; the CLI should add nothing to it.
 * - Over TLS behind a latency proxy (every chunk held `oneWayMs` in each direction, so TCP and TLS handshakes
 *   cost round trips): the cold CLI's `sls-token create` against the SLS guide's three curl commands, which
 *   pay a connection and a handshake each.
 * The CLI is the production build, as shipped (built here, then the development build is restored).
 * BENCH_CLI=path measures another build of the CLI instead (e.g. an older commit's dist/cli.js).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '../src/sandbox/server';
import { startLatencyProxy } from './latency-proxy';
import { curlPath, threeCurls } from './sls-guide-curls';
import { ms, printSection } from './tables';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const cli = resolve(process.env.BENCH_CLI ?? 'dist/cli.js');
const systemBundle = '/etc/ssl/certs/ca-certificates.crt';
const sandboxLatencyMs = 50;
const oneWayMs = Number(process.env.BENCH_ONE_WAY_MS ?? 50);

interface Figure {
  wallMs: number;
  requests: number;
  connections: number;
}

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  if (!process.env.BENCH_CLI)
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  try {
    await measureAll();
  } finally {
    if (!process.env.BENCH_CLI) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  }
}

async function measureAll(): Promise<void> {
  const sandbox = await startSandbox({ latencyMs: sandboxLatencyMs });
  const tlsSandbox = await startSandbox({ tls: true });
  try {
    printSection(
      `NODE_EXTRA_CA_CERTS=${systemBundle} (cold CLI: sls-token create against the sandbox at ${sandboxLatencyMs} ms, HTTP; medians of ${runs} processes)`,
      ['process', 'without', 'with', 'added by the variable'],
      existsSync(systemBundle) ? await extraCaRows(sandbox) : [['no system bundle on this machine', '', '', '']],
    );
    printSection(
      `Over TLS behind a latency proxy (${oneWayMs} ms each way, a round trip ${2 * oneWayMs} ms; sandbox latency 0; medians of ${runs})`,
      ['flow', 'requests', 'TCP connections', 'wall (median)', 'ratio to the curls'],
      await tlsRows(tlsSandbox),
    );
  } finally {
    await Promise.all([sandbox.close(), tlsSandbox.close()]);
  }
}

async function extraCaRows(sandbox: Sandbox): Promise<string[][]> {
  const env = (extra: NodeJS.ProcessEnv) => ({ PATH: process.env.PATH, ...extra });
  const withBundle = { NODE_EXTRA_CA_CERTS: systemBundle };
  const nodeOnly = (extra: NodeJS.ProcessEnv) => () => spawn(process.execPath, ['-e', '0'], env(extra));
  const coldCli = (extra: NodeJS.ProcessEnv) => async () => {
    sandbox.reset();
    const cliArgs = [cli, 'sls-token', 'create', '--label', 'Bench'];
    await spawn(process.execPath, cliArgs, env({ ...cliEnv(sandbox), ...extra }));
  };
  const rows: string[][] = [];
  for (const [name, measure] of [
    ['node -e 0', nodeOnly],
    ['cold CLI (sls-token create)', coldCli],
  ] as const) {
    // Alternated run by run, so a machine that gets busier meanwhile weighs on both alike.
    const [without, withIt] = await medians([measure({}), measure(withBundle)]);
    rows.push([name, ms(without!.wallMs), ms(withIt!.wallMs), ms(withIt!.wallMs - without!.wallMs)]);
  }
  return rows;
}

async function tlsRows(sandbox: Sandbox): Promise<string[][]> {
  const [id, api] = await Promise.all([
    startLatencyProxy(sandbox.idUrl, oneWayMs),
    startLatencyProxy(sandbox.apiUrl, oneWayMs),
  ]);
  const through = { ...sandbox, idUrl: id.url, apiUrl: api.url } as Sandbox;
  const counted = (run: () => Promise<void>) => async () => {
    sandbox.reset();
    const before = id.connections + api.connections;
    await run();
    return { requests: sandbox.requests.length, connections: id.connections + api.connections - before };
  };
  try {
    const coldCli = counted(() =>
      spawn(process.execPath, [cli, 'sls-token', 'create', '--label', 'Bench'], {
        PATH: process.env.PATH,
        ...cliEnv(through),
      }),
    );
    const guide = counted(() => threeCurls(through));
    const [cold, curls] = curlPath ? await medians([coldCli, guide]) : [await median(coldCli)];
    const row = (flow: string, figure: Figure) => [
      flow,
      String(figure.requests),
      String(figure.connections),
      ms(figure.wallMs),
      curls ? (figure.wallMs / curls.wallMs).toFixed(2) : 'n/a',
    ];
    return [
      row('cold CLI, new process (token, whoami, create)', cold),
      curls
        ? row('SLS guide: three curl commands', curls)
        : ['SLS guide: three curl commands', 'curl not found', '', '', ''],
      [
        `target: cold CLI ≤ 0.7 × the curls`,
        '',
        '',
        '',
        curls ? (cold.wallMs <= 0.7 * curls.wallMs ? 'met' : 'MISSED') : '',
      ],
    ];
  } finally {
    await Promise.all([id.close(), api.close()]);
  }
}

/** The sandbox's demo Super Admin; over HTTPS its CA through NODE_EXTRA_CA_CERTS, read by Node at start-up. */
function cliEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
  return {
    SOPHOS_ID_URL: sandbox.idUrl,
    SOPHOS_API_URL: sandbox.apiUrl,
    SOPHOS_CLIENT_ID: clientId,
    SOPHOS_CLIENT_SECRET: clientSecret,
    ...(sandbox.caFile ? { NODE_EXTRA_CA_CERTS: sandbox.caFile } : {}),
  };
}

function spawn(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) =>
    execFile(command, args, { env }, (error, _stdout, stderr) =>
      error ? fail(new Error(`${error.message}\n${stderr}`)) : done(),
    ),
  );
}

/** The median wall time of `runs` runs, with the counts `run` returns for that run. */
async function median(run: () => Promise<Partial<Figure> | void>): Promise<Figure> {
  return (await medians([run]))[0]!;
}

/** Medians of several flows, run in turn (a, b, a, b, ...). */
async function medians(flows: (() => Promise<Partial<Figure> | void>)[]): Promise<Figure[]> {
  const samples: Figure[][] = flows.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [index, run] of flows.entries()) {
      const started = performance.now();
      const counts = (await run()) ?? {};
      samples[index]!.push({ requests: 0, connections: 0, ...counts, wallMs: performance.now() - started });
    }
  }
  return samples.map((list) => list.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(list.length / 2)]!);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
