/**
 * Whether git would carry a file into a commit: tracked, or untracked and not ignored. Asked of the `git`
 * on the PATH, in the file's folder, with a time-out; no git, no repository or any failure means "no".
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface GitExposure {
  /** The repository's top folder. */
  root: string;
  /** The file relative to root, with forward slashes. */
  relativePath: string;
  /** Tracked files stay tracked even once ignored; untracked ones would be picked up by `git add`. */
  tracked: boolean;
}

const timeoutMs = 5_000;

export async function gitExposure(file: string): Promise<GitExposure | undefined> {
  const folder = dirname(file);
  if (!existsSync(folder)) return undefined;
  const root = await git(folder, ['rev-parse', '--show-toplevel']);
  const prefix = await git(folder, ['rev-parse', '--show-prefix']);
  if (root.code !== 0 || prefix.code !== 0) return undefined;
  const relativePath = `${prefix.stdout.trim()}${basename(file)}`;
  const exposure = { root: root.stdout.trim(), relativePath };
  const tracked = await git(folder, ['ls-files', '--error-unmatch', '--', basename(file)]);
  if (tracked.code === 0) return { ...exposure, tracked: true };
  if (tracked.code !== 1) return undefined;
  const ignored = await git(folder, ['check-ignore', '-q', '--', basename(file)]);
  return ignored.code === 1 ? { ...exposure, tracked: false } : undefined;
}

export function gitignorePath(exposure: GitExposure): string {
  return join(exposure.root, '.gitignore');
}

interface GitResult {
  code: number;
  stdout: string;
}

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: timeoutMs, windowsHide: true, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });
}
