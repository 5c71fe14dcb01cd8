/** `auth login|status|list|logout|default`: named sign-ins kept in the OS keyring. */
import { invalidInput, normalizeClientId, normalizeClientSecret } from '../../core/api';
import { credentialExpiresOn } from '../../core/credentials/model';
import { serviceRoles } from '../../core/credentials/roles';
import { InsecureFileSecrets, isProfileName, secretAccounts, type ProfileRecord } from '../../core/profiles';
import { stringOption, type CommandContext, type CommandModule, type OptionValues } from '../command';
import { plainText } from '../output';
import { clientFor, resolveEndpoints } from '../session';
import { profileStoreFor, secretStoreFor, warnInsecure } from '../signed-in';
import { listProfiles, profileStatus } from './auth-status';

export const authCommands: CommandModule = {
  options: {
    role: { type: 'string' },
    'expires-on': { type: 'string' },
    default: { type: 'boolean' },
    'insecure-storage': { type: 'boolean' },
  },
  plan(_name, { args, values }) {
    const [sub, ...rest] = args;
    const only = (allowed: string[], what: string) => {
      const extra = ['role', 'expires-on', 'default', 'insecure-storage'].filter(
        (option) => values[option] !== undefined && !allowed.includes(option),
      );
      if (extra.length > 0) throw invalidInput(`"${what}" does not take --${extra.join(', --')}.`);
      const limit = sub === 'default' ? 1 : 0;
      if (rest.length > limit) throw invalidInput(`"${what}" takes no argument "${rest[limit]}".`);
    };
    if (sub === 'login') {
      only(['role', 'expires-on', 'default', 'insecure-storage'], 'auth login');
      const plan = planLogin(values);
      return { run: (context) => login(context, plan) };
    }
    if (sub === 'status') {
      only([], 'auth status');
      return { run: (context) => profileStatus(context) };
    }
    if (sub === 'list') {
      only([], 'auth list');
      return { run: (context) => listProfiles(context) };
    }
    if (sub === 'logout') {
      only([], 'auth logout');
      return { run: (context) => logout(context) };
    }
    if (sub === 'default') {
      only([], 'auth default');
      return { run: (context) => makeDefault(context, rest[0]) };
    }
    throw invalidInput('Use "auth login", "auth status", "auth list", "auth logout" or "auth default NAME".');
  },
};

interface LoginPlan {
  role?: string;
  expiresOn?: string;
  insecure: boolean;
  makeDefault: boolean;
}

function profileName(values: OptionValues, env: NodeJS.ProcessEnv): string {
  const name = stringOption(values, 'profile') ?? (env.SOPHOS_PROFILE || 'default');
  if (!isProfileName(name))
    throw invalidInput(`"${name}" cannot name a profile: use letters, digits, ".", "_" and "-" (up to 64).`);
  return name;
}

/** Everything checked before a prompt or a request. */
function planLogin(values: OptionValues): LoginPlan {
  const roleText = stringOption(values, 'role');
  const simplified = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  const role =
    roleText === undefined
      ? undefined
      : serviceRoles.find((candidate) =>
          [candidate.id, candidate.label].some((name) => simplified(name) === simplified(roleText)),
        )?.id;
  if (roleText !== undefined && !role)
    throw invalidInput(`--role must be one of ${serviceRoles.map((candidate) => candidate.id).join(', ')}.`);
  const expiresOn = stringOption(values, 'expires-on');
  if (expiresOn !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(expiresOn) || Number.isNaN(Date.parse(expiresOn))))
    throw invalidInput('--expires-on takes the day the credential expires, as Sophos Central shows it: YYYY-MM-DD.');
  return {
    role,
    expiresOn,
    insecure: values['insecure-storage'] === true,
    makeDefault: values.default === true,
  };
}

async function login(context: CommandContext, plan: LoginPlan): Promise<void> {
  const { environment, values } = context;
  const name = profileName(values, environment.env);
  const secrets = secretStoreFor(environment, plan.insecure ? 'file' : 'keyring');
  const accounts = secretAccounts(name);
  // A keyring that is missing or locked is found out before the secret is asked for or sent anywhere.
  await secrets.get(accounts.clientSecret);
  const ask = environment.prompt;
  const rawId = stringOption(values, 'client-id') ?? (ask ? await ask('Client ID: ', { secret: false }) : undefined);
  if (!rawId) throw invalidInput('No Client ID: pass --client-id ID (there is no terminal to ask on).');
  const clientId = normalizeClientId(rawId);
  const rawSecret =
    values['client-secret-stdin'] === true
      ? await environment.readStdin()
      : ask
        ? await ask('Client Secret (not shown): ', { secret: true })
        : undefined;
  if (!rawSecret)
    throw invalidInput('No Client Secret: pipe it to --client-secret-stdin (there is no terminal to ask on).');
  const clientSecret = normalizeClientSecret(rawSecret);
  const endpoints = resolveEndpoints(values, environment.env);
  // Signed in and looked up before anything is saved: a wrong secret leaves no trace.
  const client = await clientFor(context.transport, endpoints, { clientId, clientSecret });
  const me = await client.whoami();
  const store = profileStoreFor(environment);
  const previous = await store.get(name);
  await secrets.set(accounts.clientSecret, clientSecret);
  const { token, expiresAt } = client.auth.cachedSignIn ?? {};
  if (token && expiresAt) await secrets.set(accounts.bearer, JSON.stringify({ token, expiresAt }));
  else await secrets.delete(accounts.bearer);
  if (previous && previous.storage !== secrets.kind) {
    const other = secretStoreFor(environment, previous.storage);
    await other.delete(accounts.clientSecret).catch(() => false);
    await other.delete(accounts.bearer).catch(() => false);
  }
  const today = new Date().toISOString().slice(0, 10);
  const record: ProfileRecord = {
    clientId,
    ...endpoints,
    ...(plan.role
      ? { role: plan.role }
      : previous?.clientId === clientId && previous.role
        ? { role: previous.role }
        : {}),
    expiresOn: plan.expiresOn ?? (previous?.clientId === clientId ? previous.expiresOn : credentialExpiresOn(today)),
    createdOn: previous?.clientId === clientId ? previous.createdOn : today,
    whoami: me,
    lastSignInAt: new Date().toISOString(),
    storage: secrets.kind,
  };
  const { isDefault } = await store.save(name, record, plan.makeDefault);
  warnInsecure(environment, name, secrets);
  const where = secrets instanceof InsecureFileSecrets ? `a plain file (${secrets.file})` : 'the OS keyring';
  environment.stdout(
    `Signed in as ${me.idType} ${me.id}${me.apiHosts.dataRegion ? ` (${me.apiHosts.dataRegion})` : ''}. Profile "${name}" saved${isDefault ? ' as the default' : ''}; its Client Secret is in ${where}.\n`,
  );
  if (!record.role)
    environment.stdout(
      `Record its role for "auth status" with: sophos-central auth login --profile ${name} --role ROLE\n`,
    );
}

async function logout(context: CommandContext): Promise<void> {
  const { environment, values } = context;
  const store = profileStoreFor(environment);
  const document = await store.read();
  const name = stringOption(values, 'profile') ?? (environment.env.SOPHOS_PROFILE || document.defaultProfile);
  if (name === undefined) throw invalidInput('No profile to sign out of: name one with --profile NAME.');
  const record = Object.hasOwn(document.profiles, name) ? document.profiles[name] : undefined;
  if (!record) throw invalidInput(`No profile "${name}". "sophos-central auth list" shows the profiles.`);
  const secrets = secretStoreFor(environment, record.storage);
  const accounts = secretAccounts(name);
  // The secrets go first: if the keyring refuses, the profile stays as it was and can be tried again.
  await secrets.delete(accounts.clientSecret);
  await secrets.delete(accounts.bearer);
  await store.remove(name);
  environment.stdout(
    `Signed out of profile "${plainText(name)}": its Client Secret and cached sign-in were removed${document.defaultProfile === name ? '; there is no default profile now (auth default NAME sets one)' : ''}.\n`,
  );
}

async function makeDefault(context: CommandContext, name: string | undefined): Promise<void> {
  const store = profileStoreFor(context.environment);
  const document = await store.read();
  if (name === undefined) {
    context.environment.stdout(document.defaultProfile ? `${document.defaultProfile}\n` : 'No default profile.\n');
    return;
  }
  if (!Object.hasOwn(document.profiles, name))
    throw invalidInput(`No profile "${name}". "sophos-central auth list" shows the profiles.`);
  await store.setDefault(name);
  context.environment.stdout(`Profile "${plainText(name)}" is the default now.\n`);
}
