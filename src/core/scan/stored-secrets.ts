/**
 * Secrets this extension keeps (Client Secrets, token values), found in a text by their SHA-256 hash, so their
 * plaintext need not stay in memory between scans. The caller hands in the hashes and gets back ranges.
 */
import { createHash } from 'node:crypto';

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
