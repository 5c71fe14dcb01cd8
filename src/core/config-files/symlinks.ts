/**
 * A config file or .gitignore that is a symbolic link is never written through: the link may point outside the
 * repository (another project's .env, a file in the home folder), and replacing it by rename would turn the link
 * into a copy of its target. Refused before the target is read.
 */
import { constants } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { ConfigEditError } from './errors';

/** O_NOFOLLOW where the platform has it: opening a link then fails with ELOOP, closing the lstat-to-open race. */
export const noFollow: number = constants.O_NOFOLLOW ?? 0;

export function symlinkError(path: string, what = 'file'): ConfigEditError {
  return new ConfigEditError(
    'symlink',
    `The ${what} ${path} is a symbolic link: writing through it would change the file it points to. Edit the target itself, or replace the link with a regular file.`,
  );
}

/** Throws ConfigEditError('symlink') when `path` is a symbolic link; a missing path is fine (it will be created). */
export async function refuseSymlink(path: string, what = 'file'): Promise<void> {
  let isLink: boolean;
  try {
    isLink = (await lstat(path)).isSymbolicLink();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (isLink) throw symlinkError(path, what);
}
