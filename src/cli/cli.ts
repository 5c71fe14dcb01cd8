/**
 * `sophos-central`: the SLS guide's three curl commands as one tool for CI and provisioning scripts, on the
 * same core as the extension. This file only dispatches: it finds the command, imports that command's module
 * (and nothing else), parses the whole line against the global and the command's options, and runs it.
 * Everything it touches comes in through CliEnvironment so tests run it in-process.
 */
import { parseArgs } from 'node:util';
import { invalidInput } from '../core/api';
import type { CommandContext, CommandModule, Invocation, OptionTable, OptionValues } from './command';
import type { CliEnvironment } from './environment';
import { ExitCode } from './exit-codes';
import { reportFailure } from './failures';
import { terminalSafe } from './output';
import { TransportHolder } from './session';
import { signIn, type SignedIn } from './signed-in';
import { usage } from './usage';

export type { CliEnvironment } from './environment';
export { cliNetworkHints } from './session';
export { defaultApiUrl, defaultIdUrl, defaultTokenKey } from './defaults';
export { usage } from './usage';

/** Each command group's module, imported only when one of its commands runs. */
const commandModules: Record<string, () => Promise<CommandModule>> = {
  whoami: async () => (await import('./commands/account.js')).accountCommands,
  tenants: async () => (await import('./commands/account.js')).accountCommands,
  'sls-token': async () => (await import('./commands/sls-token.js')).slsTokenCommands,
  auth: async () => (await import('./commands/auth.js')).authCommands,
  token: async () => (await import('./commands/token.js')).tokenCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  api: async () => (await import('./commands/api.js')).apiCommand,
  scan: async () => (await import('./commands/scan.js')).scanCommands,
};
const commandList = () => Object.keys(commandModules).join(', ');

/** Accepted before or after the command. */
const globalOptions: OptionTable = {
  'id-url': { type: 'string' },
  'api-url': { type: 'string' },
  'ca-file': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  // A credential kept in VS Code, asked for over the terminal bridge.
  credential: { type: 'string' },
  // Parsed only to be refused with a reason, rather than as an unknown option.
  'client-secret': { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

export async function runCli(unfiltered: CliEnvironment): Promise<number> {
  // Every line the CLI prints passes through here, so no control sequence from a server reaches the terminal.
  const environment = terminalSafe(unfiltered);
  let transport: TransportHolder | undefined;
  let signedIn: Promise<SignedIn> | undefined;
  try {
    const name = commandName(environment.argv);
    const load = name === undefined ? undefined : commandModules[name];
    if (name !== undefined && !load)
      throw invalidInput(
        `Unknown command "${name}". Commands: ${commandList()}. Run "sophos-central --help" for usage.`,
      );
    const module = await load?.();
    const invocation = parseInvocation(environment.argv, module?.options ?? {});
    const { values } = invocation;
    if (values.help) {
      environment.stdout(usage);
      return ExitCode.ok;
    }
    if (values.version) {
      environment.stdout(`${environment.version ?? 'unknown'}\n`);
      return ExitCode.ok;
    }
    if (values['client-secret'] !== undefined) {
      throw invalidInput(
        'A secret is never accepted as an argument: set SOPHOS_CLIENT_SECRET or pipe it to --client-secret-stdin.',
      );
    }
    if (!module || name === undefined)
      throw invalidInput(`Name a command: ${commandList()}. Run "sophos-central --help" for usage.`);
    const planned = module.plan(name, invocation);
    await planned.check?.();
    const holder = (transport = new TransportHolder(environment, values));
    const context: CommandContext = {
      environment,
      values,
      json: values.json === true,
      signedIn: () => (signedIn ??= signIn(holder, values, environment)),
      client: async () => (await context.signedIn()).client,
      transport: holder,
    };
    return (await planned.run(context)) ?? ExitCode.ok;
  } catch (error) {
    return reportFailure(error, environment.stderr);
  } finally {
    // Kept for the next run even when the command failed: the sign-in itself may have worked.
    await signedIn?.then(
      (session) => session.persist(),
      () => undefined,
    );
    await transport?.close();
  }
}

/** The first word that is not a global option or its value: which module to load. */
function commandName(argv: string[]): string | undefined {
  const { tokens } = parseArgs({
    args: argv,
    options: globalOptions,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const first = tokens.find((token) => token.kind === 'positional' || token.kind === 'option-terminator');
  return first?.kind === 'positional' ? first.value : undefined;
}

function parseInvocation(argv: string[], commandOptions: OptionTable): Invocation {
  try {
    const { values, positionals, tokens } = parseArgs({
      args: argv,
      options: { ...globalOptions, ...commandOptions },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    const terminator = tokens.find((token) => token.kind === 'option-terminator');
    const passThrough = terminator ? argv.slice(terminator.index + 1) : [];
    const named = positionals.slice(0, positionals.length - passThrough.length);
    return { args: named.slice(1), passThrough, values: values as OptionValues };
  } catch (error) {
    throw invalidInput(`${(error as Error).message.replace(/\.$/, '')}. Run "sophos-central --help" for usage.`);
  }
}
