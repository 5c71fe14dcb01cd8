/** Progress, failures and their buttons: the same for every command. */
import * as vscode from 'vscode';
import { cancelled } from '../core/api';
import { credentialOfFailure } from '../core/credentials';
import { CommandId } from './command-ids';
import { actionLabels, presentError, type ErrorAction } from './error-presentation';
import type { Services } from './services';
import { actionOn } from './commands/invocation';
import { showErrorMessage, showWarningMessage } from './notifications';

/** Runs work under a cancellable notification; cancelling aborts its requests. */
export function withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort(cancelled()));
      return work(controller.signal).finally(() => subscription.dispose());
    },
  );
}

export interface FailureContext {
  credentialId?: string;
  /** What "Retry" does; no Retry button without it. */
  retry?: () => unknown;
}

/** Logs the failure and shows it with the buttons that lead to the fix. Cancellation shows nothing. */
export async function showFailure(
  services: Pick<Services, 'logger'>,
  error: unknown,
  context: FailureContext = {},
): Promise<void> {
  const presented = presentError(error, context.retry !== undefined);
  if (presented.message === undefined) return;
  context = { ...context, credentialId: context.credentialId ?? credentialOfFailure(error) };
  services.logger.error(presented.message);
  const needsCredential: ErrorAction[] = ['editSecret', 'editRole', 'testCredential', 'unsuspend'];
  const actions = presented.actions.filter(
    (action) => !needsCredential.includes(action) || context.credentialId !== undefined,
  );
  const labels = actions.map((action) => vscode.l10n.t(actionLabels[action]));
  const show = presented.severity === 'error' ? showErrorMessage : showWarningMessage;
  const chosen = await show(presented.message, ...labels);
  const action = actions[labels.indexOf(chosen ?? '')];
  if (action) await runAction(action, context);
}

async function runAction(action: ErrorAction, context: FailureContext): Promise<void> {
  const id = context.credentialId;
  const target = id ? actionOn(id) : undefined;
  switch (action) {
    case 'retry':
      await context.retry?.();
      return;
    case 'showLogs':
      await vscode.commands.executeCommand(CommandId.showLogs);
      return;
    case 'editSecret':
      await vscode.commands.executeCommand(CommandId.editCredential, id && actionOn(id, 'secret'));
      return;
    case 'editRole':
      await vscode.commands.executeCommand(CommandId.editCredential, id && actionOn(id, 'role'));
      return;
    case 'testCredential':
      await vscode.commands.executeCommand(CommandId.testCredential, target);
      return;
    case 'refresh':
      await vscode.commands.executeCommand(CommandId.refresh);
      return;
    case 'unsuspend':
      await vscode.commands.executeCommand(CommandId.unsuspendCredential, target);
      return;
  }
}
