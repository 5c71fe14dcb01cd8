/**
 * Whether git would carry a file into a commit: tracked, or untracked and not ignored. Asked of the `git`
 * on the PATH, in the file's folder, with a time-out; no git, no repository or any failure means "no".
 * The repository is not trusted: git runs with its safety settings (see core/git.ts).
 */
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { refuseSymlink } from '../../core/config-files';
import { runGit } from '../../core/git';

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
  const tracked = await trackedByGit(file);
  if (tracked) return { ...exposure, tracked: true };
  if (tracked === undefined) return undefined;
  const ignored = await git(folder, ['check-ignore', '-q', '--', basename(file)]);
  return ignored.code === 1 ? { ...exposure, tracked: false } : undefined;
}

/** Whether git tracks the file (one `git ls-files` in its folder); undefined when git cannot say. */
export async function trackedByGit(file: string): Promise<boolean | undefined> {
  const folder = dirname(file);
  if (!existsSync(folder)) return undefined;
  const { code } = await git(folder, ['ls-files', '--error-unmatch', '--', basename(file)]);
  return code === 0 ? true : code === 1 ? false : undefined;
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

async function git(cwd: string, args: string[]): Promise<GitResult> {
  const { code, stdout } = await runGit(cwd, args, { timeoutMs });
  return { code, stdout: stdout.toString('utf8') };
}
