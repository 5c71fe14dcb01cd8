/**
 * Everything the CLI prints goes through here. Plain-text tables for people; --json gives scripts the API's own
 * shapes instead. Text from outside (tenant names, labels, ids, server messages) may hold terminal control
 * sequences (OSC 52 writes the clipboard, others retitle the window or erase lines) and bidirectional overrides:
 * printed text shows each as <U+001B>, never sends it; JSON escapes them as \u001b.
 */
import { regionName, type AccessToken, type Tenant, type WhoAmI } from '../core/api';

/**
 * C0 controls, DEL, C1 controls (U+0080-U+009F, where U+009B is a one-byte CSI) and the bidirectional formatting
 * characters, which reorder what follows so that a name could read as something else.
 */
const unprintable = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same but the newline and tab that lay out what the CLI itself prints. */
const unprintableButLayout = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of the above (it escapes C0 itself). */
const jsonUnescaped = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const codePoint = (char: string) => char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
const shown = (char: string) => `<U+${codePoint(char)}>`;

/** One value from outside as one line of text: every control, line breaks included, shown as <U+001B>. */
export function plainText(value: string): string {
  return value.replace(unprintable, shown);
}

/** The last filter before the terminal: whatever slipped through keeps only its newlines and tabs. */
export function terminalText(text: string): string {
  return text.replace(unprintableButLayout, shown);
}

/** JSON.stringify escapes C0 controls but not DEL, C1 or bidi characters: those become \u escapes too. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(jsonUnescaped, (char) => `\\u${codePoint(char).toLowerCase()}`)}\n`;
}

/** One value as one line of JSON (JSON lines), escaped as toJson does. */
export function toJsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(jsonUnescaped, (char) => `\\u${codePoint(char).toLowerCase()}`)}\n`;
}

/** The environment's writers with terminalText applied: the one place the CLI's output leaves. */
export function terminalSafe<T extends { stdout: (text: string) => void; stderr: (text: string) => void }>(io: T): T {
  return {
    ...io,
    stdout: (text: string) => io.stdout(terminalText(text)),
    stderr: (text: string) => io.stderr(terminalText(text)),
  };
}

export function formatWhoami(me: WhoAmI): string {
  return table([
    ['id', me.id],
    ['id type', me.idType],
    [
      'data region',
      me.apiHosts.dataRegion
        ? `${regionName(me.apiHosts.dataRegion)} (${me.apiHosts.dataRegion})`
        : 'none (partner and organization credentials act through their tenants)',
    ],
    ['global API', me.apiHosts.global],
  ]);
}

export function formatTenants(tenants: Tenant[]): string {
  if (tenants.length === 0) return 'No tenants.\n';
  return table([
    ['ID', 'NAME', 'REGION', 'API HOST'],
    ...tenants.map((t) => [t.id, t.name ?? '', t.dataRegion ?? '', t.apiHost ?? '']),
  ]);
}

export function formatAccessTokens(tokens: AccessToken[]): string {
  if (tokens.length === 0) return 'No access tokens.\n';
  return table([
    ['ID', 'LABEL', 'TYPE', 'CREATED', 'EXPIRES'],
    ...tokens.map((t) => [t.id, t.label ?? '', t.type ?? '', t.createdAt ?? '', t.expiresAt ?? 'never']),
  ]);
}

/** Cells are cleaned before they are measured, so a name full of escapes cannot break the columns. */
export function table(rows: string[][]): string {
  const cells = rows.map((row) => row.map(plainText));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return (
    cells
      .map((row) =>
        row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
      )
      .join('\n') + '\n'
  );
}
