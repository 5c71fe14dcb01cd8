/**
 * Finding secrets in a text, for the editor's "secret in plain text" diagnostics. Pure and synchronous: the
 * caller hands in the text and the SHA-256 hashes of the secrets it keeps, and gets back ranges. Nothing here
 * sends the text anywhere or keeps it, and stored secrets are compared by hash so their plaintext need not
 * stay in memory between scans.
 */
import { createHash } from 'node:crypto';

/**
 * An SLS repository token: `SLS-` and at least 20 token characters (Sophos issues 48 letters and digits; the
 * sandbox does the same). Not preceded by a token character, so `XSLS-…` or `MY_SLS-…` is not taken for one.
 */
const slsTokenPattern = /(?<![A-Za-z0-9_-])SLS-[A-Za-z0-9_-]{20,}/g;

/** Where a candidate value ends: whitespace, quotes, `=`, `:` and the punctuation that separates values. */
const boundaryPattern = /[\s"'`=:,;{}[\]()<>]+/g;

/**
 * SHA-256 hashes of secret values, and the lengths they have, so only candidates of those lengths are hashed.
 * `T` is what the caller knows about a secret (its owner, say), returned with each match; never its value.
 */
export class SecretHashes<T> {
  private readonly byHash = new Map<string, T>();
  private readonly lengths = new Set<number>();

  /** Adds a secret; values shorter than 8 characters are ignored (they would match ordinary words). */
  add(value: string, info: T): void {
    if (value.length < minimumSecretLength) return;
    this.byHash.set(hashSecret(value), info);
    this.lengths.add(value.length);
  }

  get size(): number {
    return this.byHash.size;
  }

  hasLength(length: number): boolean {
    return this.lengths.has(length);
  }

  lookup(hash: string): T | undefined {
    return this.byHash.get(hash);
  }
}

export const minimumSecretLength = 8;

export function hashSecret(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export type SecretMatch<T> =
  { kind: 'slsToken'; start: number; end: number } | { kind: 'stored'; start: number; end: number; info: T };

/** Every run of characters between boundaries, as [start, end) offsets. */
export function candidateSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  boundaryPattern.lastIndex = 0;
  for (let boundary = boundaryPattern.exec(text); boundary; boundary = boundaryPattern.exec(text)) {
    if (boundary.index > start) spans.push([start, boundary.index]);
    start = boundary.index + boundary[0].length;
  }
  if (start < text.length) spans.push([start, text.length]);
  return spans;
}

export function findSlsTokens(text: string): Array<{ start: number; end: number }> {
  return Array.from(text.matchAll(slsTokenPattern), (match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** True when the whole string is one SLS token (for checking a range again before acting on it). */
export function isSlsToken(value: string): boolean {
  return findSlsTokens(value).some((match) => match.start === 0 && match.end === value.length);
}

/** Candidates whose hash is a stored secret's. Only candidates of a stored secret's length are hashed. */
export function findStoredSecrets<T>(
  text: string,
  hashes: SecretHashes<T>,
): Array<{ start: number; end: number; info: T }> {
  if (hashes.size === 0) return [];
  const found: Array<{ start: number; end: number; info: T }> = [];
  for (const [start, end] of candidateSpans(text)) {
    if (!hashes.hasLength(end - start)) continue;
    const info = hashes.lookup(hashSecret(text.slice(start, end)));
    if (info !== undefined) found.push({ start, end, info });
  }
  return found;
}

/**
 * Stored secrets and SLS tokens in the text, in order. A stored token is also shaped like an SLS token: it is
 * reported once, as the stored one, because that says whose it is.
 */
export function scanForSecrets<T>(text: string, hashes: SecretHashes<T>): SecretMatch<T>[] {
  const stored = findStoredSecrets(text, hashes).map((match) => ({ kind: 'stored' as const, ...match }));
  const overlapsStored = (start: number, end: number) => stored.some((match) => match.start < end && start < match.end);
  const tokens = findSlsTokens(text)
    .filter(({ start, end }) => !overlapsStored(start, end))
    .map((match) => ({ kind: 'slsToken' as const, ...match }));
  return [...stored, ...tokens].sort((a, b) => a.start - b.start);
}
