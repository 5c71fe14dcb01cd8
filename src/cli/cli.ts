/**
 * `sophos-central`: the SLS guide's three curl commands as one tool for CI and provisioning scripts, on the
 * same core as the extension. Everything it touches comes in through CliEnvironment so tests run it in-process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  SophosApiError,
  SophosCentralClient,
  SophosHttp,
  UndiciTransport,
  invalidInput,
  loadCertificates,
  nodeExtraCaSource,
  resolveNetwork,
  normalizeBaseUrl,
  normalizeClientId,
  normalizeClientSecret,
  parseExpiry,
  slsCredentialWarning,
  tenantIdAsGiven,
  requireSecretSafeUrl,
  validateLabel,
  type HttpTransport,
  type NetworkHints,
  type ResolvedNetwork,
  type RetryEnvironment,
  type RetryPolicy,
} from '../core/api';
import {
  detectConfigFormat,
  isConfigEditError,
  refuseSymlink,
  setConfigValue,
  writeConfigValue,
  type ConfigFormat,
} from '../core/config-files';
import { exitCodeFor, ExitCode } from './exit-codes';
import { formatAccessTokens, formatTenants, formatWhoami, plainText, terminalSafe, toJson } from './output';

export interface CliEnvironment {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Tests and the benchmark hand in their own transport to count connections. */
  transport?: HttpTransport;
  retryPolicy?: RetryPolicy;
  retryEnvironment?: RetryEnvironment;
  version?: string;
}

export const defaultIdUrl = 'https://id.sophos.com';
export const defaultApiUrl = 'https://api.central.sophos.com';
export const defaultTokenKey = 'SOPHOS_SLS_TOKEN';

export const usage = `Usage: sophos-central [--id-url URL] [--api-url URL] [--ca-file FILE]... [--json] <command>

Commands:
  whoami                          id, id type and data region of the credential
  tenants                         a partner's or organization's tenants, every page
  sls-token create --label L [--expires-at ISO-8601] [--tenant ID]
                   [--format raw|env|yaml|json] [--write FILE [--key NAME]]
                                  mint a Sophos Linux Sensor repository token and print it
                                  (--json: the whole reply; --write: put it into FILE under NAME,
                                  default ${defaultTokenKey}, keeping the rest of the file)
  sls-token list [--tenant ID]    the tenant's access tokens (no values)
  sls-token update TOKEN-ID [--label L] [--expires-at ISO-8601] [--tenant ID]
                                  rename a token or change its expiry (--json: the token as updated)
  sls-token revoke TOKEN-ID [--tenant ID]

Credentials: SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET, or --client-id ID --client-secret-stdin.
  A secret is never accepted as an argument (it would show in process lists and shell history).
URLs: --id-url / SOPHOS_ID_URL (default ${defaultIdUrl}),
      --api-url / SOPHOS_API_URL (default ${defaultApiUrl}).
      Plain http:// only to this machine (localhost, 127.0.0.1, ::1): elsewhere it would carry secrets in clear text (exit 2).

Behind a proxy or TLS inspection:
  HTTPS_PROXY / https_proxy     proxy for https URLs, e.g. http://proxy.corp:3128 or
                                http://user:password@proxy.corp:3128 (falls back to HTTP_PROXY)
  HTTP_PROXY / http_proxy       proxy for http URLs
  NO_PROXY / no_proxy           hosts that go direct: comma-separated, e.g. .corp.example,10.1.2.3:8443
  --ca-file FILE                trust the CA certificate(s) in this PEM file as well as the usual roots
                                (repeatable; a bundle of several certificates is fine)
  NODE_EXTRA_CA_CERTS=FILE      the same, from the environment
  Certificate checks are never switched off; a refused certificate exits 5 and names the reason.

Exit codes: 0 ok; 2 usage or invalid input (no request made); 3 sign-in refused (Client ID or secret);
  4 permission denied (403), or a request refused even after a fresh sign-in (401: check --tenant);
  5 throttled, server or network failure after retries;
  6 the server refused the request (400, 404, 451: its reason is printed) or replied unexpectedly;
  1 a local failure such as an unwritable file.

Examples:
  export SOPHOS_CLIENT_ID=... SOPHOS_CLIENT_SECRET=...
  sophos-central whoami
  sophos-central sls-token create --label "SLS Token" --expires-at 2027-06-30 --write .env
  printf '%s' "$SECRET" | sophos-central --client-id "$ID" --client-secret-stdin sls-token list --json
`;

const options = {
  'id-url': { type: 'string' },
  'api-url': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  'client-secret': { type: 'string' },
  label: { type: 'string' },
  'expires-at': { type: 'string' },
  tenant: { type: 'string' },
  format: { type: 'string' },
  write: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

type ParsedOptions = {
  [K in keyof typeof options]?: (typeof options)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof options)[K] extends { multiple: true }
      ? string[]
      : string;
};

/** What a CLI user can change when the network gets in the way: named in TLS and proxy failures. */
export const cliNetworkHints: NetworkHints = {
  tls: 'Pass the CA certificate that signs it with --ca-file FILE (or set NODE_EXTRA_CA_CERTS=FILE).',
  proxy:
    'Check HTTPS_PROXY / HTTP_PROXY and NO_PROXY; proxy credentials go in the URL: http://user:password@host:port.',
};

interface Invocation {
  command: string[];
  values: ParsedOptions;
}

export async function runCli(unfiltered: CliEnvironment): Promise<number> {
  // Every line the CLI prints passes through here, so no control sequence from a server reaches the terminal.
  const environment = terminalSafe(unfiltered);
  let transport: HttpTransport | undefined;
  try {
    const invocation = parseInvocation(environment.argv);
    if (invocation.values.help) {
      environment.stdout(usage);
      return ExitCode.ok;
    }
    if (invocation.values.version) {
      environment.stdout(`${environment.version ?? 'unknown'}\n`);
      return ExitCode.ok;
    }
    const action = planCommand(invocation);
    const credentials = await readCredentials(invocation.values, environment);
    const endpoints = {
      idUrl: endpointUrl(
        invocation.values['id-url'],
        '--id-url',
        environment.env,
        'SOPHOS_ID_URL',
        defaultIdUrl,
        'Sophos ID URL',
      ),
      apiUrl: endpointUrl(
        invocation.values['api-url'],
        '--api-url',
        environment.env,
        'SOPHOS_API_URL',
        defaultApiUrl,
        'API URL',
      ),
    };
    const network = environment.transport ? undefined : await resolveCliNetwork(invocation.values, environment);
    await action.check?.();
    transport = environment.transport ?? new UndiciTransport({ network });
    const http = new SophosHttp(transport, {
      retryPolicy: environment.retryPolicy,
      retryEnvironment: environment.retryEnvironment,
      userAgent: `sophos-central-cli/${environment.version ?? 'dev'}`,
    });
    const client = new SophosCentralClient({ http, ...endpoints, ...credentials });
    await action.run(client, invocation.values.json === true, environment);
    return ExitCode.ok;
  } catch (error) {
    return reportFailure(error, environment);
  } finally {
    if (transport && transport !== environment.transport) await transport.close();
  }
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

function parseInvocation(argv: string[]): Invocation {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { command: positionals, values: values as ParsedOptions };
  } catch (error) {
    throw invalidInput(`${(error as Error).message.replace(/\.$/, '')}. Run "sophos-central --help" for usage.`);
  }
}

interface PlannedCommand {
  /** Checks that need the file system but no network, done before any request. */
  check?: () => Promise<void>;
  run: (client: SophosCentralClient, json: boolean, environment: CliEnvironment) => Promise<void>;
}

/** Validates everything the command line says before a single request is made. */
function planCommand({ command, values }: Invocation): PlannedCommand {
  if (values['client-secret'] !== undefined) {
    throw invalidInput(
      'A secret is never accepted as an argument: set SOPHOS_CLIENT_SECRET or pipe it to --client-secret-stdin.',
    );
  }
  const [name, sub, ...rest] = command;
  // Kept as typed: Sophos gets back the id it gave, case included.
  const tenantId = values.tenant === undefined ? undefined : tenantIdAsGiven(values.tenant);
  const allowOnly = (allowed: (keyof ParsedOptions)[], what: string) => {
    const commandOptions: (keyof ParsedOptions)[] = ['label', 'expires-at', 'tenant', 'format', 'write', 'key'];
    const extra = commandOptions.filter((option) => values[option] !== undefined && !allowed.includes(option));
    if (extra.length > 0) throw invalidInput(`"${what}" does not take --${extra.join(', --')}.`);
  };
  const noMoreArguments = (count: number, what: string) => {
    if (command.length > count) throw invalidInput(`"${what}" takes no argument "${command[count]}".`);
  };

  if (name === 'whoami') {
    noMoreArguments(1, 'whoami');
    allowOnly([], 'whoami');
    return {
      run: async (client, json, io) =>
        io.stdout(json ? toJson(await client.whoami()) : formatWhoami(await client.whoami())),
    };
  }
  if (name === 'tenants') {
    noMoreArguments(1, 'tenants');
    allowOnly([], 'tenants');
    return {
      run: async (client, json, io) => {
        const tenants = await client.tenants();
        io.stdout(json ? toJson(tenants) : formatTenants(tenants));
      },
    };
  }
  if (name === 'sls-token' && sub === 'create') return planCreate(values, tenantId, rest);
  if (name === 'sls-token' && sub === 'list') {
    noMoreArguments(2, 'sls-token list');
    allowOnly(['tenant'], 'sls-token list');
    return {
      run: async (client, json, io) => {
        const tokens = await client.listAccessTokens({ tenantId });
        io.stdout(json ? toJson(tokens) : formatAccessTokens(tokens));
      },
    };
  }
  if (name === 'sls-token' && sub === 'revoke') {
    const tokenId = rest[0];
    if (!tokenId)
      throw invalidInput('Name the token to revoke: sophos-central sls-token revoke TOKEN-ID (see "sls-token list").');
    noMoreArguments(3, 'sls-token revoke');
    allowOnly(['tenant'], 'sls-token revoke');
    return {
      run: async (client, json, io) => {
        await client.revokeAccessToken(tokenId, { tenantId });
        io.stdout(json ? toJson({ revoked: tokenId }) : `Revoked access token ${tokenId}.\n`);
      },
    };
  }
  if (name === 'sls-token' && sub === 'update') {
    allowOnly(['label', 'expires-at', 'tenant'], 'sls-token update');
    return planUpdate(values, tenantId, rest);
  }
  if (name === undefined)
    throw invalidInput('Name a command: whoami, tenants or sls-token. Run "sophos-central --help" for usage.');
  if (name === 'sls-token')
    throw invalidInput('Use "sls-token create", "sls-token list", "sls-token update" or "sls-token revoke".');
  throw invalidInput(
    `Unknown command "${name}". Commands: whoami, tenants, sls-token. Run "sophos-central --help" for usage.`,
  );
}

function planUpdate(values: ParsedOptions, tenantId: string | undefined, rest: string[]): PlannedCommand {
  const tokenId = rest[0];
  if (!tokenId)
    throw invalidInput(
      'Name the token to update: sophos-central sls-token update TOKEN-ID --label L and/or --expires-at DATE (see "sls-token list").',
    );
  if (rest.length > 1) throw invalidInput(`"sls-token update" takes no argument "${rest[1]}".`);
  if (values.label === undefined && values['expires-at'] === undefined) {
    throw invalidInput(
      '"sls-token update" needs --label (1 to 50 characters), --expires-at (an ISO-8601 date), or both.',
    );
  }
  const label = values.label === undefined ? undefined : validateLabel(values.label);
  const expiresAt = values['expires-at'] === undefined ? undefined : parseExpiry(values['expires-at']);
  return {
    run: async (client, json, io) => {
      const token = await client.updateAccessToken(tokenId, { label, expiresAt, tenantId });
      io.stdout(
        json
          ? toJson(token)
          : `Updated access token ${plainText(token.id)}: label ${token.label === undefined ? '(none)' : `"${plainText(token.label)}"`}, expires ${plainText(token.expiresAt ?? 'never')}.\n`,
      );
    },
  };
}

const printFormats = ['raw', 'env', 'yaml', 'json'] as const;
type PrintFormat = (typeof printFormats)[number];

function planCreate(values: ParsedOptions, tenantId: string | undefined, rest: string[]): PlannedCommand {
  if (rest.length > 0) throw invalidInput(`"sls-token create" takes no argument "${rest[0]}".`);
  if (values.label === undefined)
    throw invalidInput('"sls-token create" needs --label (1 to 50 characters), e.g. --label "SLS Token".');
  const label = validateLabel(values.label);
  const expiresAt = values['expires-at'] === undefined ? undefined : parseExpiry(values['expires-at']);
  const format = (values.format ?? 'raw') as PrintFormat;
  if (!printFormats.includes(format)) throw invalidInput(`--format must be one of ${printFormats.join(', ')}.`);
  const key = values.key ?? defaultTokenKey;
  if (values.key !== undefined && values.write === undefined && format === 'raw') {
    throw invalidInput('--key names the entry written by --write or printed by --format env|yaml|json.');
  }
  const file = values.write;
  let fileFormat: ConfigFormat | undefined;
  if (file !== undefined) {
    fileFormat = detectConfigFormat(file);
    if (!fileFormat)
      throw invalidInput(
        `Cannot tell the format of "${file}" from its name: use a .env, .yaml/.yml, .json or .sh file.`,
      );
  }
  return {
    // Refuse a file we could not edit before minting a token whose value would then be lost.
    check: file && fileFormat ? () => checkWritable(file, fileFormat!, key) : undefined,
    run: async (client, json, io) => {
      // whoami is cached: asking it here costs no request. Without --tenant the create stops before any request.
      const me = await client.whoami();
      if (me.idType !== 'tenant' && tenantId !== undefined)
        io.stderr(`warning: ${slsCredentialWarning(me.idType)} Trying anyway, as asked.\n`);
      const result = await client.createAccessToken({ label, expiresAt, tenantId });
      const { token: value, ...metadata } = result.token;
      for (const orphan of result.orphansRevoked) {
        io.stderr(
          `warning: an earlier attempt created token ${plainText(orphan)} but its value never arrived; it was revoked.\n`,
        );
      }
      if (result.possibleOrphans.length > 0) {
        io.stderr(
          `warning: an earlier attempt failed ambiguously and tokens ${plainText(result.possibleOrphans.join(', '))} carry the same label; none was revoked, since one may be somebody else's. Check "sls-token list".\n`,
        );
      }
      if (file && fileFormat) {
        let action: string;
        try {
          action = (await writeConfigValue(file, key, value, fileFormat)).action;
        } catch (error) {
          // The value exists only here now: hand it over rather than lose it.
          io.stdout(`${value}\n`);
          throw new LocalFailure(
            `The token was created (id ${metadata.id}) but ${file} could not be written: ${(error as Error).message}. Its value was printed above; store it now.`,
          );
        }
        io.stderr(
          `Wrote ${key} to ${file} (${action}). Token id ${plainText(metadata.id)}, expires ${plainText(metadata.expiresAt ?? 'never')}.\n`,
        );
        if (json) io.stdout(toJson({ ...metadata, written: { file, key, action } }));
        return;
      }
      if (json) io.stdout(toJson(result.token));
      else if (format === 'raw') io.stdout(`${value}\n`);
      else io.stdout(ensureNewline(setConfigValue('', format === 'env' ? 'env' : format, key, value).text));
    },
  };
}

async function checkWritable(file: string, format: ConfigFormat, key: string): Promise<void> {
  try {
    await refuseSymlink(file);
  } catch (error) {
    if (isConfigEditError(error)) throw invalidInput(error.message);
    throw error;
  }
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw invalidInput(`Cannot read ${file}: ${(error as Error).message}`);
    // A new file: its folder must exist, or the write after minting would fail and leave only a printed value.
    const folder = dirname(resolve(file));
    const isFolder = await stat(folder).then(
      (found) => found.isDirectory(),
      () => false,
    );
    if (!isFolder)
      throw invalidInput(
        `Cannot write ${file}: the folder ${folder} does not exist. Create it first, or choose another file.`,
      );
  }
  try {
    setConfigValue(text, format, key, 'SLS-placeholder');
  } catch (error) {
    throw invalidInput(`Cannot put ${key} into ${file}: ${(error as Error).message}`);
  }
}

/**
 * Proxies from the environment and extra CAs from --ca-file and NODE_EXTRA_CA_CERTS. An unreadable --ca-file
 * is a usage error (no request is made); an unreadable NODE_EXTRA_CA_CERTS is a warning, as Node treats it.
 */
async function resolveCliNetwork(values: ParsedOptions, environment: CliEnvironment): Promise<ResolvedNetwork> {
  const caFiles = (values['ca-file'] ?? []).map((file) => ({ file, origin: '--ca-file' }));
  const loaded = await loadCertificates([...caFiles, ...nodeExtraCaSource(environment.env)]);
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

async function readCredentials(
  values: ParsedOptions,
  environment: CliEnvironment,
): Promise<{ clientId: string; clientSecret: string }> {
  const rawId = values['client-id'] ?? environment.env.SOPHOS_CLIENT_ID;
  if (!rawId) throw invalidInput('No Client ID: set SOPHOS_CLIENT_ID or pass --client-id.');
  const clientId = normalizeClientId(rawId);
  const rawSecret = values['client-secret-stdin']
    ? await environment.readStdin()
    : environment.env.SOPHOS_CLIENT_SECRET;
  if (!rawSecret) throw invalidInput('No Client Secret: set SOPHOS_CLIENT_SECRET or pipe it to --client-secret-stdin.');
  return { clientId, clientSecret: normalizeClientSecret(rawSecret) };
}

class LocalFailure extends Error {}

function reportFailure(error: unknown, environment: CliEnvironment): number {
  if (error instanceof SophosApiError) {
    if (error.kind !== 'cancelled') environment.stderr(`error: ${plainText(error.messageWithSupportId)}\n`);
    return exitCodeFor(error);
  }
  if (error instanceof LocalFailure) {
    environment.stderr(`error: ${plainText(error.message)}\n`);
    return ExitCode.localFailure;
  }
  environment.stderr(
    `error: unexpected failure: ${plainText((error as Error)?.message ?? String(error))}. Please report it.\n`,
  );
  return ExitCode.localFailure;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
