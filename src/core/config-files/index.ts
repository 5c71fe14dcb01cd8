/**
 * Putting one value into a config file the way a careful person would: the file's own syntax, comments, order
 * and line endings kept, an existing key replaced rather than duplicated. The CLI's --write and the editor's
 * insert commands both come through here.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { quoteEnvValue, setEnvValue } from './env-file';
import type { ConfigFormat } from './formats';
import { setJsonValue } from './json-file';
import { variableNameOf, type KeyPath } from './key-path';
import type { SetValueAction, SetValueResult } from './set-value-result';
import { quoteShellValue, setShellValue } from './shell-file';
import { noFollow, refuseSymlink, symlinkError } from './symlinks';
import { withoutByteOrderMark } from './text-layout';
import { setYamlValue } from './yaml-file';

export * from './errors';
export * from './formats';
export type { KeyPath } from './key-path';
export type { SetValueAction, SetValueResult } from './set-value-result';
export { quoteEnvValue } from './env-file';
export { quoteShellValue } from './shell-file';
export * from './env-reference';
export * from './gitignore';
export * from './minimal-edit';
export { refuseSymlink } from './symlinks';

const editors: Record<ConfigFormat, (text: string, key: KeyPath, value: string) => SetValueResult> = {
  env: setEnvValue,
  yaml: setYamlValue,
  json: setJsonValue,
  shell: setShellValue,
};

/** The file's text with `key` set to `value`; throws ConfigEditError (never quoting the value) when it cannot. */
export function setConfigValue(text: string, format: ConfigFormat, key: KeyPath, value: string): SetValueResult {
  return withoutByteOrderMark(text, (body) => editors[format](body, key, value));
}

/** One `NAME=value` line (`export NAME='value'` for shell) as a new line of that format would hold it. */
export function assignmentLine(format: 'env' | 'shell', key: string, value: string): string {
  const name = variableNameOf(key);
  return format === 'env' ? `${name}=${quoteEnvValue(value)}` : `export ${name}=${quoteShellValue(value)}`;
}

export interface WriteConfigResult {
  action: SetValueAction;
  /** True when the file did not exist before. */
  created: boolean;
}

/**
 * Reads, edits and replaces the file in one rename, so a crash or a full disk leaves either the old file or
 * the new one, never half of each. A new file is created readable by its owner only: it holds a secret. A
 * symbolic link is refused (ConfigEditError 'symlink') before its target is read.
 */
export async function writeConfigValue(
  file: string,
  key: KeyPath,
  value: string,
  format: ConfigFormat,
): Promise<WriteConfigResult> {
  await refuseSymlink(file);
  let text = '';
  let mode: number | undefined;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, constants.O_RDONLY | noFollow);
    text = await handle.readFile('utf8');
    mode = (await handle.stat()).mode & 0o777;
  } catch (error) {
    // A link put in place after the check above.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkError(file);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    await handle?.close();
  }
  const created = mode === undefined;
  const result = setConfigValue(text, format, key, value);
  if (result.action === 'unchanged') return { action: 'unchanged', created: false };
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, result.text, { encoding: 'utf8', mode: mode ?? 0o600, flag: 'wx' });
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { action: result.action, created };
}
