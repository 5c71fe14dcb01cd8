import { upsertAssignment, type AssignmentSyntax, type ValueSpan } from './assignment-lines';
import type { KeyPath } from './key-path';
import { variableNameOf } from './key-path';
import type { SetValueResult } from './set-value-result';
import { lineEndAt, nextLineStart } from './text-layout';

/**
 * `.env` files as dotenv, dotenv-expand, docker compose and python-dotenv read them. Where they disagree we
 * write what all of them read the same way and call an existing value "unchanged" only when all would agree.
 */
export function setEnvValue(text: string, key: KeyPath, value: string): SetValueResult {
  return upsertAssignment(text, envSyntax, variableNameOf(key), value);
}

const envSyntax: AssignmentSyntax = {
  // dotenv accepts dots and dashes in names it reads, so other variables are recognised (and skipped) too.
  assignmentStart: /[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=/,
  scanValue: scanEnvValue,
  quote: quoteEnvValue,
  newLine: (name, quotedValue) => `${name}=${quotedValue}`,
  nextLineStart,
};

/**
 * Plain when every reader takes the characters as they are; single quotes stop `#` comments, space trimming
 * and `$` expansion; double quotes (with escapes) are left for values holding a `'` or a line break.
 */
export function quoteEnvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@+-]*$/.test(value)) return value;
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  const escaped = value
    .replace(/[\\"$`]/g, '\\$&')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
  return `"${escaped}"`;
}

function scanEnvValue(text: string, offset: number): ValueSpan {
  const start = skipSpacesAndTabs(text, offset);
  const quote = text[start];
  if (quote === '"' || quote === "'" || quote === '`') {
    const quoted = scanQuotedEnvValue(text, start, quote);
    if (quoted) return quoted;
  }
  return scanUnquotedEnvValue(text, offset, start);
}

/** A quoted value may span lines; undefined when the quote never closes (readers then take the line as is). */
function scanQuotedEnvValue(text: string, start: number, quote: string): ValueSpan | undefined {
  let index = start + 1;
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' ? 2 : 1;
  if (index >= text.length) return undefined;
  const inner = text.slice(start + 1, index);
  const literal = quote === '"' ? decodeDoubleQuoted(inner) : inner.includes(`\\${quote}`) ? undefined : inner;
  return { start, end: index + 1, literal };
}

const doubleQuoteEscapes: ReadonlyMap<string, string> = new Map([
  ['n', '\n'],
  ['r', '\r'],
  ['\\', '\\'],
  ['"', '"'],
  ['$', '$'],
  ['`', '`'],
]);

/** The escapes we write; any other escape, or a `$` that would expand, leaves the value unknown. */
function decodeDoubleQuoted(inner: string): string | undefined {
  let decoded = '';
  for (let index = 0; index < inner.length; index++) {
    const character = inner[index]!;
    if (character === '$') return undefined;
    if (character !== '\\') {
      decoded += character;
      continue;
    }
    const escaped = doubleQuoteEscapes.get(inner[++index] ?? '');
    if (escaped === undefined) return undefined;
    decoded += escaped;
  }
  return decoded;
}

/**
 * An unquoted value runs to the end of the line or to a ` #` comment, which stays. `#` without a space before
 * it is a comment to dotenv but not to docker compose, and `$` may expand, so such values are unknown.
 */
function scanUnquotedEnvValue(text: string, afterEquals: number, start: number): ValueSpan {
  const rest = text.slice(start, lineEndAt(text, start));
  const commentAt = start > afterEquals && rest.startsWith('#') ? 0 : rest.search(/[ \t]#/);
  const value = (commentAt < 0 ? rest : rest.slice(0, commentAt)).trimEnd();
  // An empty value goes right after `=`, so a comment further on keeps its distance from the new value.
  if (value === '') return { start: afterEquals, end: afterEquals, literal: '' };
  return { start, end: start + value.length, literal: /[#$]/.test(value) ? undefined : value };
}

function skipSpacesAndTabs(text: string, offset: number): number {
  let index = offset;
  while (text[index] === ' ' || text[index] === '\t') index++;
  return index;
}
