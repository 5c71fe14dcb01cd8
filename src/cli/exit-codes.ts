import type { SophosApiError } from '../core/api';

/** The CLI's exit codes: scripts branch on them, so they never change meaning. */
export const ExitCode = {
  ok: 0,
  localFailure: 1,
  /** `scan` found a secret (the same 1 that pre-commit hooks and CI treat as a failure). */
  findings: 1,
  invalidInput: 2,
  authFailed: 3,
  forbidden: 4,
  unavailable: 5,
  /** The server refused the request (400, 404, 451 ...) or replied with something unusable. */
  badReply: 6,
  cancelled: 130,
} as const;

export function exitCodeFor(error: SophosApiError): number {
  switch (error.kind) {
    case 'invalidInput':
      return ExitCode.invalidInput;
    case 'auth':
      // A 401 from the API after a fresh sign-in is about the request's tenant or partner id, not the credential.
      return error.operation === 'token' ? ExitCode.authFailed : ExitCode.forbidden;
    case 'forbidden':
      return ExitCode.forbidden;
    case 'throttled':
    case 'server':
    case 'network':
    case 'timeout':
    case 'tls':
      return ExitCode.unavailable;
    case 'badReply':
    case 'rejected':
    case 'notFound':
      return ExitCode.badReply;
    case 'cancelled':
      return ExitCode.cancelled;
  }
}
