/**
 * Where a secret may go. A Client Secret goes to the Sophos ID URL and a bearer token to every API URL; over
 * plain http either crosses the network readable by anyone on the path. Plain http is allowed only to this
 * machine (the sandbox, a local stand-in), whose traffic never leaves it.
 */
import { invalidInput } from './errors';

/** localhost, 127.0.0.0/8 and ::1, as the WHATWG URL parser normalises them (`127.1` becomes 127.0.0.1). */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why a secret must not be sent to this URL, or undefined when it may (https, or http to this machine). */
export function secretUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL.`;
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol !== 'http:') return `${url} does not start with https://.`;
  if (isLoopbackHost(parsed.hostname)) return undefined;
  return `${parsed.origin} is plain http to another machine, so the Client Secret or bearer token sent to it would cross the network in clear text. Use https:// (plain http is allowed only to localhost, 127.0.0.1 or ::1).`;
}

/** The URL unchanged, or a SophosApiError('invalidInput') naming `what` (e.g. "Sophos ID URL (--id-url)") and why. */
export function requireSecretSafeUrl(url: string, what: string): string {
  const problem = secretUrlProblem(url);
  if (problem) throw invalidInput(`The ${what} is refused: ${problem}`);
  return url;
}

/**
 * A host a server named (whoami's apiHosts, a tenant's apiHost) made safe to send a bearer token to: plain http
 * to another machine becomes https (Sophos serves its APIs only over https). Undefined for anything that is not
 * an http(s) URL.
 */
export function secretSafeServerUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) parsed.protocol = 'https:';
  else if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}
