/** What `sls-token create` and `sls-token rotate` both say after minting: orphans an earlier attempt left. */
import type { CreateAccessTokenResult } from '../../core/api';
import { plainText } from '../output';

export function reportOrphans(result: CreateAccessTokenResult, stderr: (text: string) => void): void {
  for (const orphan of result.orphansRevoked) {
    stderr(
      `warning: an earlier attempt created token ${plainText(orphan)} but its value never arrived; it was revoked.\n`,
    );
  }
  if (result.possibleOrphans.length > 0) {
    stderr(
      `warning: an earlier attempt failed ambiguously and tokens ${plainText(result.possibleOrphans.join(', '))} carry the same label; none was revoked, since one may be somebody else's. Check "sls-token list".\n`,
    );
  }
}
