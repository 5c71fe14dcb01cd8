/** Every failure below HTTP (DNS, refused connections, TLS, proxies, timeouts) as one SophosApiError that says what to try. */
import { SophosApiError } from '../errors';
import type { ResolvedProxy } from './proxy';
import type { ResolvedNetwork } from './resolve';

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** Why a certificate was refused, in words, per OpenSSL / Node code. */
const tlsReasons: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it was issued by an unknown issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it was issued by an unknown issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'it was issued by an unknown issuer',
  SELF_SIGNED_CERT_IN_CHAIN: 'it was issued by an unknown issuer (a self-signed certificate in the chain)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed by an unknown issuer',
  CERT_UNTRUSTED: 'it was issued by an untrusted issuer',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet (check the system clock)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its host name does not match (it was issued for another host)',
  HOSTNAME_MISMATCH: 'its host name does not match (it was issued for another host)',
  CERT_SIGNATURE_FAILURE: 'its signature is invalid',
  CERT_REVOKED: 'it has been revoked',
};

/** What the transport knows about the route of the failed request, for messages that name the proxy. */
export interface FailureContext {
  network: ResolvedNetwork;
  /** The proxy this request went through; undefined when it went direct. */
  proxy?: ResolvedProxy;
}

/** Maps undici and socket errors to a kind and a message that says what to try. */
export function transportFailure(error: unknown, host: string, context?: FailureContext): SophosApiError {
  const codes = errorCodes(error);
  const code = codes[0];
  const tlsHint =
    context?.network.hints.tls ??
    'If a proxy inspects TLS on your network, add its CA certificate to the trusted certificates.';
  const proxy = context?.proxy;
  const proxyHint = context?.network.hints.proxy ?? 'Check the proxy settings.';

  const proxyStatus = proxy ? proxyRefusal(error) : undefined;
  if (proxy && proxyStatus !== undefined) {
    const what =
      proxyStatus === 407
        ? proxy.authenticated
          ? 'refused the proxy credentials (HTTP 407 Proxy Authentication Required)'
          : 'asks for credentials (HTTP 407 Proxy Authentication Required) and none are configured'
        : `refused to open a tunnel to ${host} (HTTP ${proxyStatus})`;
    return new SophosApiError('network', `The proxy ${proxy.display} (from ${proxy.source}) ${what}. ${proxyHint}`, {
      host,
      cause: error,
    });
  }
  const tlsCode = codes.find((candidate) => candidate in tlsReasons);
  if (tlsCode) {
    const onProxy = codes.includes('UND_ERR_PRX_TLS') && proxy;
    const who = onProxy ? `the proxy ${proxy.display}` : host;
    const check =
      tlsCode === 'ERR_TLS_CERT_ALTNAME_INVALID' || tlsCode === 'HOSTNAME_MISMATCH' ? ' Check the configured URL.' : '';
    return new SophosApiError(
      'tls',
      `The TLS certificate of ${who} was refused: ${tlsReasons[tlsCode]} (${tlsCode}).${check} ${tlsHint}`,
      {
        host,
        cause: error,
      },
    );
  }
  if (code && timeoutCodes.has(code)) {
    const via = proxy ? ` through the proxy ${proxy.display}` : '';
    return new SophosApiError(
      'timeout',
      `${host} did not answer in time${via}. Check your network or proxy, then try again.`,
      {
        host,
        cause: error,
      },
    );
  }
  if (proxy && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET')) {
    const what =
      code === 'ECONNREFUSED'
        ? 'refused the connection'
        : code === 'ECONNRESET'
          ? 'closed the connection unexpectedly'
          : 'could not be found (DNS)';
    return new SophosApiError(
      'network',
      `The proxy ${proxy.display} (from ${proxy.source}) ${what} while connecting to ${host}. ${proxyHint}`,
      {
        host,
        cause: error,
      },
    );
  }
  const what =
    code === 'ECONNREFUSED'
      ? 'refused the connection'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'could not be found (DNS)'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'closed the connection unexpectedly'
          : `could not be reached${code ? ` (${code})` : ''}`;
  return new SophosApiError(
    'network',
    `${host} ${what}. Check the URL, your network and proxy settings, then try again.`,
    {
      host,
      cause: error,
    },
  );
}

/** The status a proxy answered a CONNECT with, when that is what failed (undici reports it only in text). */
function proxyRefusal(error: unknown): number | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const message = (current as { message?: unknown }).message;
    const match =
      typeof message === 'string'
        ? /Proxy response \((\d{3})\) !== 200|Proxy Authentication Required \((\d{3})\)/.exec(message)
        : null;
    if (match) return Number(match[1] ?? match[2]);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Every string code on the error and its causes, outermost first. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}
