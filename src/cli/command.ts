/**
 * The contract between the dispatcher (cli.ts) and one command group's module under commands/: each module is
 * imported only when its command runs, so start-up loads nothing the other commands need.
 */
import type { SophosCentralClient } from '../core/api';
import type { CliEnvironment } from './environment';
import type { OptionTable, OptionValues } from './options';
import type { TransportHolder } from './session';
import type { SignedIn } from './signed-in';

export interface Invocation {
  /** Positionals after the command name, e.g. ["create"] for `sls-token create`. */
  args: string[];
  /** Everything after a bare `--`, untouched (for `run -- CMD...`). */
  passThrough: string[];
  values: OptionValues;
}

/** What a command may use while it runs; the dispatcher owns and closes what it hands out. */
export interface CommandContext {
  environment: CliEnvironment;
  values: OptionValues;
  json: boolean;
  /** The client for the credential chosen by flags, environment or profile; built on first call. */
  client(): Promise<SophosCentralClient>;
  /** The same sign-in with the profile it came from, if any. */
  signedIn(): Promise<SignedIn>;
  /** The run's one transport (closed by the dispatcher), for a command that signs in on its own (auth login). */
  transport: TransportHolder;
}

export interface PlannedCommand {
  /** Checks that need the file system but no network, done before any request. */
  check?: () => Promise<void>;
  run(context: CommandContext): Promise<number | void>;
}

export interface CommandModule {
  /** The options this group takes besides the global ones. */
  options: OptionTable;
  /** Validates the command line (no I/O) and returns what to run. `name` is the command as typed. */
  plan(name: string, invocation: Invocation): PlannedCommand;
}

export { stringOption, type OptionTable, type OptionValues } from './options';
