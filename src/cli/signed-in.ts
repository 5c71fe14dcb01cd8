/**
 * Which credential a command runs as, and the sign-in it can reuse. Environment variables and flags win
 * (SOPHOS_CLIENT_ID / SOPHOS_CLIENT_SECRET, --client-id with --client-secret-stdin), so CI keeps working; else the
 * profile named by --profile, SOPHOS_PROFILE or the default. A profile's whoami is reused from its metadata and
 * its bearer from the keyring until two minutes before it expires, so a warm command makes only its own request.
 */
import { invalidInput, type SophosCentralClient } from '../core/api';
import { OsKeyring, type SecretStore } from '../core/keyring';
import { InsecureFileSecrets, ProfileStore, configFolder, secretAccounts, type ProfileRecord } from '../core/profiles';
import { stringOption, type OptionValues } from './options';
import type { CliEnvironment } from './environment';
import { plainText } from './output';
import { clientFor, credentialsFromEnvironment, resolveEndpoints, type TransportHolder } from './session';

/** A cached bearer is dropped this long before it expires, so a command never starts with one about to lapse. */
export const bearerReuseMarginMs = 120_000;
export const keyringService = 'sophos-central';

export interface SignedIn {
  client: SophosCentralClient;
  /** Set when the credential came from a profile. */
  profile?: { name: string; record: ProfileRecord };
  /** Keeps a new bearer for the next run, or drops one the API refused. Never throws. */
  persist(): Promise<void>;
}

export function profileStoreFor(environment: CliEnvironment): ProfileStore {
  return new ProfileStore(configFolder(environment.env));
}

/** The keyring, or the plain file a profile was saved to with --insecure-storage (said on every use). */
export function secretStoreFor(environment: CliEnvironment, storage: 'keyring' | 'file'): SecretStore {
  if (storage === 'file') return new InsecureFileSecrets(configFolder(environment.env));
  return environment.keyring ?? new OsKeyring(keyringService);
}

export function warnInsecure(environment: CliEnvironment, name: string, store: SecretStore): void {
  if (store instanceof InsecureFileSecrets)
    environment.stderr(
      `warning: profile "${plainText(name)}" keeps its Client Secret in a plain file (${store.file}), readable by anyone with your file access; "auth login --profile ${plainText(name)}" without --insecure-storage moves it to the OS keyring.\n`,
    );
}

/** The profile a command means, or undefined when none is named and there is no default. */
export async function chosenProfile(
  values: OptionValues,
  environment: CliEnvironment,
): Promise<{ name: string; record: ProfileRecord } | undefined> {
  const store = profileStoreFor(environment);
  const named = stringOption(values, 'profile') ?? (environment.env.SOPHOS_PROFILE || undefined);
  const document = await store.read();
  const name = named ?? document.defaultProfile;
  if (name === undefined) return undefined;
  const record = Object.hasOwn(document.profiles, name) ? document.profiles[name] : undefined;
  if (!record) {
    const known = Object.keys(document.profiles);
    throw invalidInput(
      `No profile "${name}"${named === undefined ? ' (the default)' : ''}. ${known.length > 0 ? `Profiles: ${known.join(', ')}.` : 'There are none yet.'} Create it with: sophos-central auth login --profile ${name}`,
    );
  }
  return { name, record };
}

export async function signIn(
  transport: TransportHolder,
  values: OptionValues,
  environment: CliEnvironment,
): Promise<SignedIn> {
  const fromEnvironment = await credentialsFromEnvironment(values, environment);
  const endpointsGiven = resolveEndpoints(values, environment.env);
  const vscodeCredential = values.credential !== undefined;
  if (fromEnvironment) {
    if (vscodeCredential)
      throw invalidInput('--credential names a credential kept in VS Code: it does not combine with a Client ID.');
    const client = await clientFor(transport, endpointsGiven, fromEnvironment);
    return { client, persist: async () => undefined };
  }
  const profile = vscodeCredential ? undefined : await chosenProfile(values, environment);
  if (!profile) {
    // In a VS Code terminal, with no credential of its own, the CLI asks the extension (see bridge.ts).
    const bridged = await (await import('./bridge.js')).bridgeClient(transport, values, environment);
    if (bridged) return { client: bridged, persist: async () => undefined };
    if (vscodeCredential)
      throw invalidInput('--credential works in a VS Code terminal, where the extension keeps the credential.');
    throw invalidInput(
      'No credential: sign in once with "sophos-central auth login", set SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET, or run in a VS Code terminal.',
    );
  }
  const { name, record } = profile;
  const secrets = secretStoreFor(environment, record.storage);
  warnInsecure(environment, name, secrets);
  const accounts = secretAccounts(name);
  const [secret, bearerText] = await Promise.all([secrets.get(accounts.clientSecret), secrets.get(accounts.bearer)]);
  if (secret === undefined) {
    await secrets.delete(accounts.bearer);
    throw invalidInput(
      `The Client Secret of profile "${name}" is no longer in the ${secrets.kind === 'file' ? 'secrets file' : 'OS keyring'} (it was removed outside sophos-central). Sign in again: sophos-central auth login --profile ${name}`,
    );
  }
  // Endpoints from flags or the environment override the profile's, and then nothing cached is reused.
  const overridden =
    (values['id-url'] !== undefined || environment.env.SOPHOS_ID_URL !== undefined) &&
    endpointsGiven.idUrl !== record.idUrl;
  const apiOverridden =
    (values['api-url'] !== undefined || environment.env.SOPHOS_API_URL !== undefined) &&
    endpointsGiven.apiUrl !== record.apiUrl;
  const endpoints = {
    idUrl: overridden ? endpointsGiven.idUrl : record.idUrl,
    apiUrl: apiOverridden ? endpointsGiven.apiUrl : record.apiUrl,
  };
  const client = await clientFor(transport, endpoints, { clientId: record.clientId, clientSecret: secret });
  const reuse = !overridden && !apiOverridden;
  const seeded = reuse ? usableBearer(bearerText) : undefined;
  if (reuse) client.seedWhoami(record.whoami);
  if (seeded) client.auth.seed(seeded.token, seeded.expiresAt);
  return {
    client,
    profile,
    persist: async () => {
      if (!reuse) return;
      const { token, expiresAt } = client.auth.cachedSignIn ?? {};
      if (token === seeded?.token) return;
      try {
        if (token && expiresAt) {
          await secrets.set(accounts.bearer, JSON.stringify({ token, expiresAt }));
          await profileStoreFor(environment).update(name, { lastSignInAt: new Date().toISOString() });
        } else if (seeded) await secrets.delete(accounts.bearer);
      } catch (error) {
        environment.stderr(`warning: the sign-in could not be cached: ${plainText((error as Error).message)}\n`);
      }
    },
  };
}

function usableBearer(text: string | undefined): { token: string; expiresAt: number } | undefined {
  if (!text) return undefined;
  try {
    const { token, expiresAt } = JSON.parse(text) as { token?: unknown; expiresAt?: unknown };
    if (typeof token !== 'string' || typeof expiresAt !== 'number') return undefined;
    return expiresAt - bearerReuseMarginMs > Date.now() ? { token, expiresAt } : undefined;
  } catch {
    return undefined;
  }
}
