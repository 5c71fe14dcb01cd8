/**
 * What the Sophos API replies, checked once, here. Objects are loose: Sophos adds fields over time and an
 * extra field must never break a user. Fields we do not rely on stay optional.
 */
// zod/mini: the same checks with named, tree-shakable functions; about 25 kB bundled against 188 kB for the
// classic API, whose core keeps the JSON-schema and registry code. Issue messages are zod's generic ones; only
// their paths reach a user (api-http.ts).
import * as z from 'zod/mini';

export const tokenReplySchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
  token_type: z.optional(z.string()),
  errorCode: z.optional(z.string()),
  trackingId: z.optional(z.string()),
});
export type TokenReply = z.infer<typeof tokenReplySchema>;

export const idTypeSchema = z.enum(['tenant', 'partner', 'organization']);
export type IdType = z.infer<typeof idTypeSchema>;

export const whoamiSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  idType: idTypeSchema,
  apiHosts: z.looseObject({
    global: z.string().check(z.minLength(1)),
    // Absent or null for partners and organizations.
    dataRegion: z.nullish(z.string().check(z.minLength(1))),
  }),
});
export type WhoAmI = z.infer<typeof whoamiSchema>;

const pagesSchema = z.looseObject({
  current: z.optional(z.number()),
  size: z.optional(z.number()),
  total: z.optional(z.number()),
  items: z.optional(z.number()),
  maxSize: z.optional(z.number()),
  fromKey: z.optional(z.string()),
  nextKey: z.nullish(z.string()),
});

export const tenantSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  name: z.optional(z.string()),
  dataGeography: z.nullish(z.string()),
  dataRegion: z.nullish(z.string()),
  billingType: z.nullish(z.string()),
  apiHost: z.nullish(z.string()),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const tenantsPageSchema = z.looseObject({
  pages: z.optional(pagesSchema),
  items: z.array(tenantSchema),
});

const createdBySchema = z.looseObject({
  id: z.optional(z.string()),
  type: z.optional(z.string()),
  accountType: z.optional(z.string()),
  accountId: z.optional(z.string()),
});

/** An access token as listed: never carries the token value. */
export const accessTokenSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  label: z.string(),
  createdAt: z.optional(z.string()),
  expiresAt: z.nullish(z.string()),
  url: z.optional(z.string()),
  createdBy: z.optional(createdBySchema),
});
export type AccessToken = z.infer<typeof accessTokenSchema>;

/** A minted token, its value included: what the create call hands back (label and type filled in if absent). */
export type CreatedAccessToken = AccessToken & { token: string };

/**
 * The create reply: the only time Sophos ever returns the token value. Only the id and the value are required:
 * a reply that lacks, say, the label must not make us throw away (and revoke) a token we did receive.
 */
export const createdAccessTokenSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  token: z.string().check(z.minLength(1)),
  type: z.optional(z.string()),
  label: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  expiresAt: z.nullish(z.string()),
  url: z.optional(z.string()),
  createdBy: z.optional(createdBySchema),
});

export const accessTokensPageSchema = z.looseObject({
  pages: z.optional(pagesSchema),
  items: z.array(accessTokenSchema),
});

/** Error bodies: Sophos ID uses errorCode/trackingId, the Central APIs error/requestId/correlationId. */
export const errorBodySchema = z.looseObject({
  error: z.optional(z.string()),
  errorCode: z.optional(z.string()),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
  trackingId: z.optional(z.string()),
  requestId: z.optional(z.string()),
  correlationId: z.optional(z.string()),
  docUrl: z.optional(z.string()),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
