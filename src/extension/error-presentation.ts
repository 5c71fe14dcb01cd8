/**
 * What the user sees when something fails: the message and the buttons that lead to the fix, decided in one
 * place for every command. Free of `vscode` so the mapping is unit-tested.
 */
import { SophosApiError } from '../core/api';
import { DuplicateNameError, SuspendedCredentialError, UnknownCredentialError } from '../core/credentials';

export type ErrorAction = 'editSecret' | 'editRole' | 'retry' | 'showLogs' | 'testCredential' | 'refresh' | 'unsuspend';

export interface PresentedError {
  /** Undefined for a cancellation: the user asked for it, so nothing is shown. */
  message?: string;
  severity: 'error' | 'warning';
  actions: ErrorAction[];
}

export function presentError(error: unknown, canRetry: boolean): PresentedError {
  if (error instanceof SophosApiError) {
    const retry: ErrorAction[] = canRetry ? ['retry'] : [];
    switch (error.kind) {
      case 'cancelled':
        return { severity: 'warning', actions: [] };
      case 'auth':
        return {
          message: error.messageWithSupportId,
          severity: 'error',
          actions: error.operation === 'token' ? ['editSecret', 'showLogs'] : ['testCredential', 'showLogs'],
        };
      case 'forbidden':
        return { message: error.messageWithSupportId, severity: 'error', actions: ['editRole', 'showLogs'] };
      case 'throttled':
      case 'server':
      case 'network':
      case 'timeout':
      case 'tls':
        return { message: error.messageWithSupportId, severity: 'warning', actions: [...retry, 'showLogs'] };
      case 'notFound':
        return { message: error.messageWithSupportId, severity: 'warning', actions: ['refresh', 'showLogs'] };
      case 'badReply':
        return { message: error.messageWithSupportId, severity: 'error', actions: [...retry, 'showLogs'] };
      case 'rejected': // the server refused the request itself (400, 451…): its text says why
        return { message: error.messageWithSupportId, severity: 'error', actions: ['showLogs'] };
      case 'invalidInput':
        return { message: error.message, severity: 'error', actions: [] };
    }
  }
  if (error instanceof SuspendedCredentialError)
    return { message: error.message, severity: 'warning', actions: ['unsuspend'] };
  if (error instanceof DuplicateNameError) return { message: error.message, severity: 'error', actions: [] };
  if (error instanceof UnknownCredentialError)
    return { message: error.message, severity: 'warning', actions: ['refresh'] };
  const text = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected failure: ${text}. See the log for details.`, severity: 'error', actions: ['showLogs'] };
}

export const actionLabels: Record<ErrorAction, string> = {
  editSecret: 'Edit Secret',
  editRole: 'Edit Role',
  retry: 'Retry',
  showLogs: 'Show Logs',
  testCredential: 'Test Credential',
  refresh: 'Refresh',
  unsuspend: 'Unsuspend',
};
