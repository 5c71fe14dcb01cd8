/**
 * The global API: whoami, the partner's and organization's tenant lists, and a tenant's access tokens (the
 * SLS package repository tokens). Every route needs a bearer token.
 */
import { randomUUID } from 'node:crypto';
import { sandboxLicenceEndsAt } from './demo-clients';
import { apiError, badRequest, forbidden, jsonReply, noContent, notFound, pageOf, parsePaging, type Reply } from './replies';
import { actingTenant, headerValue, roleAllows, withBearer, type AuthorizedContext, type Route } from './routing';
import { randomAlphanumeric, type StoredAccessToken } from './state';

export const slsTokenType = 'sophosLinuxSensor';
const packageRepositoryUrl = 'https://packages.sophos.com';

export const globalRoutes: Route[] = [
  { method: 'GET', path: /^\/whoami\/v1$/, handle: withBearer(whoami) },
  { method: 'GET', path: /^\/partner\/v1\/tenants$/, handle: withBearer((context) => listTenants(context, 'partner')) },
  { method: 'GET', path: /^\/organization\/v1\/tenants$/, handle: withBearer((context) => listTenants(context, 'organization')) },
  { method: 'GET', path: /^\/accounts\/v1\/access-tokens$/, handle: withBearer(listAccessTokens) },
  { method: 'POST', path: /^\/accounts\/v1\/access-tokens$/, handle: withBearer(createAccessToken) },
  { method: 'DELETE', path: /^\/accounts\/v1\/access-tokens\/([^/]+)$/, handle: withBearer(revokeAccessToken) },
];

/** Tenants get both hosts; a partner's reply has no dataRegion key, an organization's has null. */
function whoami(context: AuthorizedContext): Reply {
  const { id, idType } = context.caller.spec;
  const global = context.urls.apiUrl;
  const apiHosts =
    idType === 'tenant' ? { global, dataRegion: context.urls.regionUrl } : idType === 'organization' ? { global, dataRegion: null } : { global };
  return jsonReply({ id, idType, apiHosts });
}

function listTenants(context: AuthorizedContext, kind: 'partner' | 'organization'): Reply {
  const idHeader = kind === 'partner' ? 'X-Partner-ID' : 'X-Organization-ID';
  const given = headerValue(context.headers, idHeader)?.trim();
  if (!given) return badRequest(context.requestId, `The ${idHeader} header is required`);
  const { idType, id } = context.caller.spec;
  if (idType !== kind || given.toLowerCase() !== id.toLowerCase()) return forbidden(context.requestId);
  const paging = parsePaging(context.url.searchParams);
  if ('problem' in paging) return badRequest(context.requestId, paging.problem);
  const tenants = context.state.tenantsOf(context.caller).map((tenant) => ({ ...tenant, apiHost: context.urls.regionUrl }));
  return jsonReply(pageOf(tenants, paging));
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
  if (!context.state.removeAccessToken(tenantId, tokenId!)) return notFound(context.requestId, `Access token ${tokenId} not found`);
  return noContent();
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
  if (typeof label !== 'string' || !labelPattern.test(label) || label.trim() === '') {
    return { problem: 'label must be 1 to 50 letters, digits, spaces, commas, hyphens or periods' };
  }
  if (type !== slsTokenType) return { problem: `type must be one of: ${slsTokenType}` };
  if (expiresAt === undefined || expiresAt === null) return { label, type };
  const time = typeof expiresAt === 'string' && isoDatePattern.test(expiresAt) ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(time)) return { problem: 'expiresAt must be an ISO-8601 date-time' };
  if (time <= now) return { problem: 'expiresAt must be in the future' };
  const licenceEnd = Date.parse(sandboxLicenceEndsAt);
  return { label, type, expiresAt: new Date(Math.min(time, licenceEnd)).toISOString() };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
