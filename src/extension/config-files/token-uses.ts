/**
 * Where a token went: every insertion into a file (file and key, never the value) is recorded with the token,
 * shown on it in the tree and on its credential's details page, and rewritten by Rotate SLS Token.
 */
import * as vscode from 'vscode';
import type { TokenRecord } from '../../core/credentials';
import type { Services } from '../services';
import type { TokenUses } from '../webview/credential-view';

/** Records an insertion into a file on disk; other documents (untitled) are nowhere to rotate later. */
export async function noteTokenUse(
  services: Pick<Services, 'credentials' | 'logger'>,
  tokenId: string,
  uri: vscode.Uri,
  key?: string,
): Promise<void> {
  if (uri.scheme !== 'file') return;
  try {
    await services.credentials.tokens.recordUse(tokenId, { file: uri.fsPath, ...(key ? { key } : {}) });
  } catch (error) {
    // The insertion happened; a record that could not be written must not turn it into a failure.
    services.logger.warn(`Could not record where token ${tokenId} was put: ${(error as Error).message}`);
  }
}

/** "deploy/.env, group_vars/all.yml": each file once, as the workspace shows it. */
export function usedInText(record: Pick<TokenRecord, 'usedIn'> | undefined): string | undefined {
  const files = [...new Set((record?.usedIn ?? []).map((use) => vscode.workspace.asRelativePath(use.file)))];
  return files.length > 0 ? files.join(', ') : undefined;
}

/** The credential's kept tokens that went into files, for its details page. */
export function tokenUses(services: Pick<Services, 'credentials'>, credentialId: string): TokenUses[] {
  return services.credentials.tokens.stored(credentialId).flatMap((token) => {
    const files = usedInText(token);
    return files ? [{ label: token.label, files }] : [];
  });
}
