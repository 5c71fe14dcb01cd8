/**
 * A create whose reply was lost may still have made the token: its value is gone, so that token is found and
 * revoked before one more attempt. Never on a guess: more than one candidate is kept and reported.
 */
import type { ApiCall } from './api-call';
import { SophosApiError } from './errors';
import type { AccessToken } from './schemas';

/**
 * Our estimate of Sophos' clock from a Date header (whole seconds) runs up to a second behind it; the margin
 * keeps a token Sophos made right after our POST a candidate, whatever the truncation.
 */
const dateHeaderResolutionMs = 1_200;

/** Listing and revoking in the scope the create used. */
export interface TokenAccess {
  list(onHeaders: ApiCall<unknown>['onHeaders']): Promise<AccessToken[]>;
  revoke(tokenId: string): Promise<void>;
}

/**
 * After an ambiguous create: finds the token that attempt may have made (same label and type, created by
 * Sophos after our POST left) and revokes it, since its value is lost. Sophos' clock is read from the list
 * reply's Date header, so "after our POST" is measured on its clock to within about a second. More than one
 * candidate means one may be somebody else's, minted at the same moment: then none is revoked.
 */
export async function revokeOrphan(
  access: TokenAccess,
  body: { label: string; type: string },
  startedAt: number,
  original: SophosApiError,
): Promise<{ revoked: string[]; kept: string[] }> {
  let tokens: AccessToken[];
  let skewMs: number | undefined;
  try {
    tokens = await access.list((headers, receivedAt) => {
      const serverTime = Date.parse(headers.date ?? '');
      if (skewMs === undefined && !Number.isNaN(serverTime)) skewMs = serverTime - receivedAt;
    });
  } catch {
    throw new SophosApiError(
      original.kind,
      `${original.message} Whether the token was created could not be checked; look at the tenant's access tokens before creating another.`,
      {
        operation: original.operation,
        status: original.status,
        host: original.host,
        requestId: original.requestId,
        trackingId: original.trackingId,
        correlationId: original.correlationId,
        scope: original.scope,
        cause: original,
      },
    );
  }
  // The Date header counts whole seconds; without one, allow two minutes of unknown skew.
  const since = skewMs === undefined ? startedAt - 120_000 : startedAt + skewMs - dateHeaderResolutionMs;
  // A list item may lack label or type (Sophos' documented example has no label): absent is no mismatch.
  const candidates = tokens.filter(
    (token) =>
      (token.label ?? body.label) === body.label &&
      (token.type ?? body.type) === body.type &&
      token.createdAt !== undefined &&
      Date.parse(token.createdAt) >= since,
  );
  if (candidates.length !== 1) return { revoked: [], kept: candidates.map((token) => token.id) };
  const orphan = candidates[0]!;
  await access.revoke(orphan.id);
  return { revoked: [orphan.id], kept: [] };
}

/** Failures of the create request itself after which Sophos may have made the token though we never saw it. */
export function isAmbiguousCreate(error: unknown): error is SophosApiError {
  return (
    error instanceof SophosApiError &&
    error.operation === 'createAccessToken' &&
    (error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout' || error.kind === 'badReply')
  );
}
