import { appendLines, replaceRange } from './text-layout';
import type { SetValueResult } from './set-value-result';

/** Where one `NAME=value` assignment's value sits, and what it means when we can read it literally. */
export interface ValueSpan {
  start: number;
  end: number;
  /** The value the file gives the variable; undefined when it depends on expansion or unclear escapes. */
  literal: string | undefined;
}

export interface AssignmentSyntax {
  /** Sticky pattern for the start of an assignment line, up to and including `=`; group 1 is the name. */
  assignmentStart: RegExp;
  /** Reads the value that starts at offset (which may run over several lines inside quotes). */
  scanValue(text: string, offset: number): ValueSpan;
  /** The value as this file type writes it, quoted as needed. */
  quote(value: string): string;
  /** A whole new line for a variable that has none yet. */
  newLine(name: string, quotedValue: string): string;
  /** Where the next line that could hold an assignment starts, past quoted text or here-documents. */
  nextLineStart(text: string, offset: number): number;
}

interface Assignment extends ValueSpan {
  name: string;
}

/**
 * Puts the value into the last assignment of name (the one that wins when the file is read), touching only
 * the value so a prefix like `export `, spacing and a trailing comment stay; appends a line when there is none.
 */
export function upsertAssignment(text: string, syntax: AssignmentSyntax, name: string, value: string): SetValueResult {
  const current = findAssignments(text, syntax)
    .filter((assignment) => assignment.name === name)
    .at(-1);
  if (current === undefined)
    return { text: appendLines(text, [syntax.newLine(name, syntax.quote(value))]), action: 'added' };
  if (current.literal === value) return { text, action: 'unchanged' };
  return { text: replaceRange(text, current.start, current.end, syntax.quote(value)), action: 'replaced' };
}

/** Every assignment in order; text inside a value or a here-document spanning lines is never taken for one. */
function findAssignments(text: string, syntax: AssignmentSyntax): Assignment[] {
  const found: Assignment[] = [];
  const pattern = new RegExp(syntax.assignmentStart.source, 'y');
  let offset = 0;
  while (offset < text.length) {
    pattern.lastIndex = offset;
    const match = pattern.exec(text);
    if (match) {
      const span = syntax.scanValue(text, offset + match[0].length);
      found.push({ name: match[1]!, ...span });
      offset = syntax.nextLineStart(text, span.end);
    } else {
      offset = syntax.nextLineStart(text, offset);
    }
  }
  return found;
}
