/**
 * The detection rules, one function each, shared by the editor (open files, Scan Workspace) and the CLI
 * (`sophos-central scan`). Each returns the ranges of values, never a copy kept anywhere; placeholders and
 * references (see placeholders.ts) are not findings.
 */
import { keyedValues } from './keyed-values';
import { isPlaceholder, isReference } from './placeholders';

export type RuleKind = 'sls-token' | 'client-secret' | 'bearer-token';

export interface RuleMatch {
  kind: RuleKind;
  start: number;
  end: number;
  /** The key the value was found under, when it was found that way (key names are not secrets). */
  key?: string;
}

/**
 * An SLS repository token: `SLS-` and at least 20 token characters (Sophos issues 48 letters and digits; the
 * sandbox does the same). Not preceded by a token character, so `XSLS-…` or `MY_SLS-…` is not taken for one.
 */
const slsTokenPattern = /(?<![A-Za-z0-9_-])SLS-[A-Za-z0-9_-]{20,}/g;

export function findSlsTokens(text: string): RuleMatch[] {
  if (!text.includes('SLS-')) return [];
  const found: RuleMatch[] = [];
  for (const match of text.matchAll(slsTokenPattern)) {
    if (isPlaceholder(match[0], match[0].slice(4))) continue;
    found.push({ kind: 'sls-token', start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** True when the whole string is one SLS token (for checking a range again before acting on it). */
export function isSlsToken(value: string): boolean {
  return findSlsTokens(value).some((match) => match.start === 0 && match.end === value.length);
}

const clientSecretKey = '[\\w.$:-]*client[-_.]?secret';
const clientIdKey = '[\\w.$:-]*client[-_.]?id';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A Client Secret: the value of a `client_secret` / `SOPHOS_CLIENT_SECRET` / `clientSecret`-style key, in a
 * file that also holds a UUID under a `client_id`-style key. The pair is what makes it a Sophos Central API
 * credential (Client IDs are UUIDs); the same file rather than the next line, because INI sections, YAML maps
 * and JSON objects put other keys between them. The value must look random: 16 or more characters, letters
 * and digits both, no spaces.
 */
export function findClientSecrets(text: string): RuleMatch[] {
  if (!/client[-_.]?secret/i.test(text) || !/client[-_.]?id/i.test(text)) return [];
  const hasClientId = keyedValues(text, clientIdKey).some(({ value }) => uuidPattern.test(value));
  if (!hasClientId) return [];
  return keyedValues(text, clientSecretKey)
    .filter(({ value }) => looksRandom(value) && !isPlaceholder(value))
    .map(({ key, start, end }) => ({ kind: 'client-secret' as const, start, end, key }));
}

/**
 * The Client ID a Client Secret found at `secretStart` goes with: the UUID under a `client_id`-style key just
 * before it, unless an INI section header stands between them; else the first one after it (JSON and YAML
 * may put the secret first). An INI section, a YAML map or a JSON object keeps its own pair together.
 */
export function clientIdFor(text: string, secretStart: number): string | undefined {
  const ids = keyedValues(text, clientIdKey).filter(({ value }) => uuidPattern.test(value));
  const before = ids.filter(({ end }) => end <= secretStart).at(-1);
  const after = ids.find(({ start }) => start > secretStart);
  if (before && !sectionHeader.test(text.slice(before.end, secretStart))) return before.value;
  return after?.value ?? before?.value;
}

const sectionHeader = /^[ \t]*\[[^\]\n]+\][ \t]*$/m;

function looksRandom(value: string): boolean {
  return value.length >= 16 && !/\s/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value);
}

/** Three base64url parts, the first two JSON objects (`eyJ` is `{"` encoded). */
const jwtPattern = /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![\w-])/g;
/** What stands before a bearer token on its line: an Authorization header, or a key ending in `token`. */
const authorizationBefore = /authorization\b.*\bbearer\s+$/i;
const tokenKeyBefore = /([\w.$:-]*token)["']?\s*(?::=|=|:)\s*["'`]?$/i;

/**
 * A Sophos Central bearer token: a JWT in an `Authorization: Bearer …` header (curl, .http files, YAML and
 * JSON headers) or under a `*_TOKEN` / `accessToken`-style key. A JWT elsewhere (a test fixture, an ID token
 * in docs) is not claimed to be one.
 */
export function findBearerTokens(text: string): RuleMatch[] {
  if (!text.includes('eyJ')) return [];
  const found: RuleMatch[] = [];
  for (const match of text.matchAll(jwtPattern)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = text.slice(Math.max(lineStart, match.index - 300), match.index);
    const key = tokenKeyBefore.exec(before)?.[1];
    if (key === undefined && !authorizationBefore.test(before)) continue;
    if (isReference(match[0])) continue;
    found.push({ kind: 'bearer-token', start: match.index, end: match.index + match[0].length, key });
  }
  return found;
}
