/**
 * How every command runs: `invoke` decides once how it was invoked (our UI, the palette, or a call with an
 * argument object: see invocation.ts), checks a call's arguments against the command's schema and runs its
 * body. From our UI or the palette a failure is shown with its fix (and logged); a call rejects with the same
 * message so the caller can act on it.
 */
import * as vscode from 'vscode';
import type * as z from 'zod/mini';
import { presentError } from '../error-presentation';
import type { Services } from '../services';
import { showFailure } from '../ui';
import { commandArgs, type Args, type CommandName } from './command-args';
import { credentialOf, invocationOf, type Invocation } from './invocation';

/** A command body: it receives the decided invocation, with a call's arguments already checked. */
export interface Command<Args> {
  args: z.core.$ZodType<Args>;
  run(invocation: Invocation<Args>): Promise<unknown>;
}

/** The schema of `name` with the body that reads its typed arguments. */
export function command<Name extends CommandName>(
  name: Name,
  run: (invocation: Invocation<Args<Name>>) => Promise<unknown>,
): Command<Args<Name>> {
  return { args: commandArgs[name] as unknown as z.core.$ZodType<Args<Name>>, run };
}

/** Decides the invocation once, runs the command, and shows (our UI, the palette) or rejects (a call) its failure. */
export async function invoke(services: Services, id: string, handler: Command<unknown>, args: unknown[]) {
  let invocation: Invocation<unknown> | undefined;
  try {
    invocation = invocationOf(handler.args, args[0], id);
    return await handler.run(invocation);
  } catch (error) {
    // No invocation: the call's arguments were refused.
    if (!invocation || invocation.from === 'call') {
      const presented = presentError(error, false);
      services.logger.error(`${id}: ${presented.message ?? 'cancelled'}`);
      throw error instanceof Error ? error : new Error(presented.message);
    }
    const credentialId = invocation.from === 'ui' ? credentialOf(invocation.target) : undefined;
    await showFailure(services, error, { credentialId, retry: () => vscode.commands.executeCommand(id, ...args) });
    return undefined;
  }
}
