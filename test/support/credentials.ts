/** The Credentials facade over a vault and a state, against a sandbox, as a window builds it at start. */
import { SophosHttp, type HttpTransport } from '../../src/core/api';
import { Credentials, type SecretVault, type StateStore, type UsageLog } from '../../src/core/credentials';
import type { Sandbox } from '../../src/sandbox/server';
import { instantRetries } from './api';

export function credentialsAgainst(
  sandbox: Sandbox,
  transport: HttpTransport,
  storage: SecretVault & StateStore,
  extra: { usage?: UsageLog; now?: () => number; vault?: SecretVault } = {},
): Credentials {
  return new Credentials({
    vault: extra.vault ?? storage,
    state: storage,
    http: new SophosHttp(transport, { retryEnvironment: instantRetries() }),
    endpoints: { idUrl: sandbox.idUrl, apiUrl: sandbox.apiUrl },
    ...(extra.usage ? { usage: extra.usage } : {}),
    ...(extra.now ? { now: extra.now } : {}),
  });
}
