/**
 * The signed-in side of a command: which credential, which endpoints, which network. Built only when a command
 * asks for a client, so `--help`, `auth list` and argument errors cost no request and load no network code.
 */
import {
  SophosCentralClient,
  SophosHttp,
  invalidInput,
  loadCertificates,
  certificateSources,
  normalizeBaseUrl,
  normalizeClientId,
  normalizeClientSecret,
  requireSecretSafeUrl,
  resolveNetwork,
  type HttpTransport,
  type NetworkHints,
  type ResolvedNetwork,
} from '../core/api';
import { UndiciTransport } from '../core/api/undici-transport';
import { stringOption, type OptionValues } from './options';
import { defaultApiUrl, defaultIdUrl } from './defaults';
import type { CliEnvironment } from './environment';

/** What a CLI user can change when the network gets in the way: named in TLS and proxy failures. */
export const cliNetworkHints: NetworkHints = {
  tls: 'Pass the CA certificate that signs it with --ca-file FILE (or set NODE_EXTRA_CA_CERTS=FILE).',
  proxy:
    'Check HTTPS_PROXY / HTTP_PROXY and NO_PROXY; proxy credentials go in the URL: http://user:password@host:port.',
};

export interface Endpoints {
  idUrl: string;
  apiUrl: string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** The URL from the flag, else the variable, else the default; refused when it would carry a secret in clear text. */
function endpointUrl(
  flagValue: string | undefined,
  flag: string,
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: string,
  what: string,
): string {
  const [value, source] =
    flagValue !== undefined
      ? [flagValue, flag]
      : env[variable] !== undefined
        ? [env[variable]!, variable]
        : [fallback, 'default'];
  return requireSecretSafeUrl(normalizeBaseUrl(value, what), `${what} (${source})`);
}

export function resolveEndpoints(values: OptionValues, env: NodeJS.ProcessEnv): Endpoints {
  return {
    idUrl: endpointUrl(stringOption(values, 'id-url'), '--id-url', env, 'SOPHOS_ID_URL', defaultIdUrl, 'Sophos ID URL'),
    apiUrl: endpointUrl(stringOption(values, 'api-url'), '--api-url', env, 'SOPHOS_API_URL', defaultApiUrl, 'API URL'),
  };
}

/**
 * Proxies from the environment and extra CAs from --ca-file (NODE_EXTRA_CA_CERTS is Node's own, read only where
 * Node's store lacks it: see certificateSources). An unreadable --ca-file is a usage error (no request is made);
 * an unreadable NODE_EXTRA_CA_CERTS is a warning, as Node treats it.
 */
export async function resolveCliNetwork(values: OptionValues, environment: CliEnvironment): Promise<ResolvedNetwork> {
  const caFiles = ((values['ca-file'] as string[] | undefined) ?? []).map((file) => ({ file, origin: '--ca-file' }));
  const loaded = await loadCertificates(certificateSources(caFiles, environment.env));
  for (const problem of loaded.problems) {
    if (problem.origin === '--ca-file') throw invalidInput(problem.message);
    environment.stderr(`warning: ${problem.message} Continuing without it.\n`);
  }
  return resolveNetwork({
    useEnvironment: true,
    env: environment.env,
    extraCaPem: loaded.pems,
    hints: cliNetworkHints,
  });
}

/** The credential from --client-id/--client-secret-stdin or SOPHOS_CLIENT_ID/SOPHOS_CLIENT_SECRET, if given. */
export async function credentialsFromEnvironment(
  values: OptionValues,
  environment: CliEnvironment,
): Promise<ClientCredentials | undefined> {
  const rawId = stringOption(values, 'client-id') ?? environment.env.SOPHOS_CLIENT_ID;
  const fromStdin = values['client-secret-stdin'] === true;
  if (!rawId && !fromStdin && !environment.env.SOPHOS_CLIENT_SECRET) return undefined;
  if (!rawId) throw invalidInput('No Client ID: set SOPHOS_CLIENT_ID or pass --client-id.');
  const clientId = normalizeClientId(rawId);
  const rawSecret = fromStdin ? await environment.readStdin() : environment.env.SOPHOS_CLIENT_SECRET;
  if (!rawSecret) throw invalidInput('No Client Secret: set SOPHOS_CLIENT_SECRET or pipe it to --client-secret-stdin.');
  return { clientId, clientSecret: normalizeClientSecret(rawSecret) };
}

/** One transport per run, closed by the dispatcher so the process exits as soon as the output is written. */
export class TransportHolder {
  private own: HttpTransport | undefined;

  constructor(
    private readonly environment: CliEnvironment,
    private readonly values: OptionValues,
  ) {}

  async get(): Promise<HttpTransport> {
    if (this.environment.transport) return this.environment.transport;
    this.own ??= new UndiciTransport({ network: await resolveCliNetwork(this.values, this.environment) });
    return this.own;
  }

  async http(): Promise<SophosHttp> {
    return new SophosHttp(await this.get(), {
      retryPolicy: this.environment.retryPolicy,
      retryEnvironment: this.environment.retryEnvironment,
      userAgent: `sophos-central-cli/${this.environment.version ?? 'dev'}`,
    });
  }

  async close(): Promise<void> {
    await this.own?.close();
  }
}

export async function clientFor(
  transport: TransportHolder,
  endpoints: Endpoints,
  credentials: ClientCredentials,
): Promise<SophosCentralClient> {
  return new SophosCentralClient({ http: await transport.http(), ...endpoints, ...credentials });
}
