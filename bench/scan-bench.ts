/**
 * `sophos-central scan` over a generated tree of 10,000 files / 100 MB of config-like text (env, YAML, JSON,
 * INI, Markdown; some with Client ID keys, JWT-looking headers and SLS-shaped placeholders so the rules do real
 * work), with 20 real-looking secrets planted. Run in-process through the CLI, as a user's `scan` runs, plain
 * folder and git repository (working tree, then --staged). Medians of a few runs; the tree is made once.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../src/cli/cli';
import { trackedByGit } from '../src/extension/config-files/git-exposure';

export interface ScanFigure {
  setup: string;
  files: number;
  megabytes: number;
  findings: number;
  wallMs: number;
}

const fileCount = 10_000;
const fileBytes = 10_000;
const planted = 20;
const runs = Number(process.env.BENCH_SCAN_RUNS ?? 3);

const extensions = ['env', 'yaml', 'json', 'ini', 'md', 'ts', 'sh', 'toml'];

/** About 10 kB of lines in the file's syntax; the i-th file of every 500 gets a real-looking SLS token. */
function fileText(index: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let line = 0; size < fileBytes; line++) {
    const text =
      line % 40 === 0
        ? `client_id: 0a7f9c17-3d55-4ab4-810e-${String(index).padStart(12, '0')}`
        : line % 53 === 0
          ? `# example: Authorization: Bearer eyJhbGciOi... and SLS-xxxxxxxxxxxxxxxxxxxxxxxx`
          : `setting_${line}_${index} = "value-${randomBytes(12).toString('hex')}" # comment ${line}`;
    lines.push(text);
    size += text.length + 1;
  }
  if (index % (fileCount / planted) === 0) lines.push(`SOPHOS_SLS_TOKEN=SLS-${randomBytes(36).toString('base64url')}`);
  return `${lines.join('\n')}\n`;
}

function makeTree(): { root: string; bytes: number } {
  const root = mkdtempSync(join(tmpdir(), 'sophos-scan-bench-'));
  let bytes = 0;
  for (let index = 0; index < fileCount; index++) {
    const folder = join(root, `module-${Math.floor(index / 100)}`, `part-${Math.floor(index / 10) % 10}`);
    if (index % 10 === 0) mkdirSync(folder, { recursive: true });
    const text = fileText(index);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(folder, `config-${index}.${extensions[index % extensions.length]}`), text);
  }
  return { root, bytes };
}

async function timedScan(cwd: string, argv: string[]): Promise<{ wallMs: number; findings: number }> {
  let stdout = '';
  const started = performance.now();
  const code = await runCli({
    argv: ['scan', '--format', 'json', ...argv],
    env: {},
    stdout: (text) => void (stdout += text),
    stderr: () => undefined,
    readStdin: async () => '',
    cwd,
  });
  const wallMs = performance.now() - started;
  if (code !== 1) throw new Error(`scan exited ${code}, expected 1 (findings)`);
  return { wallMs, findings: JSON.parse(stdout).findings.length };
}

async function median(cwd: string, argv: string[]): Promise<{ wallMs: number; findings: number }> {
  const samples = [];
  for (let run = 0; run < runs; run++) samples.push(await timedScan(cwd, argv));
  samples.sort((a, b) => a.wallMs - b.wallMs);
  return samples[Math.floor(samples.length / 2)];
}

/**
 * What the quick fixes wait for before ordering Rotate SLS Token (extension/config-files/tracked-files.ts):
 * whether git tracks one file of the 10,000, asked cold each time (the cache aside). Median of 9.
 */
async function trackedAnswerMs(file: string): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < 9; run++) {
    const started = performance.now();
    if ((await trackedByGit(file)) !== true) throw new Error('the committed file is not reported as tracked');
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[4]!;
}

export async function scanFigures(): Promise<{ scans: ScanFigure[]; trackedMs: number }> {
  const { root, bytes } = makeTree();
  const megabytes = bytes / 1_000_000;
  try {
    const figures: ScanFigure[] = [];
    figures.push({ setup: 'plain folder (walked)', files: fileCount, megabytes, ...(await median(root, ['.'])) });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    figures.push({
      setup: 'git repository, working tree (git ls-files)',
      files: fileCount,
      megabytes,
      ...(await median(root, [])),
    });
    figures.push({
      setup: 'git repository, --staged (git cat-file)',
      files: fileCount,
      megabytes,
      ...(await median(root, ['--staged'])),
    });
    git(
      '-c',
      'user.name=bench',
      '-c',
      'user.email=bench@example.invalid',
      'commit',
      '-q',
      '--no-verify',
      '-m',
      'bench',
    );
    return { scans: figures, trackedMs: await trackedAnswerMs(join(root, 'module-0', 'part-0', 'config-0.env')) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
