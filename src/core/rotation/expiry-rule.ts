/**
 * The new token's expiry under the old one's rule: the same lifetime from now (a 90-day token gets 90 days), or
 * no expiry when the old one had none. Sophos cuts an expiry past the tenant's licence back to it.
 */
const day = 24 * 60 * 60 * 1000;

export function sameExpiryRule(
  old: { createdAt?: string; expiresAt?: string | null },
  now: number,
): string | undefined {
  if (!old.expiresAt) return undefined;
  const expires = Date.parse(old.expiresAt);
  const created = old.createdAt === undefined ? NaN : Date.parse(old.createdAt);
  if (Number.isNaN(expires)) return undefined;
  // Without a creation time the rule is unknown: keep the old date if it is still ahead, else a year.
  if (Number.isNaN(created)) return new Date(expires > now + day ? expires : now + 365 * day).toISOString();
  const lifetimeDays = Math.max(1, Math.round((expires - created) / day));
  return new Date(now + lifetimeDays * day).toISOString();
}
