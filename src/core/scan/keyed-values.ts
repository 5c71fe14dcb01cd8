/**
 * `key = value` and `key: value` as .env, shell, YAML, JSON, INI and TOML files write them, read with one
 * pattern rather than one parser per syntax: the scan must be fast on 100 MB and must not give up on a file
 * that does not parse (a template, a half-edited file, a snippet in a README).
 */
export interface KeyedValue {
  key: string;
  /** The value without its quotes. */
  value: string;
  /** Offsets of the value (inside its quotes) in the text. */
  start: number;
  end: number;
}

/**
 * Every value whose key matches `keyPattern` (a regular-expression source for the whole key, matched without
 * case). The key may be quoted (JSON, YAML, TOML) and may follow `export` or `$env:`; the value is a quoted
 * string on one line or a bare word.
 */
export function keyedValues(text: string, keyPattern: string): KeyedValue[] {
  const assignment = new RegExp(`(?<![\\w.-])(["']?)(${keyPattern})\\1[ \\t]*(?::=|=|:)[ \\t]*`, 'gi');
  const found: KeyedValue[] = [];
  for (const match of text.matchAll(assignment)) {
    const value = valueAt(text, match.index + match[0].length);
    if (value) found.push({ key: match[2], ...value });
  }
  return found;
}

const bareValueEnd = /[\s,;}\]"'`]/;

function valueAt(text: string, at: number): { value: string; start: number; end: number } | undefined {
  const quote = text[at];
  if (quote === '"' || quote === "'" || quote === '`') {
    for (let index = at + 1; index < text.length; index++) {
      const char = text[index];
      if (char === '\n' || char === '\r') return undefined;
      if (char === '\\' && quote !== "'") index++;
      else if (char === quote)
        return index > at + 1 ? { value: text.slice(at + 1, index), start: at + 1, end: index } : undefined;
    }
    return undefined;
  }
  let end = at;
  while (end < text.length && !bareValueEnd.test(text[end])) end++;
  return end > at ? { value: text.slice(at, end), start: at, end } : undefined;
}

/** What a key and its separator look like just before a value on its line (`KEY=`, `"key": "`, `key: '`). */
const keyBeforeValue = /(?<![\w.-])["']?((?:\$env:)?[\w.$:-]+)["']?[ \t]*(?::=|=|:)[ \t]*["'`]?$/i;

/** The key the value at `start` was written under on its line, if any (key names are not secrets). */
export function keyBefore(text: string, start: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return keyBeforeValue.exec(text.slice(Math.max(lineStart, start - 300), start))?.[1];
}
