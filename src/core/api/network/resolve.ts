/**
 * Corporate networks: which proxy a request goes through (proxy.ts) and which CA certificates are trusted
 * (certificates.ts), resolved in one place for the CLI and the extension; dispatcher.ts turns the result into
 * an undici dispatcher.
 *
 * Verification is never turned off, with one exception the user asks for by name: VS Code's
 * `http.proxyStrictSSL: false`, which applies to proxied connections only and is reported as a warning every
 * time the network is resolved.
 */
import { nodeCaStoreReadable } from './certificates';
import { describeRoutes, proxyWarnings, resolveProxies, type ProxyOptions, type ProxyRoutes } from './proxy';

/** Text the caller supplies so failures name the setting that fixes them in its own terms. */
export interface NetworkHints {
  /** After a refused certificate, e.g. "Add the CA certificate that signs it to sophosCentral.caCertificates." */
  tls?: string;
  /** After a proxy failure, e.g. "Check http.proxy and http.proxyAuthorization." */
  proxy?: string;
}

export interface NetworkOptions {
  proxy?: ProxyOptions;
  /** Extra trusted CA certificates, PEM (a bundle of several is fine); see loadCertificates. */
  extraCaPem?: readonly string[];
  /** Without an explicit proxy, read HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and lower-case forms) from env. */
  useEnvironment?: boolean;
  /** The environment to read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Also trust the operating system's certificate store, where this Node can read it (22.15 and later). */
  useSystemCertificates?: boolean;
  hints?: NetworkHints;
}

export interface ResolvedNetwork extends ProxyRoutes {
  extraCaPem: string[];
  useSystemCertificates: boolean;
  hints: Required<NetworkHints>;
  /** One line for the log: which proxy, which exceptions, how many extra CAs. No credentials. */
  summary: string;
  /** Things the user should know, e.g. that http.proxyStrictSSL is false. */
  warnings: string[];
}

const defaultHints: Required<NetworkHints> = {
  tls: 'If a proxy inspects TLS on your network, add its CA certificate to the trusted certificates.',
  proxy: 'Check the proxy settings.',
};

/** Decides the proxies and trust; throws invalidInput for a proxy URL that cannot be used. */
export function resolveNetwork(options: NetworkOptions = {}): ResolvedNetwork {
  const routes = resolveProxies(options.proxy, options.useEnvironment === true, options.env ?? process.env);
  const hints = { ...defaultHints, ...stripEmpty(options.hints ?? {}) };
  const extraCaPem = [...(options.extraCaPem ?? [])];
  const useSystemCertificates = options.useSystemCertificates === true && nodeCaStoreReadable();
  const extras = extraCaPem.length ? ` + ${extraCaPem.length} extra certificate(s)` : '';
  const trust = `; trusted CAs: Node's roots${useSystemCertificates ? ' + the system store' : ''}${extras}`;
  return {
    ...routes,
    extraCaPem,
    useSystemCertificates,
    hints,
    summary: `${describeRoutes(routes)}${trust}`,
    warnings: proxyWarnings(routes),
  };
}

function stripEmpty<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as Partial<T>;
}
