import type { ParseArgsConfig } from 'node:util';

export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** Option values as parseArgs returns them: strings, booleans, or lists for repeatable options. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A string option's value (parseArgs typed them; this narrows for TypeScript). */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
