import { isCollection, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Pair, type YAMLMap } from 'yaml';
import { ConfigEditError } from './errors';
import { describeKeyPath, keyPathSegments, type KeyPath } from './key-path';
import type { SetValueResult } from './set-value-result';
import { appendLines, inferIndentUnit, insertLinesAt, nextLineStart, replaceRange, columnAt } from './text-layout';
import { readsBackAsPlain, yamlScalarText } from './yaml-scalar';

/**
 * YAML (Ansible vars, cloud-init, compose files). The `yaml` package parses the file and tells where each node
 * sits; the edit itself is spliced into the original text, because printing the document again would also
 * re-indent, re-quote, re-wrap and move comments elsewhere. The result is parsed again and must read back as
 * written. In a stream of several documents the first one is edited.
 */
export function setYamlValue(text: string, key: KeyPath, value: string): SetValueResult {
  const path = keyPathSegments(key);
  const documents = parseYaml(text);
  const first = documents[0];
  const result =
    first === undefined || hasNoContent(first)
      ? addToEmptyDocument(text, first, path, value)
      : editDocument(text, first, path, value);
  if (result.action !== 'unchanged') checkReadsBack(result.text, path, value, documents.length);
  return result;
}

type YamlDocument = Document.Parsed;

function parseYaml(text: string): YamlDocument[] {
  const documents = Array.from(parseAllDocuments(text));
  const error = documents.flatMap((document) => document.errors)[0];
  if (error) {
    // The first line of the parser's message names the problem and where it is, without quoting the file.
    const problem = error.message.split('\n')[0]!.replace(/:$/, '');
    throw new ConfigEditError(
      'parseError',
      `The file is not valid YAML (${problem}). Fix it first, or add the value by hand.`,
      { cause: error },
    );
  }
  return documents;
}

function hasNoContent(document: YamlDocument): boolean {
  const contents = document.contents;
  return (
    contents === null || (isScalar(contents) && contents.value === null && contents.range?.[0] === contents.range?.[1])
  );
}

/** An empty file, or one holding only comments or a bare `---`: the entry starts the document. */
function addToEmptyDocument(
  text: string,
  document: YamlDocument | undefined,
  path: string[],
  value: string,
): SetValueResult {
  const lines = blockEntryLines(path, value, '', yamlIndentUnit(text));
  const contentStart = document?.contents?.range?.[0];
  const edited =
    contentStart === undefined
      ? appendLines(text, lines)
      : insertLinesAt(text, nextLineStart(text, contentStart), lines);
  return { text: edited, action: 'added' };
}

function editDocument(text: string, document: YamlDocument, path: string[], value: string): SetValueResult {
  let map = requireMap(document.contents, []);
  for (let depth = 0; depth < path.length; depth++) {
    const pair = findPair(map, path[depth]!);
    if (pair === undefined) return { text: insertEntries(text, map, path.slice(depth), value), action: 'added' };
    if (depth === path.length - 1) return replaceValue(text, map, pair, path, value);
    map = requireMap(pair.value, path.slice(0, depth + 1));
  }
  throw new Error('unreachable: a key path has at least one segment');
}

function requireMap(node: unknown, at: string[]): YAMLMap {
  if (isMap(node)) return node;
  const what = isSeq(node) ? 'a list' : isScalar(node) && node.value === null ? 'empty' : 'a single value';
  const where = at.length === 0 ? 'The top level of the YAML document' : `"${describeKeyPath(at)}"`;
  throw new ConfigEditError('notAMap', `${where} is ${what}, not a mapping of keys, so the key cannot go inside it.`);
}

/** Last match wins only matters for JSON; YAML refuses duplicate keys when parsing. */
function findPair(map: YAMLMap, segment: string): Pair | undefined {
  return map.items.find(
    ({ key }) =>
      isScalar(key) && (key.value === segment || (typeof key.value !== 'string' && String(key.value) === segment)),
  );
}

function replaceValue(text: string, map: YAMLMap, pair: Pair, path: string[], value: string): SetValueResult {
  const node = pair.value;
  if (isCollection(node)) {
    throw new ConfigEditError(
      'notAValue',
      `"${describeKeyPath(path)}" holds ${isSeq(node) ? 'a list' : 'a mapping'}; replacing it with a string would drop it.`,
    );
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw unsupported(path);
  const context = map.flow ? 'flowValue' : 'blockValue';
  if (isScalar(node) && node.value === value && (node.type !== 'PLAIN' || readsBackAsPlain(value, context)))
    return { text, action: 'unchanged' };
  const [start, end] = range;
  // `key:` with nothing after it needs a space; a block scalar's range takes its final line break with it.
  const space = start === end && text[start - 1] === ':' ? ' ' : '';
  const lineBreak = /\r?\n$/.exec(text.slice(start, end))?.[0] ?? '';
  return {
    text: replaceRange(text, start, end, `${space}${yamlScalarText(value, context)}${lineBreak}`),
    action: 'replaced',
  };
}

function insertEntries(text: string, map: YAMLMap, path: string[], value: string): string {
  return map.flow ? insertIntoFlowMap(text, map, path, value) : insertIntoBlockMap(text, map, path, value);
}

/** After the map's last entry (and that entry's trailing comment), at the column of its keys. */
function insertIntoBlockMap(text: string, map: YAMLMap, path: string[], value: string): string {
  const firstKeyStart = (map.items[0]?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  const mapEnd = map.range?.[1];
  if (firstKeyStart === undefined || mapEnd === undefined) throw unsupported(path);
  const indentation = ' '.repeat(columnAt(text, firstKeyStart));
  const lineStart = text[mapEnd - 1] === '\n' ? mapEnd : nextLineStart(text, mapEnd);
  return insertLinesAt(text, lineStart, blockEntryLines(path, value, indentation, yamlIndentUnit(text)));
}

/** `{a: 1}` becomes `{a: 1, key: value}`; nested keys become nested flow mappings. */
function insertIntoFlowMap(text: string, map: YAMLMap, path: string[], value: string): string {
  const close = (map.range?.[1] ?? 0) - 1;
  if (text[close] !== '}') throw unsupported(path);
  let end = close;
  while (/\s/.test(text[end - 1] ?? '')) end--;
  const previous = text[end - 1];
  const separator = previous === '{' ? '' : previous === ',' ? ' ' : ', ';
  return replaceRange(text, end, end, separator + flowEntry(path, value));
}

function blockEntryLines(path: string[], value: string, indentation: string, unit: string): string[] {
  return path.map((segment, depth) => {
    const key = `${indentation}${unit.repeat(depth)}${yamlScalarText(segment, 'blockKey')}:`;
    return depth === path.length - 1 ? `${key} ${yamlScalarText(value, 'blockValue')}` : key;
  });
}

function flowEntry(path: string[], value: string): string {
  const [segment, ...rest] = path;
  const inner = rest.length === 0 ? yamlScalarText(value, 'flowValue') : `{${flowEntry(rest, value)}}`;
  return `${yamlScalarText(segment!, 'flowKey')}: ${inner}`;
}

/** YAML forbids tabs in indentation, so a tab seen (inside a block scalar, say) does not set the unit. */
function yamlIndentUnit(text: string): string {
  const unit = inferIndentUnit(text);
  return unit.includes('\t') ? '  ' : unit;
}

/** The safety net under the text splicing: the edited file must parse and give the key exactly this value. */
function checkReadsBack(text: string, path: string[], value: string, documentCount: number): void {
  const documents = Array.from(parseAllDocuments(text));
  const readsBack =
    documents.length === Math.max(documentCount, 1) &&
    documents.every((document) => document.errors.length === 0) &&
    readPath(documents[0]!, path) === value;
  if (!readsBack) throw unsupported(path);
}

function readPath(document: YamlDocument, path: string[]): unknown {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    node = findPair(node, segment)?.value;
  }
  return isScalar(node) ? node.value : undefined;
}

function unsupported(path: string[]): ConfigEditError {
  return new ConfigEditError(
    'unsupported',
    `Could not put "${describeKeyPath(path)}" into this YAML without changing what else it says (an unusual layout, tag or comment there). Add it by hand.`,
  );
}
