/**
 * What the Sophos API replies, checked once, here. Objects are loose: Sophos adds fields over time and an
 * extra field must never break a user. Fields we do not rely on stay optional.
 */
// zod/mini: the same checks with named, tree-shakable functions; about 25 kB bundled against 188 kB for the
// classic API, whose core keeps the JSON-schema and registry code. Issue messages are zod's generic ones; only
// their paths reach a user (api-http.ts).
import * as z from 'zod/mini';
import { secretSafeServerUrl } from './secret-url';
import { isUuid, labelProblem } from './validation';

/** The issue message of an id that is not a UUID; api-http.ts words the error for it. */
export const notUuidMessage = 'not a UUID';

/**
 * Ids that are passed back to Sophos (tenant, partner, organization, token) or shown as its ids are UUIDs: anything
 * else is refused on arrival. Kept as given, case included, since the server receives them back.
 */
const uuidSchema = z.string().check(z.refine(isUuid, notUuidMessage));

/** A host the server names, made safe to send a bearer token to (http to another machine becomes https, no trailing slash). */
const serverUrlSchema = z.pipe(
  z.string().check(z.refine((value) => secretSafeServerUrl(value) !== undefined, 'not an http(s) URL')),
  z.transform((value) => secretSafeServerUrl(value)!),
);

export const tokenReplySchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
  token_type: z.optional(z.string()),
  errorCode: z.optional(z.string()),
  trackingId: z.optional(z.string()),
});

const idTypeSchema = z.enum(['tenant', 'partner', 'organization']);
export type IdType = z.infer<typeof idTypeSchema>;

export const whoamiSchema = z.looseObject({
  id: uuidSchema,
  idType: idTypeSchema,
  apiHosts: z.looseObject({
    // Documented once as http://api.central.sophos.com/ (plain http, trailing slash): normalised.
    global: serverUrlSchema,
    // Absent or null for partners and organizations.
    dataRegion: z.nullish(serverUrlSchema),
  }),
});
export type WhoAmI = z.infer<typeof whoamiSchema>;

/**
 * Page-number paging (current, size, total pages, items in all, maxSize) or key paging (fromKey, nextKey). All
 * optional: a server may send none of them, and then only full pages tell that more may follow.
 */
const pagesSchema = z.looseObject({
  current: z.optional(z.number()),
  size: z.optional(z.number()),
  total: z.optional(z.number()),
  items: z.optional(z.number()),
  maxSize: z.optional(z.number()),
  fromKey: z.nullish(z.string()),
  nextKey: z.nullish(z.string()),
});
export type Pages = z.infer<typeof pagesSchema>;

/**
 * A tenant as a partner or organization lists it. Fields Sophos documents but we do not use (partner or
 * organization {id}, products) pass through as they came.
 */
export interface Tenant {
  id: string;
  name?: string;
  showAs?: string | null;
  dataGeography?: string | null;
  dataRegion?: string | null;
  billingType?: string | null;
  status?: string | null;
  apiHost?: string;
  [field: string]: unknown;
}

export const tenantSchema = z.pipe(
  z.looseObject({
    id: uuidSchema,
    name: z.optional(z.string()),
    showAs: z.nullish(z.string()),
    dataGeography: z.nullish(z.string()),
    dataRegion: z.nullish(z.string()),
    billingType: z.nullish(z.string()),
    status: z.nullish(z.string()),
    apiHost: z.nullish(z.string()),
  }),
  // A tenant's apiHost is shown and kept, never sent a token today: still made safe as whoami's hosts are, dropped if not a URL.
  z.transform(({ apiHost, ...tenant }): Tenant => {
    const safe = apiHost ? secretSafeServerUrl(apiHost) : undefined;
    return safe ? { ...tenant, apiHost: safe } : tenant;
  }),
);

export const tenantsPageSchema = z.looseObject({
  pages: z.optional(pagesSchema),
  items: z.array(tenantSchema),
});

export interface AccessTokenCreator {
  id?: string;
  type?: string;
  accountType?: string;
  accountId?: string;
}

/**
 * An access token as listed. Only the id is certain: Sophos' documented list item has no label. A label that
 * breaks the label rule is dropped (the id is shown instead), and a value seen in a list is never kept.
 */
export interface AccessToken {
  id: string;
  type?: string;
  label?: string;
  createdAt?: string;
  /** Null or absent: no expiry. */
  expiresAt?: string | null;
  url?: string;
  createdBy?: AccessTokenCreator;
}

/** A minted token, its value included: what the create call hands back (label and type filled in if absent). */
export type CreatedAccessToken = AccessToken & { token: string; label: string; type: string };

/**
 * The fields we know, each kept only when it has the documented type. Everything else, a `token` value above all,
 * is left behind here, at parse time.
 */
function accessTokenOf(raw: { id: string } & Record<string, unknown>): AccessToken {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const label = text(raw.label);
  const creator =
    raw.createdBy !== null && typeof raw.createdBy === 'object'
      ? (raw.createdBy as Record<string, unknown>)
      : undefined;
  const createdBy =
    creator &&
    dropUndefined({
      id: text(creator.id),
      type: text(creator.type),
      accountType: text(creator.accountType),
      accountId: text(creator.accountId),
    });
  return dropUndefined({
    id: raw.id,
    type: text(raw.type),
    label: label !== undefined && labelProblem(label) === undefined ? label : undefined,
    createdAt: text(raw.createdAt),
    expiresAt: raw.expiresAt === null ? null : text(raw.expiresAt),
    url: text(raw.url),
    createdBy: createdBy && Object.keys(createdBy).length > 0 ? createdBy : undefined,
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

export const accessTokenSchema = z.pipe(z.looseObject({ id: uuidSchema }), z.transform(accessTokenOf));

/**
 * The create reply: the only time Sophos ever returns the token value. Only the id and the value are required:
 * a reply that lacks, say, the label must not make us throw away (and revoke) a token we did receive.
 */
export const createdAccessTokenSchema = z.pipe(
  z.looseObject({ id: uuidSchema, token: z.string().check(z.minLength(1)) }),
  z.transform((raw): AccessToken & { token: string } => ({ ...accessTokenOf(raw), token: raw.token })),
);

export const accessTokensPageSchema = z.looseObject({
  pages: z.optional(pagesSchema),
  items: z.array(accessTokenSchema),
});

/** Revoke's documented reply is 200 {"deleted": true}; 204 without a body is read as done too. */
export const revokeReplySchema = z.looseObject({ deleted: z.optional(z.boolean()) });

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
