/**
 * The one error for a config file we will not edit. Messages name the file's problem and the way out; they
 * never contain the value being written, because that value is a secret.
 */
export type ConfigEditErrorKind =
  | 'invalidKey' // not a variable name (env, shell) or an empty path segment (yaml, json)
  | 'parseError' // the file does not parse: editing it could make things worse
  | 'notAMap' // a segment of the key path holds something other than a mapping / object
  | 'notAValue' // the key holds a mapping or list: replacing it with a string would drop data
  | 'unsupported' // the edit did not read back as written (an odd construct): edit by hand
  | 'unknownFormat'
  | 'symlink' // the file is a symbolic link: writing would change whatever it points to
  | 'readOnly' // the file's permissions say no one may write it
  | 'missing'; // the file to change is gone

export class ConfigEditError extends Error {
  override readonly name = 'ConfigEditError';

  constructor(
    readonly kind: ConfigEditErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isConfigEditError(error: unknown): error is ConfigEditError {
  return error instanceof ConfigEditError;
}
