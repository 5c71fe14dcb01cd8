import { SophosApiError } from '../core/api';
import { BridgeFailure } from '../core/bridge/client';
import { KeyringUnavailableError } from '../core/keyring';
import { exitCodeFor, ExitCode } from './exit-codes';
import { plainText } from './output';

/** A failure on this machine (an unwritable file, a missing program): exit 1 with its message. */
export class LocalFailure extends Error {}

/** One line on stderr and the exit code scripts branch on. */
export function reportFailure(error: unknown, stderr: (text: string) => void): number {
  if (error instanceof SophosApiError) {
    if (error.kind !== 'cancelled') stderr(`error: ${plainText(error.messageWithSupportId)}\n`);
    return exitCodeFor(error);
  }
  // Whatever stopped the terminal bridge (a refusal, a dead channel), there was no sign-in: exit as for one.
  if (error instanceof BridgeFailure) {
    stderr(`error: ${plainText(error.message)}\n`);
    return ExitCode.authFailed;
  }
  if (error instanceof LocalFailure || error instanceof KeyringUnavailableError) {
    stderr(`error: ${plainText(error.message)}\n`);
    return ExitCode.localFailure;
  }
  stderr(`error: unexpected failure: ${plainText((error as Error)?.message ?? String(error))}. Please report it.\n`);
  return ExitCode.localFailure;
}
