/**
 * Which proxy a request goes through. Precedence: an explicit proxy from the caller (the extension passes VS
 * Code's `http.proxy`, `http.noProxy`, `http.proxyStrictSSL`, `http.proxyAuthorization`), else the environment
 * when asked for (`https_proxy` / `HTTPS_PROXY` for https URLs, falling back to the HTTP proxy like undici does;
 * `http_proxy` / `HTTP_PROXY` for http URLs; `no_proxy` / `NO_PROXY`), else direct.
 *
 * A proxy URL may hold credentials: only `ResolvedProxy.display` ever goes into a message.
 */
import { invalidInput } from '../errors';

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

/** The proxies per scheme and the hosts that bypass them. */
export interface ProxyRoutes {
  /** Proxy for http: and https: URLs; undefined means direct. */
  http?: ResolvedProxy;
  https?: ResolvedProxy;
  noProxy: string[];
}

/** The caller's proxy, else the environment's when `useEnvironment`, else direct; invalidInput for an unusable URL. */
export function resolveProxies(
  proxy: ProxyOptions | undefined,
  useEnvironment: boolean,
  env: Readonly<Record<string, string | undefined>>,
): ProxyRoutes {
  if (proxy && proxy.url.trim() !== '') {
    const resolved = resolveProxy(
      proxy.url,
      proxy.source ?? 'the proxy setting',
      proxy.strictSSL !== false,
      proxy.authorization,
    );
    return { http: resolved, https: resolved, noProxy: splitNoProxy(proxy.noProxy) };
  }
  if (!useEnvironment) return { noProxy: [] };
  const fromEnv = (...names: string[]) => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return resolveProxy(value, name, true, undefined);
    }
    return undefined;
  };
  const http = fromEnv('http_proxy', 'HTTP_PROXY');
  const https = fromEnv('https_proxy', 'HTTPS_PROXY') ?? http;
  return { http, https, noProxy: splitNoProxy(env.no_proxy ?? env.NO_PROXY) };
}

/** The proxy a request to this URL goes through, or undefined when it goes direct (mirrors undici's NO_PROXY rules). */
export function proxyFor(routes: ProxyRoutes | undefined, url: string): ResolvedProxy | undefined {
  if (!routes) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const proxy = parsed.protocol === 'https:' ? routes.https : routes.http;
  if (!proxy) return undefined;
  const hostname = parsed.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
  return bypasses(routes.noProxy, hostname, port) ? undefined : proxy;
}

/** Warnings for proxies whose certificates are not verified: the user turned that off by name. */
export function proxyWarnings(routes: ProxyRoutes): string[] {
  const warnings: string[] = [];
  for (const proxy of new Set([routes.http, routes.https])) {
    if (proxy && !proxy.strictSSL) {
      warnings.push(
        `${proxy.source === 'http.proxy' ? 'http.proxyStrictSSL' : 'strictSSL'} is false: certificates are NOT verified on connections through the proxy ${proxy.display}. ` +
          "Anyone on the path can read the Client Secret. Add the proxy's CA certificate to the trusted certificates and set it back to true.",
      );
    }
  }
  return warnings;
}

/** One phrase for the log: which proxy for which scheme, and the exceptions. No credentials. */
export function describeRoutes({ http, https, noProxy }: ProxyRoutes): string {
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
  return `${route}${exceptions}`;
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
