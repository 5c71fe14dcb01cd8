/**
 * Values that stand for a secret rather than being one: the examples of a README or a template
 * (`your-client-secret`, `xxxx`, `<secret>`), and references that something expands later (`${VAR}`,
 * `{{ lookup('env', 'VAR') }}`, `process.env.VAR`). Reporting these would teach people to ignore the scan.
 */

/** Giveaway words, as whole words (or at the start), so a random value that happens to hold one still counts. */
const placeholderWords =
  /(^|[^a-z0-9])(your|my|example|sample|placeholder|changeme|change[-_]?me|replace[-_]?me|redacted|dummy|fake|test|here|todo|fixme|secret|token|value)([^a-z0-9]|$)|^(your|example)/i;

/** Marks of an elided or templated value, anywhere in it. */
const placeholderMarks = /[<>…]|\.\.\.|xxxx|XXXX|\*\*\*/;

const referencePrefixes = /^(\$|%|@@|\{\{|#\{|<%|env[.:(]|process\.env|os\.environ|getenv)/i;

/** True when the value is a reference another tool expands, not a literal. */
export function isReference(value: string): boolean {
  return referencePrefixes.test(value) || /\$\{|\{\{|\(/.test(value);
}

/**
 * True when the value looks like an example or a placeholder: a giveaway word or mark, or
 * one character repeated (`SLS-aaaaaaaaaaaaaaaaaaaa`). `body` is the part after a fixed prefix such as `SLS-`.
 */
export function isPlaceholder(value: string, body = value): boolean {
  if (isReference(value) || placeholderMarks.test(value) || placeholderWords.test(body)) return true;
  return new Set(body.toLowerCase()).size < 2;
}
