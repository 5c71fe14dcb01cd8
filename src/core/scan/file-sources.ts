/**
 * Which files a scan reads, and how: the working tree (what git would carry, `.gitignore` respected, or every
 * file with `all`), or the git index (`staged`: exactly what the next commit will hold). Symbolic links are
 * never followed (one may point outside the tree), and nothing over the size limit is read.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { runGit } from '../git';

/** Files larger than this are skipped unread: secrets sit in config files, not in megabytes of data. */
export const maxScanBytes = 1_000_000;

export type SkipReason = 'tooLarge' | 'notRegular' | 'unreadable';

export interface FileSource {
  /** The folder paths are relative to: the repository's top folder, else the folder scanned. */
  root: string;
  /** Relative paths with forward slashes, sorted. */
  paths: string[];
  /** The file's bytes, or why it is not read. */
  read(path: string): Promise<Buffer | SkipReason>;
  /** The `.sophos-central-allow` text that applies, if any. */
  allowFile(): Promise<string | undefined>;
}

export class ScanSourceError extends Error {}

/** The top folder of the repository holding `folder`, or undefined (not a repository, or no git). */
export async function repositoryTop(folder: string): Promise<string | undefined> {
  const { code, stdout } = await runGit(folder, ['rev-parse', '--show-toplevel']);
  return code === 0 ? stdout.toString('utf8').trim() : undefined;
}

/**
 * The working tree under `targets` (files or folders, relative to `cwd`). Inside a repository and without
 * `all`, git lists the files it would carry (tracked, or untracked and not ignored); files named one by one
 * are scanned even when ignored, since the user asked for them.
 */
export async function workingTreeSource(
  cwd: string,
  targets: string[],
  options: { all?: boolean; useGit?: boolean } = {},
): Promise<FileSource> {
  const absolute = (targets.length > 0 ? targets : ['.']).map((target) => resolve(cwd, target));
  // An untrusted folder's git is not asked (the editor's Restricted Mode): every file is walked instead.
  const top = options.useGit === false ? undefined : await repositoryTop(cwd);
  const root = top ?? cwd;
  const found = new Set<string>();
  const folders: string[] = [];
  for (const target of absolute) {
    const stats = await lstat(target).catch(() => undefined);
    if (!stats) throw new ScanSourceError(`${target} does not exist.`);
    if (stats.isDirectory()) folders.push(target);
    else found.add(toRelative(root, target));
  }
  if (folders.length > 0) {
    const listed = top && !options.all ? await gitListed(top, folders) : await walk(root, folders);
    for (const path of listed) found.add(path);
  }
  return {
    root,
    paths: [...found].sort(),
    read: (path) => readRegularFile(join(root, path)),
    allowFile: () => readFile(join(root, allowFileName), 'utf8').catch(() => undefined),
  };
}

const allowFileName = '.sophos-central-allow';

async function gitListed(top: string, folders: string[]): Promise<string[]> {
  const pathspecs = folders.map((folder) => toRelative(top, folder) || '.');
  const listed = await runGit(top, ['ls-files', '-z', '-c', '-o', '--exclude-standard', '--', ...pathspecs]);
  if (listed.code !== 0) throw new ScanSourceError('git could not list the files of the repository.');
  return [...new Set(splitNul(listed.stdout))];
}

/** Every file below the folders, not following links, never into `.git`. */
async function walk(root: string, folders: string[]): Promise<string[]> {
  const files: string[] = [];
  const pending = [...folders];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') pending.push(path);
      } else if (entry.isFile()) files.push(toRelative(root, path));
    }
  }
  return files;
}

async function readRegularFile(path: string): Promise<Buffer | SkipReason> {
  const stats = await lstat(path).catch(() => undefined);
  if (!stats) return 'unreadable';
  if (!stats.isFile()) return 'notRegular';
  if (stats.size > maxScanBytes) return 'tooLarge';
  return readFile(path).catch((): SkipReason => 'unreadable');
}

function toRelative(root: string, path: string): string {
  const relativePath = relative(root, path);
  if (relativePath.startsWith('..') || isAbsolute(relativePath)) return path.split(sep).join('/');
  return relativePath.split(sep).join('/');
}

export function splitNul(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((part) => part !== '');
}
