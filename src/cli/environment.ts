import type { HttpTransport, RetryEnvironment, RetryPolicy } from '../core/api';
import type { SecretStore } from '../core/keyring';

/** Everything the CLI touches comes in through here, so tests and the benchmark run it in-process. */
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
  /** stdout is a terminal: fan-out results print as a table rather than JSON lines. */
  stdoutIsTerminal?: boolean;
  /** Tests hand in a keyring of their own; by default the OS keyring. */
  keyring?: SecretStore;
  /** Asks on the terminal; undefined when there is none (stdin is not a TTY). `secret` turns echo off. */
  prompt?: (question: string, options: { secret: boolean }) => Promise<string>;
  /** Runs a program with this environment and stdio inherited; resolves to its exit code (run -- CMD). */
  runProgram?: (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<number>;
  /** The folder relative paths start from (`scan`); the process's own when absent. */
  cwd?: string;
}
