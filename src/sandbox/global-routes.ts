/**
 * The global API: whoami, the partner's and organization's tenant lists and single tenants, and a tenant's
 * access tokens (the SLS package repository tokens). Every route needs a bearer token. Replies follow what
 * Sophos documents, never friendlier: revoke answers 200 {"deleted": true}, errors are terse.
 */
import { randomUUID } from 'node:crypto';
import { sandboxLicenceEndsAt } from './demo-clients';
import { apiError, badRequest, forbidden, jsonReply, notFound, pageOf, parsePaging, type Reply } from './replies';
import { actingTenant, headerValue, roleAllows, withBearer, type AuthorizedContext, type Route } from './routing';
import { randomAlphanumeric, type StoredAccessToken } from './state';
import type { SandboxTenant } from './types';

export const slsTokenType = 'sophosLinuxSensor';
const packageRepositoryUrl = 'https://packages.sophos.com';

export const globalRoutes: Route[] = [
  { method: 'GET', path: /^\/whoami\/v1$/, handle: withBearer(whoami) },
  { method: 'GET', path: /^\/partner\/v1\/tenants$/, handle: withBearer((context) => listTenants(context, 'partner')) },
  {
    method: 'GET',
    path: /^\/organization\/v1\/tenants$/,
    handle: withBearer((context) => listTenants(context, 'organization')),
  },
  {
    method: 'GET',
    path: /^\/partner\/v1\/tenants\/([^/]+)$/,
    handle: withBearer((context, [id]) => oneTenant(context, 'partner', id!)),
  },
  {
    method: 'GET',
    path: /^\/organization\/v1\/tenants\/([^/]+)$/,
    handle: withBearer((context, [id]) => oneTenant(context, 'organization', id!)),
  },
  { method: 'GET', path: /^\/accounts\/v1\/access-tokens$/, handle: withBearer(listAccessTokens) },
  { method: 'POST', path: /^\/accounts\/v1\/access-tokens$/, handle: withBearer(createAccessToken) },
  { method: 'PATCH', path: /^\/accounts\/v1\/access-tokens\/([^/]+)$/, handle: withBearer(updateAccessToken) },
  { method: 'DELETE', path: /^\/accounts\/v1\/access-tokens\/([^/]+)$/, handle: withBearer(revokeAccessToken) },
];

/** Tenants get both hosts; a partner's reply has no dataRegion key, an organization's has null. */
function whoami(context: AuthorizedContext): Reply {
  const { id, idType } = context.caller.spec;
  const global = context.urls.apiUrl;
  const apiHosts =
    idType === 'tenant'
      ? { global, dataRegion: context.urls.regionUrl }
      : idType === 'organization'
        ? { global, dataRegion: null }
        : { global };
  return jsonReply({ id, idType, apiHosts });
}

/** The caller's id from X-Partner-ID / X-Organization-ID, or the reply that refuses the request. */
function callerOf(context: AuthorizedContext, kind: 'partner' | 'organization'): true | Reply {
  const idHeader = kind === 'partner' ? 'X-Partner-ID' : 'X-Organization-ID';
  const given = headerValue(context.headers, idHeader)?.trim();
  if (!given) return badRequest(context.requestId, `The ${idHeader} header is required`);
  const { idType, id } = context.caller.spec;
  if (idType !== kind || given.toLowerCase() !== id.toLowerCase()) return forbidden(context.requestId);
  return true;
}

function listTenants(context: AuthorizedContext, kind: 'partner' | 'organization'): Reply {
  const caller = callerOf(context, kind);
  if (caller !== true) return caller;
  const paging = parsePaging(context.url.searchParams);
  if ('problem' in paging) return badRequest(context.requestId, paging.problem);
  const tenants = context.state.tenantsOf(context.caller).map((tenant) => tenantItem(context, kind, tenant));
  return jsonReply(pageOf(tenants, paging));
}

function oneTenant(context: AuthorizedContext, kind: 'partner' | 'organization', tenantId: string): Reply {
  const caller = callerOf(context, kind);
  if (caller !== true) return caller;
  const tenant = context.state
    .tenantsOf(context.caller)
    .find((candidate) => candidate.id.toLowerCase() === tenantId.toLowerCase());
  return tenant ? jsonReply(tenantItem(context, kind, tenant)) : notFound(context.requestId, 'Resource not found.');
}

/** A tenant item as Sophos documents it: showAs, the owning partner or organization, status and products. */
function tenantItem(
  context: AuthorizedContext,
  kind: 'partner' | 'organization',
  tenant: SandboxTenant,
): Record<string, unknown> {
  return {
    id: tenant.id,
    name: tenant.name,
    showAs: tenant.name,
    dataGeography: tenant.dataGeography,
    dataRegion: tenant.dataRegion,
    billingType: tenant.billingType,
    [kind]: { id: context.caller.spec.id },
    apiHost: context.urls.regionUrl,
    status: 'active',
    products: [{ code: 'coreEndpointProtection' }, { code: 'interceptXAdvanced' }, { code: 'xdr' }],
  };
}

function listAccessTokens(context: AuthorizedContext): Reply {
  const tenantId = actingTenant(context);
  if (typeof tenantId !== 'string') return tenantId;
  if (!roleAllows(context.caller, 'readAccessTokens')) return forbidden(context.requestId);
  const paging = parsePaging(context.url.searchParams);
  if ('problem' in paging) return badRequest(context.requestId, paging.problem);
  return jsonReply(pageOf(context.state.accessTokens(tenantId), paging));
}

function createAccessToken(context: AuthorizedContext): Reply {
  const tenantId = actingTenant(context);
  if (typeof tenantId !== 'string') return tenantId;
  if (!roleAllows(context.caller, 'manageAccessTokens')) return forbidden(context.requestId);
  // The SLS guide: the credential must be made in the tenant's own Central Admin dashboard. A partner's or
  // organization's is refused with the same terse 403 as a role that may not.
  if (context.caller.spec.idType !== 'tenant') return forbidden(context.requestId);
  if (!/^application\/json\b/i.test(headerValue(context.headers, 'content-type') ?? '')) {
    return apiError(context.requestId, 415, 'unsupportedMediaType', 'Content-Type must be application/json');
  }
  const input = parseCreateRequest(context.body, Date.now());
  if ('problem' in input) return badRequest(context.requestId, input.problem);

  const { spec } = context.caller;
  const stored: StoredAccessToken = {
    id: randomUUID(),
    type: input.type,
    label: input.label,
    createdAt: new Date().toISOString(),
    ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    url: packageRepositoryUrl,
    createdBy: { id: spec.clientId, type: 'service', accountType: spec.idType, accountId: spec.id },
  };
  context.state.addAccessToken(tenantId, stored);
  // The value exists only in this reply: the store never holds it.
  const token = `SLS-${randomAlphanumeric(48)}`;
  context.state.issuedSecrets.add(token);
  return jsonReply({ ...stored, token }, 201);
}

function revokeAccessToken(context: AuthorizedContext, [tokenId]: string[]): Reply {
  const tenantId = actingTenant(context);
  if (typeof tenantId !== 'string') return tenantId;
  if (!roleAllows(context.caller, 'manageAccessTokens')) return forbidden(context.requestId);
  if (!context.state.removeAccessToken(tenantId, tokenId!)) return notFound(context.requestId, 'Resource not found.');
  return jsonReply({ deleted: true });
}

/** Renames a token or changes its expiry: {label?, expiresAt?}, each checked as on create; 200 with the token. */
function updateAccessToken(context: AuthorizedContext, [tokenId]: string[]): Reply {
  const tenantId = actingTenant(context);
  if (typeof tenantId !== 'string') return tenantId;
  if (!roleAllows(context.caller, 'manageAccessTokens')) return forbidden(context.requestId);
  if (!/^application\/json\b/i.test(headerValue(context.headers, 'content-type') ?? '')) {
    return apiError(context.requestId, 415, 'unsupportedMediaType', 'Content-Type must be application/json');
  }
  const json = parseJsonObject(context.body);
  if (!json) return badRequest(context.requestId, 'The request body must be a JSON object');
  const change: { label?: string; expiresAt?: string } = {};
  if (json.label !== undefined) {
    const problem = labelProblem(json.label);
    if (problem) return badRequest(context.requestId, problem);
    change.label = json.label as string;
  }
  if (json.expiresAt !== undefined) {
    const expiry = expiryOf(json.expiresAt, Date.now());
    if (typeof expiry !== 'string') return badRequest(context.requestId, expiry.problem);
    change.expiresAt = expiry;
  }
  const updated = context.state.updateAccessToken(tenantId, tokenId!, change);
  return updated ? jsonReply(updated) : notFound(context.requestId, 'Resource not found.');
}

interface CreateRequest {
  label: string;
  type: string;
  expiresAt?: string;
}

const labelPattern = /^[A-Za-z0-9 ,.-]{1,50}$/;
const isoDatePattern = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The create body as Sophos validates it; an expiry past the licence is cut back to the licence end. */
function parseCreateRequest(body: string, now: number): CreateRequest | { problem: string } {
  const json = parseJsonObject(body);
  if (!json) return { problem: 'The request body must be a JSON object' };
  const { label, type, expiresAt } = json;
  const problem = labelProblem(label);
  if (problem) return { problem };
  if (type !== slsTokenType) return { problem: `type must be one of: ${slsTokenType}` };
  if (expiresAt === undefined || expiresAt === null) return { label: label as string, type };
  const expiry = expiryOf(expiresAt, now);
  return typeof expiry === 'string' ? { label: label as string, type, expiresAt: expiry } : expiry;
}

function labelProblem(label: unknown): string | undefined {
  return typeof label === 'string' && labelPattern.test(label) && label.trim() !== ''
    ? undefined
    : 'label must be 1 to 50 letters, digits, spaces, commas, hyphens or periods';
}

/** A future ISO-8601 expiry, cut back to the licence end, or the problem with it. */
function expiryOf(expiresAt: unknown, now: number): string | { problem: string } {
  const time = typeof expiresAt === 'string' && isoDatePattern.test(expiresAt) ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(time)) return { problem: 'expiresAt must be an ISO-8601 date-time' };
  if (time <= now) return { problem: 'expiresAt must be in the future' };
  return new Date(Math.min(time, Date.parse(sandboxLicenceEndsAt))).toISOString();
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
