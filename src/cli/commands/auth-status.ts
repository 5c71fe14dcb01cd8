/** `auth list` (what is saved, no request) and `auth status` (each profile signs in afresh). */
import { regionName, SophosApiError } from '../../core/api';
import { secretAccounts, type ProfileRecord } from '../../core/profiles';
import { stringOption, type CommandContext } from '../command';
import { exitCodeFor, ExitCode } from '../exit-codes';
import { plainText, table, toJson } from '../output';
import { clientFor } from '../session';
import { profileStoreFor, secretStoreFor, warnInsecure } from '../signed-in';

const dayMs = 86_400_000;

function expiry(record: ProfileRecord, now: number): string {
  const days = Math.ceil((Date.parse(`${record.expiresOn}T23:59:59Z`) - now) / dayMs);
  return `${record.expiresOn} (${days < 0 ? `expired ${-days} days ago` : days === 0 ? 'today' : `in ${days} days`})`;
}

function region(record: ProfileRecord): string {
  const host = record.whoami.apiHosts.dataRegion;
  return host ? regionName(host) : '-';
}

export async function listProfiles({ environment, json }: CommandContext): Promise<void> {
  const document = await profileStoreFor(environment).read();
  const names = Object.keys(document.profiles).sort();
  if (json) {
    environment.stdout(
      toJson(names.map((name) => ({ name, default: name === document.defaultProfile, ...document.profiles[name] }))),
    );
    return;
  }
  if (names.length === 0) {
    environment.stdout('No profiles. Sign in with: sophos-central auth login [--profile NAME]\n');
    return;
  }
  const now = Date.now();
  environment.stdout(
    table([
      ['PROFILE', 'TYPE', 'ID', 'REGION', 'ROLE', 'EXPIRES', 'STORAGE'],
      ...names.map((name) => {
        const record = document.profiles[name]!;
        return [
          `${name}${name === document.defaultProfile ? ' (default)' : ''}`,
          record.whoami.idType,
          record.whoami.id,
          region(record),
          record.role ?? 'not recorded',
          expiry(record, now),
          record.storage === 'file' ? 'plain file (insecure)' : 'OS keyring',
        ];
      }),
    ]),
  );
}

interface StatusLine {
  name: string;
  ok: boolean;
  problem?: string;
  exitCode: number;
}

/** Every profile (or the one --profile names) signs in afresh: a secret removed or revoked shows here, not later. */
export async function profileStatus(context: CommandContext): Promise<number> {
  const { environment, values } = context;
  const store = profileStoreFor(environment);
  const document = await store.read();
  const only = stringOption(values, 'profile');
  const names = Object.keys(document.profiles)
    .sort()
    .filter((name) => only === undefined || name === only);
  if (only !== undefined && names.length === 0) {
    environment.stderr(`error: No profile "${plainText(only)}". "sophos-central auth list" shows the profiles.\n`);
    return ExitCode.invalidInput;
  }
  if (names.length === 0) {
    environment.stdout('No profiles. Sign in with: sophos-central auth login [--profile NAME]\n');
    return ExitCode.ok;
  }
  const results = await Promise.all(names.map((name) => checkProfile(context, name, document.profiles[name]!)));
  // One write at a time: the checks above ran together.
  for (const result of results)
    if (result.ok) await store.update(result.name, { lastSignInAt: new Date().toISOString() });
  const now = Date.now();
  for (const [index, name] of names.entries()) {
    const record = document.profiles[name]!;
    const result = results[index]!;
    const signedIn = result.ok ? new Date().toISOString() : record.lastSignInAt;
    environment.stdout(
      [
        `${name}${name === document.defaultProfile ? ' (default)' : ''}: ${result.ok ? 'signed in' : `FAILED: ${plainText(result.problem ?? '')}`}`,
        `  ${record.whoami.idType} ${record.whoami.id}, region ${region(record)}, role ${record.role ?? 'not recorded'}`,
        `  credential expires ${expiry(record, now)}; last sign-in ${signedIn ?? 'never'}`,
        '',
      ].join('\n'),
    );
  }
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0)
    environment.stderr(
      `error: ${failed.length} of ${results.length} profiles failed: ${failed.map((f) => f.name).join(', ')}.\n`,
    );
  return failed[0]?.exitCode ?? ExitCode.ok;
}

async function checkProfile(context: CommandContext, name: string, record: ProfileRecord): Promise<StatusLine> {
  const { environment } = context;
  try {
    const secrets = secretStoreFor(environment, record.storage);
    warnInsecure(environment, name, secrets);
    const accounts = secretAccounts(name);
    const secret = await secrets.get(accounts.clientSecret);
    if (secret === undefined)
      return {
        name,
        ok: false,
        problem: `its Client Secret is no longer in the ${secrets.kind === 'file' ? 'secrets file' : 'OS keyring'}; sign in again with auth login --profile ${name}`,
        exitCode: ExitCode.invalidInput,
      };
    const client = await clientFor(context.transport, record, { clientId: record.clientId, clientSecret: secret });
    const { token, expiresAt } = await client.auth.signIn();
    await secrets.set(accounts.bearer, JSON.stringify({ token, expiresAt }));
    return { name, ok: true, exitCode: ExitCode.ok };
  } catch (error) {
    if (error instanceof SophosApiError)
      return { name, ok: false, problem: error.messageWithSupportId, exitCode: exitCodeFor(error) };
    return { name, ok: false, problem: (error as Error).message, exitCode: ExitCode.localFailure };
  }
}
