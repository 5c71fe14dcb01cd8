import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ConfigEditError } from './errors';
import { describeKeyPath, keyPathSegments, type KeyPath } from './key-path';
import type { SetValueResult } from './set-value-result';
import {
  appendLines,
  detectEol,
  indentationAt,
  inferIndentUnit,
  insertLinesAt,
  lineEndAt,
  lineStartAt,
  replaceRange,
  type Eol,
} from './text-layout';

/**
 * JSON and JSONC (comments and trailing commas, as in VS Code settings and .code-workspace files).
 * `jsonc-parser` parses the file and locates nodes; the edit is spliced in by hand rather than with its
 * `modify`, because `modify` re-formats the whole line of the previous property and moves that property's
 * trailing comment onto the new one. Indentation (tabs or N spaces) and line endings follow the file. When
 * a key appears twice the last one wins, as in `JSON.parse`, so that is the one edited.
 */
export function setJsonValue(text: string, key: KeyPath, value: string): SetValueResult {
  const path = keyPathSegments(key);
  const layout: JsonLayout = { eol: detectEol(text), unit: inferIndentUnit(text) };
  if (text.trim() === '') return { text: `${newObjectText(path, value, layout)}\n`, action: 'added' };
  const root = parseJson(text);
  // Only comments so far: the object goes after them.
  if (root === undefined) return { text: appendLines(text, [newObjectText(path, value, layout)]), action: 'added' };
  const result = editObject(text, root, path, value, layout);
  if (result.action !== 'unchanged') checkReadsBack(result.text, path, value);
  return result;
}

interface JsonLayout {
  eol: Eol;
  /** One level of indentation: a tab or some spaces. */
  unit: string;
}

function parseJson(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const error = errors[0];
  if (error) {
    const line = text.slice(0, error.offset).split('\n').length;
    const column = error.offset - lineStartAt(text, error.offset) + 1;
    throw new ConfigEditError(
      'parseError',
      `The file is not valid JSON (${printParseErrorCode(error.error)} at line ${line}, column ${column}). Fix it first, or add the value by hand.`,
    );
  }
  return root;
}

function editObject(text: string, root: Node, path: string[], value: string, layout: JsonLayout): SetValueResult {
  let object = requireObject(root, []);
  for (let depth = 0; depth < path.length; depth++) {
    const valueNode = lastPropertyValue(object, path[depth]!);
    if (valueNode === undefined)
      return { text: insertProperty(text, object, path.slice(depth), value, layout), action: 'added' };
    if (depth === path.length - 1) return replaceValue(text, valueNode, path, value);
    object = requireObject(valueNode, path.slice(0, depth + 1));
  }
  throw new Error('unreachable: a key path has at least one segment');
}

function requireObject(node: Node, at: string[]): Node {
  if (node.type === 'object') return node;
  const where = at.length === 0 ? 'The top level of the JSON file' : `"${describeKeyPath(at)}"`;
  throw new ConfigEditError(
    'notAMap',
    `${where} is ${describeType(node)}, not an object, so the key cannot go inside it.`,
  );
}

function describeType(node: Node): string {
  return node.type === 'array' ? 'an array' : node.type === 'null' ? 'null' : `a ${node.type}`;
}

/** The value of the last property with this name: the one `JSON.parse` keeps. */
function lastPropertyValue(object: Node, name: string): Node | undefined {
  const property = (object.children ?? []).filter((candidate) => candidate.children?.[0]?.value === name).at(-1);
  return property?.children?.[1];
}

function replaceValue(text: string, node: Node, path: string[], value: string): SetValueResult {
  if (node.type === 'object' || node.type === 'array') {
    throw new ConfigEditError(
      'notAValue',
      `"${describeKeyPath(path)}" holds ${describeType(node)}; replacing it with a string would drop it.`,
    );
  }
  if (node.type === 'string' && node.value === value) return { text, action: 'unchanged' };
  return {
    text: replaceRange(text, node.offset, node.offset + node.length, JSON.stringify(value)),
    action: 'replaced',
  };
}

function insertProperty(text: string, object: Node, path: string[], value: string, layout: JsonLayout): string {
  const properties = object.children ?? [];
  const last = properties.at(-1);
  return last === undefined
    ? insertIntoEmptyObject(text, object, path, value, layout)
    : insertAfter(text, last, path, value, layout);
}

/**
 * After the last property: on a new line when that property ends its line (its comma, and a comment after
 * it, stay on its line), or inline when the object closes on the same line. A trailing comma stays in style.
 */
function insertAfter(text: string, last: Node, path: string[], value: string, layout: JsonLayout): string {
  const lastEnd = last.offset + last.length;
  const tail = scanTail(text, lastEnd);
  if (tail.lineBreak !== undefined) {
    const indentation = indentationAt(text, last.offset);
    const line = `${layout.eol}${indentation}${blockProperty(path, value, indentation, layout)}${tail.commaEnd === undefined ? '' : ','}`;
    const withLine = replaceRange(text, tail.lineBreak, tail.lineBreak, line);
    return tail.commaEnd === undefined ? replaceRange(withLine, lastEnd, lastEnd, ',') : withLine;
  }
  if (tail.closeBrace === undefined) throw unsupported(path);
  if (tail.commaEnd !== undefined)
    return replaceRange(text, tail.commaEnd, tail.commaEnd, ` ${inlineProperty(path, value)},`);
  return replaceRange(text, lastEnd, lastEnd, `, ${inlineProperty(path, value)}`);
}

interface Tail {
  commaEnd?: number;
  lineBreak?: number;
  closeBrace?: number;
}

/** What follows a property up to the end of its line: a comma, comments, or the object's closing brace. */
function scanTail(text: string, offset: number): Tail {
  const tail: Tail = {};
  let index = offset;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '\r' || character === '\n') return { ...tail, lineBreak: index };
    if (character === '}') return { ...tail, closeBrace: index };
    if (character === ',') tail.commaEnd = index + 1;
    else if (text.startsWith('//', index)) index = lineEndAt(text, index) - 1;
    else if (text.startsWith('/*', index)) index = text.indexOf('*/', index + 2) + 1;
    else if (character !== ' ' && character !== '\t') return tail;
    index++;
  }
  return tail;
}

/** `{}` opens up over lines; an empty object holding comments gets the property before its closing brace. */
function insertIntoEmptyObject(text: string, object: Node, path: string[], value: string, layout: JsonLayout): string {
  const open = object.offset;
  const close = object.offset + object.length - 1;
  const outer = indentationAt(text, open);
  const inner = outer + layout.unit;
  const property = `${inner}${blockProperty(path, value, inner, layout)}`;
  if (text.slice(open + 1, close).trim() === '')
    return replaceRange(text, open + 1, close, `${layout.eol}${property}${layout.eol}${outer}`);
  const closeLineStart = lineStartAt(text, close);
  if (text.slice(closeLineStart, close).trim() === '') return insertLinesAt(text, closeLineStart, [property]);
  return replaceRange(text, close, close, ` ${inlineProperty(path, value)} `);
}

function newObjectText(path: string[], value: string, layout: JsonLayout): string {
  return `{${layout.eol}${layout.unit}${blockProperty(path, value, layout.unit, layout)}${layout.eol}}`;
}

/** `"a": {` … `}` over lines, nested objects one unit deeper; the first line carries no indentation. */
function blockProperty(path: string[], value: string, indentation: string, layout: JsonLayout): string {
  const [name, ...rest] = path;
  if (rest.length === 0) return `${JSON.stringify(name)}: ${JSON.stringify(value)}`;
  const inner = indentation + layout.unit;
  return `${JSON.stringify(name)}: {${layout.eol}${inner}${blockProperty(rest, value, inner, layout)}${layout.eol}${indentation}}`;
}

function inlineProperty(path: string[], value: string): string {
  const [name, ...rest] = path;
  return `${JSON.stringify(name)}: ${rest.length === 0 ? JSON.stringify(value) : `{${inlineProperty(rest, value)}}`}`;
}

/** The safety net under the splicing: the edited file must parse and give the key exactly this value. */
function checkReadsBack(text: string, path: string[], value: string): void {
  const errors: ParseError[] = [];
  let node = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const segment of path) node = node?.type === 'object' ? lastPropertyValue(node, segment) : undefined;
  if (errors.length > 0 || node?.type !== 'string' || node.value !== value) throw unsupported(path);
}

function unsupported(path: string[]): ConfigEditError {
  return new ConfigEditError(
    'unsupported',
    `Could not put "${describeKeyPath(path)}" into this JSON without changing what else it says (an unusual layout there). Add it by hand.`,
  );
}
