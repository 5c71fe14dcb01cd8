import * as vscode from 'vscode';
import type { Services } from './services';

/** The core's name rule (both kinds of credential share one tree), in the user's language. */
export function nameProblem(services: Services, name: string, exceptId?: string): string | undefined {
  const problem = services.credentials.nameProblem(name, exceptId);
  switch (problem?.kind) {
    case undefined:
      return undefined;
    case 'empty':
      return vscode.l10n.t('Enter a name.');
    case 'tooLong':
      return vscode.l10n.t('At most {0} characters.', problem.max);
    case 'taken':
      return vscode.l10n.t('A credential named "{0}" already exists.', problem.by);
  }
}
