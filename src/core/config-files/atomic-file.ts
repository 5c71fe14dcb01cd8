/**
 * Reading a config file without following a link, and replacing it in one rename, so a crash or a full disk
 * leaves either the old file or the new one, never half of each. A new file is created readable by its owner
 * only: it holds a secret. A file whose permissions say read-only is refused rather than replaced: a rename
 * would go round the permission (and root ignores it), but the user made it read-only on purpose.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigEditError } from './errors';
import { noFollow, refuseSymlink, symlinkError } from './symlinks';

export interface ConfigFileText {
  text: string;
  /** Permission bits. */
  mode: number;
}

/** The file's text and mode, undefined when it does not exist; ConfigEditError('symlink') for a link. */
export async function readConfigFile(file: string): Promise<ConfigFileText | undefined> {
  await refuseSymlink(file);
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, constants.O_RDONLY | noFollow);
    return { text: await handle.readFile('utf8'), mode: (await handle.stat()).mode & 0o777 };
  } catch (error) {
    // A link put in place after the check above.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkError(file);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    await handle?.close();
  }
}

/** ConfigEditError('readOnly') when no one may write the file. */
export function refuseReadOnly(file: string, mode: number): void {
  if ((mode & 0o222) === 0)
    throw new ConfigEditError('readOnly', `${file} is read-only. Make it writable (chmod u+w) and try again.`);
}

/** Replaces the file with `text` in one rename, keeping `mode` (a new file: 0600). */
export async function replaceFile(file: string, text: string, mode: number | undefined): Promise<void> {
  if (mode !== undefined) refuseReadOnly(file, mode);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: 'utf8', mode: mode ?? 0o600, flag: 'wx' });
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Replaces every occurrence of `from` with `to` in an existing file, touching nothing else (the values of an
 * SLS token need no quoting, so the surrounding syntax stays as it was). Returns how many were replaced.
 */
export async function replaceInFile(file: string, from: string, to: string): Promise<number> {
  const current = await readConfigFile(file);
  if (!current) throw new ConfigEditError('missing', `${file} no longer exists.`);
  const count = current.text.split(from).length - 1;
  if (count === 0) return 0;
  await replaceFile(file, current.text.split(from).join(to), current.mode);
  return count;
}
