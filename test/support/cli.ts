/** Running the CLI from tests: in-process with its output captured, or as the bundled program in a real process. */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HttpTransport } from '../../src/core/api';
import { runCli, type CliEnvironment } from '../../src/cli/cli';
import { instantRetries, type RecordedSleeps } from './api';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  stdin?: string;
  transport?: HttpTransport;
  /** Backoff waits are recorded here instead of waited out. */
  retries?: RecordedSleeps;
  keyring?: CliEnvironment['keyring'];
  prompt?: CliEnvironment['prompt'];
  /** The folder the CLI runs in (scan). */
  cwd?: string;
}

export async function runCliInProcess(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: InProcessOptions = {},
): Promise<CliRun & { sleeps: number[] }> {
  let stdout = '';
  let stderr = '';
  const retries = options.retries ?? instantRetries();
  const code = await runCli({
    argv,
    // Never the developer's own profiles: a test that wants profiles gives its own XDG_CONFIG_HOME.
    env: { XDG_CONFIG_HOME: join(tmpdir(), 'sophos-cli-tests-without-profiles'), ...env },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => options.stdin ?? '',
    transport: options.transport,
    keyring: options.keyring,
    prompt: options.prompt,
    retryEnvironment: retries,
    version: 'test',
    cwd: options.cwd,
  });
  return { code, stdout, stderr, sleeps: retries.sleeps };
}

/** dist/cli.js in its own Node process, with only PATH and the given environment. */
export function runBundledCli(argv: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve('dist/cli.js'), ...argv],
      { env: { PATH: process.env.PATH, ...env }, cwd },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
