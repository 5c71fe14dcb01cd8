/**
 * The CLI inside a VS Code terminal: with no credential of its own, it asks the extension over the terminal
 * bridge for a bearer token (never the Client Secret) and builds its client on it, at the API host the
 * extension uses. Refused by the API, the token is not replaced: there is no secret here to sign in with.
 */
import { SophosApiError, SophosCentralClient, requireSecretSafeUrl } from '../core/api';
import { bridgeFromEnvironment, requestBridgeToken } from '../core/bridge/client';
import { defaultIdUrl } from './defaults';
import type { CliEnvironment } from './environment';
import { stringOption, type OptionValues } from './options';
import type { TransportHolder } from './session';

/** A client on the bridge's bearer token, or undefined outside a VS Code terminal. */
export async function bridgeClient(
  transport: TransportHolder,
  values: OptionValues,
  environment: CliEnvironment,
): Promise<SophosCentralClient | undefined> {
  const address = bridgeFromEnvironment(environment.env);
  if (!address) return undefined;
  const grant = await requestBridgeToken(address, {
    credential: stringOption(values, 'credential'),
    tenant: stringOption(values, 'tenant'),
  });
  const apiUrl = requireSecretSafeUrl(grant.apiUrl, 'API URL (from VS Code)');
  const refused = () =>
    new SophosApiError('auth', `Sophos Central refused the bearer token VS Code lent for "${grant.credential}".`, {
      operation: 'token',
    });
  const client = new SophosCentralClient({
    http: await transport.http(),
    idUrl: defaultIdUrl, // never signed in to: the bearer comes from VS Code
    apiUrl,
    clientId: grant.clientId,
    clientSecret: () => Promise.reject(refused()),
    ...(grant.tenantId ? { defaultTenantId: grant.tenantId } : {}),
  });
  client.auth.seed(grant.token, grant.expiresAt);
  client.seedWhoami({
    id: grant.id,
    idType: grant.idType,
    apiHosts: { global: apiUrl, ...(grant.dataRegionUrl ? { dataRegion: grant.dataRegionUrl } : {}) },
  });
  return client;
}
