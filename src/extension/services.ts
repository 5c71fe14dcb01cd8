/**
 * The parts every command needs, built once at activation. Building them makes no request, reads no secret
 * and loads no HTTP library: the transport (undici, the proxy and CA settings, CA files) is built for the first
 * request, which happens when the user asks for something.
 */
import * as vscode from 'vscode';
import {
  SophosApiError,
  SophosHttp,
  certificateSources,
  loadCertificates,
  resolveNetwork,
  type HttpTransport,
} from '../core/api';
import { Credentials, UsageLog, type StateStore } from '../core/credentials';
import { affectsEndpoints, affectsNetwork, readEndpoints, readNetworkSettings } from './config';
import { endpointGuard } from './endpoint-approval';
import { FailingTransport, LazyTransport } from './lazy-transport';
import { ExtensionLog, type Logger } from './log';
import { SecretStorageVault } from './vault';
import { showWarningMessage } from './notifications';

declare const PACKAGE_VERSION: string | undefined;

/** What commands, views and providers share; each part is handed only what it uses (see extension.ts). */
export interface Services {
  /** The one door to stored credentials. */
  credentials: Credentials;
  /** Each credential's request log, for its details page. */
  usage: UsageLog;
  log: ExtensionLog;
  logger: Logger;
  /** Integration tests: modal consents are answered yes. Never true for users. */
  testMode: boolean;
}

/** The parts most features use: the door to credentials and the log. */
export type CredentialsAndLog = Pick<Services, 'credentials' | 'logger'>;

export function createServices(context: vscode.ExtensionContext): Services {
  const log = new ExtensionLog();
  const logger = log.component('extension');
  const vault = new SecretStorageVault(context.secrets);
  const state = globalStateStore(context.globalState);
  // Proxy and CA settings: the transport is rebuilt when they change; requests wait for the build in progress.
  const networkLogger = log.component('network');
  const transport = new LazyTransport(() => buildTransport(networkLogger));
  const version = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev';
  const http = new SophosHttp(transport, {
    observers: [(record) => log.request(record)],
    userAgent: `sophos-central-credentials-vscode/${version}`,
  });
  const usage = new UsageLog(state);
  const credentials = new Credentials({
    vault,
    state,
    http,
    endpoints: readEndpoints((message) => logger.warn(message)),
    usage,
  });
  credentials.setEndpointGuard(endpointGuard(context, logger));

  context.subscriptions.push(
    { dispose: () => void usage.flush() },
    log,
    { dispose: () => void transport.close() },
    vault.onDidChange(() => void credentials.notifyExternalChange()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsEndpoints(event)) credentials.setEndpoints(readEndpoints((message) => logger.warn(message)));
      if (affectsNetwork(event)) {
        transport.rebuild();
        // A bearer token in hand must not take the new route unasked: the next sign-in passes the endpoint guard.
        credentials.setHttp(http);
      }
    }),
  );
  // Repair after a crash between a secret and its metadata, and check the keyring; off the activation path.
  setTimeout(() => {
    void checkKeyring(context, vault, logger);
    credentials.repair().then(
      (result) => {
        if (result.secretsDeleted)
          logger.warn(
            `Start-up repair: removed ${result.secretsDeleted} secret(s) left by an interrupted add or delete.`,
          );
        if (result.credentialsWithoutSecret.length) {
          logger.warn(
            `SecretStorage has no Client Secret for: ${result.credentialsWithoutSecret.join(', ')}. Edit each credential to enter its secret again.`,
          );
        }
      },
      (error: unknown) => logger.error(`Start-up repair failed: ${(error as Error).message}`),
    );
  }, 0);
  return { credentials, usage, log, logger, testMode: context.extensionMode === vscode.ExtensionMode.Test };
}

/** The extension's global state as the core's StateStore. */
export function globalStateStore(memento: vscode.Memento): StateStore {
  return {
    get: <T>(key: string) => memento.get<T>(key),
    update: (key: string, value: unknown) => Promise.resolve(memento.update(key, value)),
  };
}

/**
 * A transport for the current proxy and CA settings, built for the first request (undici loads here, not at
 * activation). Logs which proxy is used (never its credentials) and warns loudly when http.proxyStrictSSL is
 * off; an unusable setting fails every request with a message naming it.
 */
async function buildTransport(logger: Logger): Promise<HttpTransport> {
  const settings = readNetworkSettings();
  const [certificates, { UndiciTransport }] = await Promise.all([
    loadCertificates(certificateSources(settings.caSources)),
    import('../core/api/undici-transport.js'),
  ]);
  for (const problem of certificates.problems) logger.error(`${problem.message} It is not trusted; fix the setting.`);
  try {
    const network = resolveNetwork({ ...settings.options, extraCaPem: certificates.pems });
    logger.info(`Network: ${network.summary}`);
    for (const warning of network.warnings) logger.warn(warning);
    return new UndiciTransport({ network });
  } catch (error) {
    const failure =
      error instanceof SophosApiError ? error : new SophosApiError('invalidInput', (error as Error).message);
    logger.error(`Network settings: ${failure.message}`);
    return new FailingTransport(failure);
  }
}

const keyringWarnedKey = 'sophosCentral.keyringWarningShown';

/**
 * VS Code keeps secrets in the OS keyring; where it cannot reach one, SecretStorage fails or falls back to a
 * weaker store. A round trip of a probe value finds out; the user is warned once, not at every start.
 */
async function checkKeyring(
  context: vscode.ExtensionContext,
  vault: SecretStorageVault,
  logger: Logger,
): Promise<void> {
  const probeKey = 'store/keyring-probe';
  let problem: string | undefined;
  try {
    await vault.store(probeKey, 'probe');
    if ((await vault.get(probeKey)) !== 'probe') problem = 'a value written to SecretStorage did not read back';
    await vault.delete(probeKey);
  } catch (error) {
    problem = (error as Error).message ?? String(error);
  }
  if (!problem) return;
  logger.error(`SecretStorage is not usable: ${problem}`);
  if (context.globalState.get<boolean>(keyringWarnedKey)) return;
  await context.globalState.update(keyringWarnedKey, true);
  const help = vscode.l10n.t('How to Fix');
  const chosen = await showWarningMessage(
    vscode.l10n.t(
      "VS Code cannot reach your operating system's keyring, so Client Secrets and tokens cannot be stored safely. Unlock or install a keyring (e.g. GNOME Keyring or KWallet), then reload the window.",
    ),
    help,
  );
  if (chosen === help)
    await vscode.env.openExternal(
      vscode.Uri.parse('https://code.visualstudio.com/docs/configure/settings-sync#_troubleshooting-keychain-issues'),
    );
}
