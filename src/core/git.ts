/**
 * Running the `git` on the PATH in a repository that is not trusted: its .git/config may name programs for git
 * to run (core.fsmonitor runs on `ls-files` and `check-ignore`; hooks run when the index is written), so those
 * are switched off on the command line, which outranks every file. Used by the editor's git-exposure check and
 * by the scan (`sophos-central scan`, Scan Workspace).
 */
import { spawn } from 'node:child_process';
import { devNull } from 'node:os';

/**
 * Settings that make read-only commands run a program named in the repository's config: the file-system monitor
 * hook (and its older Windows switch) and hooks in general (post-index-change runs when the index is written;
 * GIT_OPTIONAL_LOCKS=0 already keeps these commands from writing it). Pagers do not start without a terminal.
 */
export const gitSafetyArgs = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.useBuiltinFSMonitor=false',
  '-c',
  `core.hooksPath=${devNull}`,
  '--no-pager',
];

export const gitEnvironment = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_OPTIONAL_LOCKS: '0',
  GIT_TERMINAL_PROMPT: '0',
});

export interface GitOutput {
  /** -1 when git could not be started (not installed) or was stopped by the time-out. */
  code: number;
  stdout: Buffer;
}

/** Runs git with the safety settings; `input` goes to its stdin. Never throws: a failure is a code. */
export function runGit(
  cwd: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<GitOutput> {
  return new Promise((resolve) => {
    const child = spawn('git', [...gitSafetyArgs, ...args], {
      cwd,
      env: gitEnvironment(),
      windowsHide: true,
      timeout: options.timeoutMs ?? 60_000,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve({ code: -1, stdout: Buffer.alloc(0) }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(chunks) }));
    child.stdin.on('error', () => undefined); // git may exit before reading all of it
    child.stdin.end(options.input ?? '');
  });
}
