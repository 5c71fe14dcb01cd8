import { upsertAssignment, type AssignmentSyntax, type ValueSpan } from './assignment-lines';
import type { KeyPath } from './key-path';
import { variableNameOf } from './key-path';
import type { SetValueResult } from './set-value-result';
import { lineEndAt, nextLineStart } from './text-layout';

/**
 * Shell profiles and scripts. Only assignments at the start of a line count: an indented one usually sits in
 * an `if` or a function and may never run, so the new line goes at the end, where it runs and wins.
 */
export function setShellValue(text: string, key: KeyPath, value: string): SetValueResult {
  return upsertAssignment(text, shellSyntax, variableNameOf(key), value);
}

const shellSyntax: AssignmentSyntax = {
  assignmentStart: /(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/,
  scanValue: scanShellWord,
  quote: quoteShellValue,
  newLine: (name, quotedValue) => `export ${name}=${quotedValue}`,
  nextLineStart: nextCommandLine,
};

/** POSIX single quotes: nothing inside is special, and a `'` is written as `'\''`. */
export function quoteShellValue(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Characters that end an unquoted word (the CR of a CRLF line stays outside the value too). */
const wordEnd = /[\s;&|<>()]/;

/** The word after `NAME=`; its literal value is unknown once anything would expand (`$`, backquotes). */
function scanShellWord(text: string, offset: number): ValueSpan {
  if (text[offset] === '(') return { start: offset, end: skipBalanced(text, offset, '(', ')'), literal: undefined };
  let literal: string | undefined = '';
  let index = offset;
  while (index < text.length && !wordEnd.test(text[index]!)) {
    const character = text[index]!;
    if (character === "'") {
      const close = text.indexOf("'", index + 1);
      if (close < 0) return unterminatedWord(text, offset);
      literal = literal?.concat(text.slice(index + 1, close));
      index = close + 1;
    } else if (character === '"') {
      const quoted = scanDoubleQuoted(text, index);
      if (!quoted) return unterminatedWord(text, offset);
      literal = quoted.literal === undefined ? undefined : literal?.concat(quoted.literal);
      index = quoted.end;
    } else if (character === '\\') {
      if (text[index + 1] !== '\n') literal = literal?.concat(text[index + 1] ?? '');
      index += 2;
    } else if (character === '$' || character === '`') {
      literal = undefined;
      index = skipExpansion(text, index);
    } else {
      literal = literal?.concat(character);
      index++;
    }
  }
  return { start: offset, end: Math.min(index, text.length), literal };
}

function unterminatedWord(text: string, offset: number): ValueSpan {
  return { start: offset, end: lineEndAt(text, offset), literal: undefined };
}

/** Inside double quotes a backslash escapes only `$`, a backquote, `"`, itself and a line break. */
function scanDoubleQuoted(text: string, open: number): { end: number; literal: string | undefined } | undefined {
  let literal: string | undefined = '';
  let index = open + 1;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '"') return { end: index + 1, literal };
    if (character === '\\') {
      const next = text[index + 1] ?? '';
      if (next !== '\n') literal = literal?.concat('$`"\\'.includes(next) ? next : `\\${next}`);
      index += 2;
    } else if (character === '$' || character === '`') {
      literal = undefined;
      index = skipExpansion(text, index);
    } else {
      literal = literal?.concat(character);
      index++;
    }
  }
  return undefined;
}

/** Past `$name`, `${…}`, `$(…)`, `$((…))` or a backquoted command. */
function skipExpansion(text: string, index: number): number {
  if (text[index] === '`') return skipPast(text, index + 1, '`');
  const next = text[index + 1];
  if (next === '(') return skipBalanced(text, index + 1, '(', ')');
  if (next === '{') return skipBalanced(text, index + 1, '{', '}');
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(index + 1, index + 64));
  return index + 1 + (name?.[0].length ?? 0);
}

/** Past the bracket matching the one at open, stepping over quoted text; the text's end when unbalanced. */
function skipBalanced(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  let index = open;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '\\') index += 2;
    else if (character === "'" || character === '"' || character === '`') index = skipPast(text, index + 1, character);
    else {
      if (character === opening) depth++;
      else if (character === closing && --depth === 0) return index + 1;
      index++;
    }
  }
  return text.length;
}

/** Past the next unescaped quote (backslashes do not escape inside single quotes); the text's end if none. */
function skipPast(text: string, from: number, quote: string): number {
  let index = from;
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' && quote !== "'" ? 2 : 1;
  return Math.min(index + 1, text.length);
}

/**
 * The start of the next command line after offset: quoted text and backslash-continued lines belong to the
 * current line, and the bodies of here-documents opened on it are skipped, so none of them is read as an
 * assignment.
 */
function nextCommandLine(text: string, offset: number): number {
  const hereDocuments: HereDocument[] = [];
  let index = offset;
  while (index < text.length && text[index] !== '\n') {
    const character = text[index]!;
    if (character === '\\') index += 2;
    else if (character === "'" || character === '"' || character === '`') index = skipPast(text, index + 1, character);
    else if (character === '#' && startsWord(text, index)) index = lineEndAt(text, index);
    else if (text.startsWith('<<', index) && text[index + 2] !== '<') {
      const opened = readHereDocumentOperator(text, index);
      if (opened.hereDocument) hereDocuments.push(opened.hereDocument);
      index = opened.end;
    } else index++;
  }
  index = Math.min(index + 1, text.length);
  for (const hereDocument of hereDocuments) index = skipHereDocumentBody(text, index, hereDocument);
  return index;
}

interface HereDocument {
  delimiter: string;
  stripsTabs: boolean;
}

function readHereDocumentOperator(text: string, index: number): { hereDocument?: HereDocument; end: number } {
  const operator = /^<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()]+))/.exec(
    text.slice(index, lineEndAt(text, index)),
  );
  if (!operator) return { end: index + 2 };
  const delimiter = operator[2] ?? operator[3] ?? operator[4]!.replace(/['"\\]/g, '');
  return { hereDocument: { delimiter, stripsTabs: operator[1] === '-' }, end: index + operator[0].length };
}

/** Past the line that ends the here-document body starting at offset. */
function skipHereDocumentBody(text: string, offset: number, { delimiter, stripsTabs }: HereDocument): number {
  let lineStart = offset;
  while (lineStart < text.length) {
    const lineEnd = lineEndAt(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const next = nextLineStart(text, lineEnd);
    if ((stripsTabs ? line.replace(/^\t+/, '') : line) === delimiter) return next;
    lineStart = next;
  }
  return text.length;
}

function startsWord(text: string, index: number): boolean {
  return index === 0 || /[\s;&|()<>]/.test(text[index - 1]!);
}
