import type { HttpTransport, RetryEnvironment, RetryPolicy } from '../core/api';

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
}
