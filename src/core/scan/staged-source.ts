/**
 * The git index as a scan source: what `git commit` would record now, not the working tree (a file fixed on
 * disk but not re-added still commits the secret). One `git diff --cached` lists the added and modified
 * files with their blob ids, and one `git cat-file --batch` reads them all.
 */
import { relative, resolve, sep } from 'node:path';
import { runGit } from '../git';
import {
  maxScanBytes,
  repositoryTop,
  ScanSourceError,
  splitNul,
  type FileSource,
  type SkipReason,
} from './file-sources';

const regularFileModes = new Set(['100644', '100755']);

export async function stagedSource(cwd: string, targets: string[]): Promise<FileSource> {
  const top = await repositoryTop(cwd);
  if (!top) throw new ScanSourceError('--staged needs a git repository: run it inside one.');
  const pathspecs =
    targets.length > 0 ? ['--', ...targets.map((target) => `:(top)${relativeToTop(cwd, top, target)}`)] : [];
  const diff = await runGit(top, [
    'diff',
    '--cached',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-renames',
    '--diff-filter=ACMT',
    ...pathspecs,
  ]);
  if (diff.code !== 0) throw new ScanSourceError('git could not list the staged changes.');
  // Records: ":<old mode> <new mode> <old blob> <new blob> <status>" NUL "<path>" NUL
  const parts = splitNul(diff.stdout);
  const blobs = new Map<string, { blob: string; mode: string }>();
  for (let index = 0; index + 1 < parts.length; index += 2) {
    const [, mode, , blob] = parts[index].slice(1).split(' ');
    blobs.set(parts[index + 1], { blob, mode });
  }
  const regular = [...blobs.values()].filter(({ mode }) => regularFileModes.has(mode)).map(({ blob }) => blob);
  const contents = await readBlobs(top, regular);
  const allowBlob = await runGit(top, ['rev-parse', '--verify', '--quiet', ':.sophos-central-allow']);
  return {
    root: top,
    paths: [...blobs.keys()].sort(),
    read: async (path) => {
      const entry = blobs.get(path);
      if (!entry || !regularFileModes.has(entry.mode)) return 'notRegular';
      return contents.get(entry.blob) ?? 'tooLarge';
    },
    allowFile: async () => {
      if (allowBlob.code !== 0) return undefined;
      const shown = await runGit(top, ['cat-file', 'blob', allowBlob.stdout.toString('utf8').trim()]);
      return shown.code === 0 ? shown.stdout.toString('utf8') : undefined;
    },
  };
}

/** git resolves pathspecs against the folder it runs in; the scan runs at the top. */
function relativeToTop(cwd: string, top: string, target: string): string {
  return relative(top, resolve(cwd, target)).split(sep).join('/');
}

/** Blob contents by id; blobs over the size limit are left out unread. */
async function readBlobs(top: string, blobs: string[]): Promise<Map<string, Buffer | SkipReason>> {
  const contents = new Map<string, Buffer | SkipReason>();
  if (blobs.length === 0) return contents;
  const sizes = await runGit(top, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], {
    input: `${blobs.join('\n')}\n`,
  });
  const small: string[] = [];
  for (const line of sizes.stdout.toString('utf8').split('\n')) {
    const [blob, size] = line.split(' ');
    if (!blob || size === undefined) continue;
    if (Number(size) > maxScanBytes) contents.set(blob, 'tooLarge');
    else small.push(blob);
  }
  if (small.length === 0) return contents;
  const batch = await runGit(top, ['cat-file', '--batch'], { input: `${small.join('\n')}\n` });
  // Each: "<blob> blob <size>\n" then the bytes, then "\n".
  let at = 0;
  const output = batch.stdout;
  while (at < output.length) {
    const headerEnd = output.indexOf(0x0a, at);
    if (headerEnd < 0) break;
    const [blob, type, size] = output.subarray(at, headerEnd).toString('utf8').split(' ');
    if (type !== 'blob') throw new ScanSourceError(`git cat-file did not return ${blob} as a blob.`);
    const length = Number(size);
    contents.set(blob, output.subarray(headerEnd + 1, headerEnd + 1 + length));
    at = headerEnd + 1 + length + 1;
  }
  return contents;
}
