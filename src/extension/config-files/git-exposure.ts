/**
 * Whether git would carry a file into a commit: tracked, or untracked and not ignored. Asked of the `git`
 * on the PATH, in the file's folder, with a time-out; no git, no repository or any failure means "no".
 * The repository is not trusted: its .git/config may name programs for git to run (core.fsmonitor runs on
 * `ls-files` and `check-ignore`), so those are switched off on the command line, which outranks every file.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { devNull } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { refuseSymlink } from '../../core/config-files';

export interface GitExposure {
  /** The repository's top folder. */
  root: string;
  /** The file relative to root, with forward slashes. */
  relativePath: string;
  /** Tracked files stay tracked even once ignored; untracked ones would be picked up by `git add`. */
  tracked: boolean;
  /** The repository's .gitignore is a symbolic link: it is never written (see writableGitignorePath). */
  gitignoreIsSymlink: boolean;
}

const timeoutMs = 5_000;

export async function gitExposure(file: string): Promise<GitExposure | undefined> {
  const folder = dirname(file);
  if (!existsSync(folder)) return undefined;
  const root = await git(folder, ['rev-parse', '--show-toplevel']);
  const prefix = await git(folder, ['rev-parse', '--show-prefix']);
  if (root.code !== 0 || prefix.code !== 0) return undefined;
  const relativePath = `${prefix.stdout.trim()}${basename(file)}`;
  const top = root.stdout.trim();
  const gitignoreIsSymlink = await lstat(join(top, '.gitignore')).then(
    (found) => found.isSymbolicLink(),
    () => false,
  );
  const exposure = { root: top, relativePath, gitignoreIsSymlink };
  const tracked = await git(folder, ['ls-files', '--error-unmatch', '--', basename(file)]);
  if (tracked.code === 0) return { ...exposure, tracked: true };
  if (tracked.code !== 1) return undefined;
  const ignored = await git(folder, ['check-ignore', '-q', '--', basename(file)]);
  return ignored.code === 1 ? { ...exposure, tracked: false } : undefined;
}

export function gitignorePath(exposure: GitExposure): string {
  return join(exposure.root, '.gitignore');
}

/** The .gitignore to add an entry to; ConfigEditError('symlink') when it is a link, checked now, not when found. */
export async function writableGitignorePath(exposure: GitExposure): Promise<string> {
  const path = gitignorePath(exposure);
  await refuseSymlink(path, '.gitignore');
  return path;
}

interface GitResult {
  code: number;
  stdout: string;
}

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

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
    execFile(
      'git',
      [...gitSafetyArgs, ...args],
      { cwd, timeout: timeoutMs, windowsHide: true, env },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout: String(stdout) });
      },
    );
  });
}
