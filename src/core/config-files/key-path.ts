import { ConfigEditError } from './errors';

/** A key as callers give it: `a.b.c`, or the segments themselves when a key contains a dot. */
export type KeyPath = string | readonly string[];

/** The segments of a YAML or JSON key path; none may be empty. */
export function keyPathSegments(key: KeyPath): string[] {
  const segments = typeof key === 'string' ? key.split('.') : [...key];
  if (segments.length === 0 || segments.some((segment) => segment === '')) {
    throw new ConfigEditError(
      'invalidKey',
      `"${describeKeyPath(segments)}" is not a key path: use names joined by dots, like "sls.token".`,
    );
  }
  return segments;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The variable name of an env or shell key: letters, digits and underscores, not starting with a digit. */
export function variableNameOf(key: KeyPath): string {
  const name = typeof key === 'string' ? key : key.length === 1 ? key[0]! : key.join('.');
  if (!variableName.test(name)) {
    throw new ConfigEditError(
      'invalidKey',
      `"${name}" is not a valid variable name: use letters, digits and underscores, not starting with a digit (e.g. SLS_TOKEN).`,
    );
  }
  return name;
}

export function describeKeyPath(segments: readonly string[]): string {
  return segments.join('.');
}
