/** Line-level helpers shared by the editors, which must leave every byte they do not mean to change. */

export type Eol = '\n' | '\r\n';

/** The file's line ending, taken from its first line break; LF for a file without one. */
export function detectEol(text: string): Eol {
  const lineFeed = text.indexOf('\n');
  return lineFeed > 0 && text[lineFeed - 1] === '\r' ? '\r\n' : '\n';
}

export function endsWithLineBreak(text: string): boolean {
  return text.endsWith('\n');
}

/**
 * Adds whole lines at the end of the file with its own line ending. A file that ended without a line break
 * still does (the break goes before the new lines); an empty file gets a final one.
 */
export function appendLines(text: string, lines: readonly string[]): string {
  return insertLinesAt(text, text.length, lines);
}

/** Inserts whole lines at a line start (or at the end, as appendLines does), with the file's line ending. */
export function insertLinesAt(text: string, lineStart: number, lines: readonly string[]): string {
  const eol = detectEol(text);
  const block = lines.join(eol);
  if (lineStart >= text.length && text !== '' && !endsWithLineBreak(text)) return `${text}${eol}${block}`;
  return replaceRange(text, lineStart, lineStart, `${block}${eol}`);
}

export function replaceRange(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line that holds offset (before a CR of CRLF), or the text's end. */
export function lineEndAt(text: string, offset: number): number {
  const lineFeed = text.indexOf('\n', offset);
  if (lineFeed < 0) return text.length;
  return lineFeed > 0 && text[lineFeed - 1] === '\r' ? lineFeed - 1 : lineFeed;
}

/** Offset just after the line break ending the line that holds offset, or the text's end. */
export function nextLineStart(text: string, offset: number): number {
  const lineFeed = text.indexOf('\n', offset);
  return lineFeed < 0 ? text.length : lineFeed + 1;
}

/** The spaces and tabs that open the line holding offset. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEndAt(text, start)))![0];
}

export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/**
 * One level of indentation as the file writes it: a tab if its first indented line uses one, else the
 * smallest run of leading spaces. Comment lines are skipped (block-comment continuations sit one space in).
 */
export function inferIndentUnit(text: string, fallback = '  '): string {
  const indentations = Array.from(text.matchAll(/^([ \t]+)[^\s#/*]/gm), (match) => match[1]!);
  if (indentations.length === 0) return fallback;
  if (indentations[0]!.startsWith('\t')) return '\t';
  const smallest = indentations.reduce(
    (least, indentation) => (indentation.startsWith(' ') ? Math.min(least, indentation.length) : least),
    Infinity,
  );
  return ' '.repeat(smallest);
}

const byteOrderMark = '\uFEFF';

/** Edits the text without its byte order mark, so patterns anchored at the start still see the first line. */
export function withoutByteOrderMark<T extends { text: string }>(text: string, edit: (body: string) => T): T {
  if (!text.startsWith(byteOrderMark)) return edit(text);
  const result = edit(text.slice(byteOrderMark.length));
  return { ...result, text: byteOrderMark + result.text };
}
