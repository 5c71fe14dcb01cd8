/**
 * What the Sophos API replies, checked once, here. Objects are loose: Sophos adds fields over time and an
 * extra field must never break a user. Fields we do not rely on stay optional.
 */
import { z } from 'zod';

export const tokenReplySchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
  errorCode: z.string().optional(),
  trackingId: z.string().optional(),
});
export type TokenReply = z.infer<typeof tokenReplySchema>;

export const idTypeSchema = z.enum(['tenant', 'partner', 'organization']);
export type IdType = z.infer<typeof idTypeSchema>;

export const whoamiSchema = z.looseObject({
  id: z.string().min(1),
  idType: idTypeSchema,
  apiHosts: z.looseObject({
    global: z.string().min(1),
    // Absent or null for partners and organizations.
    dataRegion: z.string().min(1).nullish(),
  }),
});
export type WhoAmI = z.infer<typeof whoamiSchema>;

const pagesSchema = z.looseObject({
  current: z.number().optional(),
  size: z.number().optional(),
  total: z.number().optional(),
  items: z.number().optional(),
  maxSize: z.number().optional(),
  fromKey: z.string().optional(),
  nextKey: z.string().nullish(),
});

export const tenantSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  dataGeography: z.string().nullish(),
  dataRegion: z.string().nullish(),
  billingType: z.string().nullish(),
  apiHost: z.string().nullish(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const tenantsPageSchema = z.looseObject({
  pages: pagesSchema.optional(),
  items: z.array(tenantSchema),
});

const createdBySchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  accountType: z.string().optional(),
  accountId: z.string().optional(),
});

/** An access token as listed: never carries the token value. */
export const accessTokenSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  label: z.string(),
  createdAt: z.string().optional(),
  expiresAt: z.string().nullish(),
  url: z.string().optional(),
  createdBy: createdBySchema.optional(),
});
export type AccessToken = z.infer<typeof accessTokenSchema>;

/** The create reply: the only time Sophos ever returns the token value. */
export const createdAccessTokenSchema = accessTokenSchema.extend({ token: z.string().min(1) });
export type CreatedAccessToken = z.infer<typeof createdAccessTokenSchema>;

export const accessTokensPageSchema = z.looseObject({
  pages: pagesSchema.optional(),
  items: z.array(accessTokenSchema),
});

/** Error bodies: Sophos ID uses errorCode/trackingId, the Central APIs error/requestId/correlationId. */
export const errorBodySchema = z.looseObject({
  error: z.string().optional(),
  errorCode: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  trackingId: z.string().optional(),
  requestId: z.string().optional(),
  correlationId: z.string().optional(),
  docUrl: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
