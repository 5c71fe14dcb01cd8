/**
 * `run [--tenant T] -- CMD...`: CMD runs with a fresh bearer, the tenant id and its API host in its environment
 * (SOPHOS_ACCESS_TOKEN, SOPHOS_TENANT_ID, SOPHOS_API_HOST) and exits with CMD's code. The Client Secret is taken
 * out of CMD's environment, so a script never holds it.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { invalidInput } from '../../core/api';
import { accessVariables, currentAccess } from '../access';
import type { CommandModule } from '../command';
import { LocalFailure } from '../failures';

export const runCommand: CommandModule = {
  options: { tenant: { type: 'string' } },
  plan(_name, { args, passThrough }) {
    if (args.length > 0) throw invalidInput(`Put the command after "--": sophos-central run -- ${args.join(' ')}`);
    const [command, ...commandArgs] = passThrough;
    if (!command) throw invalidInput('Name the command to run after "--": sophos-central run -- CMD [ARGS...]');
    return {
      run: async (context) => {
        const access = await currentAccess(context);
        const env = { ...context.environment.env, ...accessVariables(access) };
        delete env.SOPHOS_CLIENT_SECRET;
        const runProgram = context.environment.runProgram ?? spawnInherited;
        return runProgram(command, commandArgs, env);
      },
    };
  },
};

/** The program gets the terminal itself; its exit code (or 128 + the signal's number) becomes ours. */
function spawnInherited(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.on('error', (error: NodeJS.ErrnoException) =>
      fail(
        new LocalFailure(
          error.code === 'ENOENT'
            ? `${command}: command not found.`
            : `${command} could not be started: ${error.message}`,
        ),
      ),
    );
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}
