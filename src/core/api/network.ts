/**
 * Corporate networks: which proxy a request goes through and which CA certificates are trusted, resolved in
 * one place for the CLI and the extension and turned into an undici dispatcher for UndiciTransport.
 *
 * Proxy precedence: an explicit proxy from the caller (the extension passes VS Code's `http.proxy`,
 * `http.noProxy`, `http.proxyStrictSSL`, `http.proxyAuthorization`), else the environment when asked for
 * (`https_proxy` / `HTTPS_PROXY` for https URLs, falling back to the HTTP proxy like undici does;
 * `http_proxy` / `HTTP_PROXY` for http URLs; `no_proxy` / `NO_PROXY`), else direct.
 *
 * Trust: extra CA certificates are added to Node's roots (plus the OS store where the runtime can read it and
 * the caller asks), never replacing them. Verification is never turned off, with one exception the user
 * asks for by name: VS Code's `http.proxyStrictSSL: false`, which applies to proxied connections only and is
 * reported as a warning every time the network is resolved.
 *
 * Nothing here puts proxy credentials into a message: every description uses `displayProxy`.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as tls from 'node:tls';
import { Agent, Client, EnvHttpProxyAgent, Pool, type Dispatcher, type PoolOptions } from './undici-parts';
import { invalidInput, type SophosApiError } from './errors';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport';

export interface ProxyOptions {
  /** `http://host:port` or `https://host:port`, optionally with `user:password@`; a bare `host:port` means http. */
  url: string;
  /** Hosts that go direct: `example.com` (and its subdomains), `.example.com`, `*.example.com`, `host:port`, `*`. */
  noProxy?: string | readonly string[];
  /** false: proxied connections skip certificate verification (VS Code's `http.proxyStrictSSL`). Default true. */
  strictSSL?: boolean;
  /** The whole Proxy-Authorization header value, e.g. `Basic dXNlcjpwYXNz` (VS Code's `http.proxyAuthorization`). */
  authorization?: string;
  /** Where this proxy was configured, for messages: e.g. `http.proxy`. */
  source?: string;
}

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

/** One proxy, as resolved. `url` may hold credentials and never goes into a message; `display` never does. */
export interface ResolvedProxy {
  url: string;
  display: string;
  source: string;
  strictSSL: boolean;
  authorization?: string;
  /** Credentials are configured (in the URL or as an authorization header). */
  authenticated: boolean;
}

export interface ResolvedNetwork {
  /** Proxy for http: and https: URLs; undefined means direct. */
  http?: ResolvedProxy;
  https?: ResolvedProxy;
  noProxy: string[];
  extraCaPem: string[];
  useSystemCertificates: boolean;
  hints: NetworkHints;
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
  const env = options.env ?? process.env;
  const hints = { ...defaultHints, ...stripEmpty(options.hints ?? {}) };
  let http: ResolvedProxy | undefined;
  let https: ResolvedProxy | undefined;
  let noProxy: string[] = [];
  if (options.proxy && options.proxy.url.trim() !== '') {
    const source = options.proxy.source ?? 'the proxy setting';
    http = https = resolveProxy(
      options.proxy.url,
      source,
      options.proxy.strictSSL !== false,
      options.proxy.authorization,
    );
    noProxy = splitNoProxy(options.proxy.noProxy);
  } else if (options.useEnvironment) {
    const fromEnv = (...names: string[]) => {
      for (const name of names) {
        const value = env[name]?.trim();
        if (value) return resolveProxy(value, name, true, undefined);
      }
      return undefined;
    };
    http = fromEnv('http_proxy', 'HTTP_PROXY');
    https = fromEnv('https_proxy', 'HTTPS_PROXY') ?? http;
    noProxy = splitNoProxy(env.no_proxy ?? env.NO_PROXY);
  }
  const extraCaPem = [...(options.extraCaPem ?? [])];
  const useSystemCertificates = options.useSystemCertificates === true && systemCertificatesAvailable();
  const warnings: string[] = [];
  for (const proxy of unique([http, https])) {
    if (!proxy.strictSSL) {
      warnings.push(
        `${proxy.source === 'http.proxy' ? 'http.proxyStrictSSL' : 'strictSSL'} is false: certificates are NOT verified on connections through the proxy ${proxy.display}. ` +
          "Anyone on the path can read the Client Secret. Add the proxy's CA certificate to the trusted certificates and set it back to true.",
      );
    }
  }
  return {
    http,
    https,
    noProxy,
    extraCaPem,
    useSystemCertificates,
    hints,
    summary: summarize(http, https, noProxy, extraCaPem.length, useSystemCertificates),
    warnings,
  };
}

/** The proxy a request to this URL goes through, or undefined when it goes direct (mirrors undici's NO_PROXY rules). */
export function proxyFor(network: ResolvedNetwork | undefined, url: string): ResolvedProxy | undefined {
  if (!network) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const proxy = parsed.protocol === 'https:' ? network.https : network.http;
  if (!proxy) return undefined;
  const hostname = parsed.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
  return bypasses(network.noProxy, hostname, port) ? undefined : proxy;
}

function bypasses(entries: string[], hostname: string, port: number): boolean {
  if (entries.length === 0) return false;
  if (entries.includes('*')) return true;
  for (const raw of entries) {
    const parsed = /^(.+):(\d+)$/.exec(raw);
    const host = (parsed ? parsed[1]! : raw).replace(/^\*?\./, '').toLowerCase();
    if (parsed && Number(parsed[2]) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/** A proxy URL without user, password, path or query: safe for logs and messages. */
export function displayProxy(url: string): string {
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(an unreadable proxy URL)';
  }
}

function resolveProxy(
  raw: string,
  source: string,
  strictSSL: boolean,
  authorization: string | undefined,
): ResolvedProxy {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    // The value may hold a password: never repeat it.
    throw invalidInput(
      `${source} is not a usable proxy URL: expected http://host:port (credentials as http://user:password@host:port).`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidInput(
      `${source} uses ${parsed.protocol.replace(/:$/, '')}://, but only http:// and https:// proxies are supported.`,
    );
  }
  if (!parsed.hostname) throw invalidInput(`${source} names no proxy host: expected http://host:port.`);
  const auth = authorization?.trim() || undefined;
  return {
    url: parsed.href,
    display: `${parsed.protocol}//${parsed.host}`,
    source,
    strictSSL,
    authorization: auth,
    authenticated: auth !== undefined || (parsed.username !== '' && parsed.password !== ''),
  };
}

function splitNoProxy(value: string | readonly string[] | undefined): string[] {
  const list = typeof value === 'string' ? value.split(/[,\s]+/) : [...(value ?? [])];
  return list.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

function summarize(
  http: ResolvedProxy | undefined,
  https: ResolvedProxy | undefined,
  noProxy: string[],
  extraCas: number,
  system: boolean,
): string {
  const describe = (proxy: ResolvedProxy) =>
    `${proxy.display} (from ${proxy.source}${proxy.authenticated ? ', with credentials' : ''}${proxy.strictSSL ? '' : ', strictSSL off'})`;
  let route: string;
  if (!http && !https) route = 'direct connections (no proxy)';
  else if (http === https) route = `proxy ${describe(http!)}`;
  else
    route = [
      https ? `https via ${describe(https)}` : 'https direct',
      http ? `http via ${describe(http)}` : 'http direct',
    ].join(', ');
  const exceptions = (http || https) && noProxy.length ? `; direct for ${noProxy.join(', ')}` : '';
  const trust = `; trusted CAs: Node's roots${system ? ' + the system store' : ''}${extraCas ? ` + ${extraCas} extra certificate(s)` : ''}`;
  return `${route}${exceptions}${trust}`;
}

function unique<T>(values: (T | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== undefined))];
}

function stripEmpty<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
  ) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------------------
// Certificates

/** One place to read CA certificates from: a file (a PEM bundle), or PEM text given directly. */
export type CertificateSource = { file: string; origin: string } | { pem: string; origin: string };

export interface CertificateProblem {
  /** e.g. `--ca-file`, `NODE_EXTRA_CA_CERTS`, `sophosCentral.caCertificates[1]` */
  origin: string;
  message: string;
}

export interface LoadedCertificates {
  /** One PEM certificate per entry, each parsed successfully. */
  pems: string[];
  problems: CertificateProblem[];
}

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads and checks every source; a source that fails is reported, the others still load. */
export async function loadCertificates(sources: readonly CertificateSource[]): Promise<LoadedCertificates> {
  const pems: string[] = [];
  const problems: CertificateProblem[] = [];
  for (const source of sources) {
    let text: string;
    const where = 'file' in source ? `${source.origin} ${source.file}` : source.origin;
    if ('file' in source) {
      try {
        text = await readFile(expandHome(source.file), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push({
          origin: source.origin,
          message: `${where} cannot be read${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`,
        });
        continue;
      }
    } else {
      text = source.pem;
    }
    const blocks = text.match(pemBlock) ?? [];
    if (blocks.length === 0) {
      problems.push({
        origin: source.origin,
        message: `${where} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"). A DER file converts with: openssl x509 -inform der -in FILE -out FILE.pem`,
      });
      continue;
    }
    for (const [index, block] of blocks.entries()) {
      try {
        new X509Certificate(block);
        pems.push(block);
      } catch (error) {
        problems.push({
          origin: source.origin,
          message: `${where}: certificate ${index + 1} cannot be parsed (${(error as Error).message}).`,
        });
      }
    }
  }
  return { pems, problems };
}

/** NODE_EXTRA_CA_CERTS as a source: Node reads it at start-up, but a custom CA list replaces that store. */
export function nodeExtraCaSource(
  env: Readonly<Record<string, string | undefined>> = process.env,
): CertificateSource[] {
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  return file ? [{ file, origin: 'NODE_EXTRA_CA_CERTS' }] : [];
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

type GetCaCertificates = (store?: 'default' | 'system' | 'bundled' | 'extra') => string[];

function systemCertificatesAvailable(): boolean {
  return typeof (tls as { getCACertificates?: unknown }).getCACertificates === 'function';
}

/** Node's roots (plus the system store if asked) and the extra certificates, or undefined for Node's default. */
function trustedCas(network: ResolvedNetwork): string[] | undefined {
  if (network.extraCaPem.length === 0 && !network.useSystemCertificates) return undefined;
  const get = (tls as { getCACertificates?: GetCaCertificates }).getCACertificates;
  const base = get ? get('default') : [...tls.rootCertificates];
  const system = network.useSystemCertificates && get ? get('system') : [];
  return [...base, ...system, ...network.extraCaPem];
}

// ---------------------------------------------------------------------------------------------------------
// Dispatcher

export interface DispatcherLimits {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Called once per connection opened to an origin (direct, or a tunnel through the proxy). */
  onConnect?: () => void;
}

/**
 * An undici dispatcher for the resolved network: a plain Agent when there is no proxy, else undici's
 * EnvHttpProxyAgent given the resolved values explicitly (it never reads process.env then). Both keep one
 * keep-alive pool per origin; with a proxy each pooled connection is a CONNECT tunnel.
 */
export function createNetworkDispatcher(network: ResolvedNetwork, limits: DispatcherLimits): Dispatcher {
  const ca = trustedCas(network);
  // One secure context for every connection, instead of parsing the whole CA list per handshake.
  const secureContext = ca ? tls.createSecureContext({ ca }) : undefined;
  const verified = secureContext ? { secureContext } : {};
  const factory = (origin: string | URL, options: object): Dispatcher => {
    const opts = options as PoolOptions & { connections?: number | null };
    const dispatcher = opts.connections === 1 ? new Client(origin, opts) : new Pool(origin, opts);
    if (limits.onConnect) dispatcher.on('connect', limits.onConnect);
    return dispatcher;
  };
  const common = {
    factory,
    headersTimeout: limits.headersTimeoutMs,
    bodyTimeout: limits.bodyTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };
  const direct = { timeout: limits.connectTimeoutMs, ...verified };
  if (!network.http && !network.https) return new Agent({ ...common, connect: direct });

  // EnvHttpProxyAgent hands the same options to both proxy agents: the values differ only by URL, since an
  // explicit proxy serves both schemes and environment proxies carry no header or strictSSL of their own.
  const proxy = network.https ?? network.http!;
  const tunnelTls = proxy.strictSSL
    ? { timeout: limits.connectTimeoutMs, ...verified }
    : { timeout: limits.connectTimeoutMs, rejectUnauthorized: false };
  return new EnvHttpProxyAgent({
    ...common,
    // '' rather than undefined: undici would otherwise fall back to process.env.
    httpProxy: network.http?.url ?? '',
    httpsProxy: network.https?.url ?? '',
    noProxy: network.noProxy.join(','),
    connect: direct,
    requestTls: tunnelTls,
    proxyTls: tunnelTls,
    ...(proxy.authorization ? { token: proxy.authorization } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------
// A transport that can be replaced while in use (the extension rebuilds it when settings change)

export class SwappableTransport implements HttpTransport {
  private current: Promise<HttpTransport>;
  private readonly all = new Set<HttpTransport>();
  private closed = false;

  constructor(initial: HttpTransport | Promise<HttpTransport>) {
    this.current = this.track(initial);
  }

  /** Requests sent from now on wait for `next`; the previous transport closes once its requests finish. */
  replace(next: HttpTransport | Promise<HttpTransport>): void {
    const previous = this.current;
    this.current = this.track(next);
    void previous.then((transport) => transport.close()).catch(() => undefined);
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new Error('The transport is closed.');
    return (await this.current).send(request);
  }

  get connectionsOpened(): number {
    let total = 0;
    for (const transport of this.all) total += transport.connectionsOpened;
    return total;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((transport) => transport.close().catch(() => undefined)));
  }

  private track(transport: HttpTransport | Promise<HttpTransport>): Promise<HttpTransport> {
    const promise = Promise.resolve(transport);
    void promise.then(
      (resolved) => {
        this.all.add(resolved);
        if (this.closed) void resolved.close();
      },
      () => undefined,
    );
    return promise;
  }
}

/** A transport that fails every request with one error: a network setting that cannot be used. */
export class FailingTransport implements HttpTransport {
  readonly connectionsOpened = 0;
  constructor(private readonly error: SophosApiError) {}
  async send(): Promise<HttpResponse> {
    throw this.error;
  }
  async close(): Promise<void> {}
}
