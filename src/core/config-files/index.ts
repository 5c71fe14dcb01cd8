/**
 * Putting one value into a config file the way a careful person would: the file's own syntax, comments, order
 * and line endings kept, an existing key replaced rather than duplicated. The CLI's --write and the editor's
 * insert commands both come through here.
 */
import { quoteEnvValue, setEnvValue } from './env-file';
import type { ConfigFormat } from './formats';
import { setJsonValue } from './json-file';
import { variableNameOf, type KeyPath } from './key-path';
import type { SetValueAction, SetValueResult } from './set-value-result';
import { quoteShellValue, setShellValue } from './shell-file';
import { withoutByteOrderMark } from './text-layout';
import { readConfigFile, replaceFile } from './atomic-file';
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
export { readConfigFile, refuseReadOnly, replaceInFile, type ConfigFileText } from './atomic-file';

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
 * Reads, edits and replaces the file in one rename (see atomic-file.ts). A symbolic link is refused
 * (ConfigEditError 'symlink') before its target is read, a read-only file before it is replaced.
 */
export async function writeConfigValue(
  file: string,
  key: KeyPath,
  value: string,
  format: ConfigFormat,
): Promise<WriteConfigResult> {
  const current = await readConfigFile(file);
  const result = setConfigValue(current?.text ?? '', format, key, value);
  if (result.action === 'unchanged') return { action: 'unchanged', created: false };
  await replaceFile(file, result.text, current?.mode);
  return { action: result.action, created: current === undefined };
}
