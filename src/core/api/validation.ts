/**
 * Input checks that run before any request, so a typo costs no round trip and gets a precise message.
 */
import { invalidInput } from './errors';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** Explains what is wrong with a would-be UUID, or undefined when it is one. Used as the user types. */
export function uuidProblem(value: string, what = 'Client ID'): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return `Enter the ${what}.`;
  if (isUuid(trimmed)) return undefined;
  if (/[^0-9a-f-]/i.test(trimmed)) {
    const bad = trimmed.match(/[^0-9a-f-]/i)![0];
    return `The ${what} is a UUID of hexadecimal digits and hyphens; "${bad}" is not one of them.`;
  }
  return `The ${what} is a UUID like 12345678-abcd-4ef0-9876-0123456789ab (8-4-4-4-12 digits); this one has ${trimmed.replace(/-/g, '').length} digits in groups of ${trimmed
    .split('-')
    .map((g) => g.length)
    .join('-')}.`;
}

export function normalizeClientId(value: string): string {
  const trimmed = value.trim();
  const problem = uuidProblem(trimmed);
  if (problem) throw invalidInput(problem);
  return trimmed.toLowerCase();
}

/** For comparing tenant ids: lower case. What is sent to Sophos keeps its case (tenantIdAsGiven). */
export function normalizeTenantId(value: string): string {
  return tenantIdAsGiven(value).toLowerCase();
}

/** A tenant id to send to Sophos: checked as a UUID, trimmed, its case kept (the server gets back what it gave). */
export function tenantIdAsGiven(value: string): string {
  const trimmed = value.trim();
  const problem = uuidProblem(trimmed, 'tenant ID');
  if (problem) throw invalidInput(problem);
  return trimmed;
}

/**
 * Secrets are often pasted with a trailing newline or surrounding spaces; those are never part of a Sophos
 * secret. Whitespace inside is a broken paste, not something to guess about.
 */
export function normalizeClientSecret(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw invalidInput('Enter the Client Secret.');
  if (/\s/.test(trimmed)) {
    throw invalidInput(
      'The Client Secret contains spaces or line breaks. Paste it again as one piece, exactly as Sophos Central showed it.',
    );
  }
  return trimmed;
}

const maxLabelLength = 50;
const labelPattern = /^[A-Za-z0-9 ,.-]+$/;

/** Access token labels: 1 to 50 letters, digits, spaces, commas, hyphens and periods. */
export function labelProblem(label: string): string | undefined {
  if (label.trim() === '') return 'Enter a label (1 to 50 characters).';
  if (label.length > maxLabelLength)
    return `The label has ${label.length} characters; the most Sophos accepts is ${maxLabelLength}.`;
  if (!labelPattern.test(label)) {
    const bad = [...label].find((ch) => !labelPattern.test(ch));
    return `The label may hold letters, digits, spaces, commas, hyphens and periods; "${bad}" is not allowed.`;
  }
  return undefined;
}

export function validateLabel(label: string): string {
  const problem = labelProblem(label);
  if (problem) throw invalidInput(problem);
  return label;
}

/** Parses an ISO-8601 expiry that must lie in the future; returns it normalised to UTC ISO. */
export function parseExpiry(value: string, now: number = Date.now()): string {
  const trimmed = value.trim();
  const time = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidInput(`"${value}" is not an ISO-8601 date; use e.g. 2027-06-30 or 2027-06-30T12:00:00Z.`);
  }
  if (time <= now)
    throw invalidInput(`The expiry ${new Date(time).toISOString()} is in the past; choose a future date.`);
  return new Date(time).toISOString();
}

/** Base URLs come from settings, flags and the environment; a typo should fail here, not as a DNS error. */
export function normalizeBaseUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalidInput(`The ${what} "${value}" is not a URL; use e.g. https://api.central.sophos.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(`The ${what} must start with https:// (got ${url.protocol}).`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
