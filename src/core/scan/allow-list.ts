/**
 * Findings silenced on purpose: an inline `sophos-central: allow` on the line (or alone in a comment on the
 * line above), or an entry in a `.sophos-central-allow` file at the top of the repository or workspace:
 *
 *     # why it is allowed
 *     <SHA-256 of the value, hex> <path relative to this file, with forward slashes>
 *
 * The file names a value by its hash, never the value, so it can be committed.
 */
export const allowFileName = '.sophos-central-allow';

const inlineMarker = /sophos-central:\s*allow\b/i;
const markerAloneInComment = /^\s*(#|\/\/|--|;|\/\*|<!--|REM\b)\s*sophos-central:\s*allow\b/i;

export interface AllowEntry {
  fingerprint: string;
  path: string;
}

export class AllowList {
  private readonly entries: Set<string>;

  constructor(entries: AllowEntry[] = []) {
    this.entries = new Set(entries.map((entry) => key(entry.fingerprint, entry.path)));
  }

  get size(): number {
    return this.entries.size;
  }

  allows(fingerprint: string, path: string): boolean {
    return this.entries.has(key(fingerprint, normalizePath(path)));
  }
}

function key(fingerprint: string, path: string): string {
  return `${fingerprint.toLowerCase()} ${path}`;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Problems are returned, not thrown: a bad line must not turn the scan off. */
export function parseAllowFile(text: string): { list: AllowList; problems: string[] } {
  const entries: AllowEntry[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^([0-9a-fA-F]{64})\s+(\S.*)$/.exec(trimmed);
    if (match) entries.push({ fingerprint: match[1], path: normalizePath(match[2].trim()) });
    else problems.push(`${allowFileName} line ${index + 1}: expected "<sha256> <path>"; line ignored.`);
  });
  return { list: new AllowList(entries), problems };
}

/** The allow-file line that silences a finding. */
export function allowLine(fingerprint: string, path: string): string {
  return `${fingerprint} ${normalizePath(path)}`;
}

/** True when `line` (0-based) carries the inline marker, or the line above is a comment holding only it. */
export function allowedInline(lines: LineIndex, line: number): boolean {
  if (inlineMarker.test(lines.text(line))) return true;
  return line > 0 && markerAloneInComment.test(lines.text(line - 1));
}

/** Line starts of a text, for turning offsets into lines and columns (both 0-based here). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly source: string) {
    for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line] };
  }

  text(line: number): string {
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.source.length;
    return this.source.slice(this.starts[line], end);
  }
}
