/**
 * One text through every rule: what the editor does for an open document and the CLI for each file. A finding
 * names the kind, the place and a fingerprint (the value's SHA-256, for the allow file), never the value.
 */
import { allowedInline, LineIndex, type AllowList } from './allow-list';
import { scanFileKind, type ScanFileKind } from './file-kinds';
import { findBearerTokens, findClientSecrets, findSlsTokens, type RuleKind, type RuleMatch } from './rules';
import { findStoredSecrets, hashSecret, type SecretHashes } from './stored-secrets';

export type SecretKind = RuleKind | 'stored-secret';

export interface Finding<T = unknown> {
  kind: SecretKind;
  /** Offsets of the value in the text. */
  start: number;
  end: number;
  /** 1-based, columns in UTF-16 code units (what editors and SARIF count). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The key it was found under, when there is one. */
  key?: string;
  /** SHA-256 of the value, hex: what an allow-file entry names. */
  fingerprint: string;
  /** For a stored secret: what the caller said about it (whose it is). */
  stored?: T;
}

export interface ScanTextOptions<T> {
  /** The path relative to the scan's root (forward slashes): decides the file kind and the allow-file match. */
  path?: string;
  kind?: ScanFileKind;
  hashes?: SecretHashes<T>;
  allowList?: AllowList;
}

export interface TextScan<T> {
  findings: Finding<T>[];
  /** Findings silenced by an inline marker or the allow file. */
  allowed: number;
}

/** Which rule wins when two find the same range: the one that says most about whose secret it is. */
const precedence: SecretKind[] = ['stored-secret', 'sls-token', 'client-secret', 'bearer-token'];

export function scanText<T>(text: string, options: ScanTextOptions<T> = {}): TextScan<T> {
  const kind = options.kind ?? (options.path === undefined ? 'other' : scanFileKind(options.path));
  const stored = options.hashes ? findStoredSecrets(text, options.hashes) : [];
  // A lock file is generated: only an exact stored secret is worth a word there.
  const matches: Array<RuleMatch | { kind: 'stored-secret'; start: number; end: number; info: T }> = [
    ...stored.map((match) => ({ kind: 'stored-secret' as const, ...match })),
    ...(kind === 'lock' ? [] : [...findSlsTokens(text), ...findClientSecrets(text), ...findBearerTokens(text)]),
  ];
  if (matches.length === 0) return { findings: [], allowed: 0 };
  matches.sort((a, b) => a.start - b.start || precedence.indexOf(a.kind) - precedence.indexOf(b.kind));
  const lines = new LineIndex(text);
  const findings: Finding<T>[] = [];
  let allowed = 0;
  let coveredUntil = -1;
  for (const match of matches) {
    if (match.start < coveredUntil) continue; // reported already, by a rule that says more
    coveredUntil = match.end;
    const from = lines.position(match.start);
    const fingerprint = hashSecret(text.slice(match.start, match.end));
    if (allowedInline(lines, from.line) || (options.path && options.allowList?.allows(fingerprint, options.path))) {
      allowed++;
      continue;
    }
    const to = lines.position(match.end);
    findings.push({
      kind: match.kind,
      start: match.start,
      end: match.end,
      line: from.line + 1,
      column: from.column + 1,
      endLine: to.line + 1,
      endColumn: to.column + 1,
      fingerprint,
      ...('key' in match && match.key !== undefined ? { key: match.key } : {}),
      ...('info' in match ? { stored: match.info } : {}),
    });
  }
  return { findings, allowed };
}

/** What each kind is, for messages: never a value. */
export const secretKindNames: Record<SecretKind, string> = {
  'sls-token': 'SLS token',
  'client-secret': 'Client Secret',
  'bearer-token': 'Sophos Central bearer token',
  'stored-secret': 'secret kept in SecretStorage',
};
