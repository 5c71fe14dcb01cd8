/**
 * What every route handler sees, the dispatch from method and path to a handler, and the checks the Central
 * APIs share: the bearer token, the X-Tenant-ID header and the caller's role.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { apiError, badRequest, forbidden, notFound, unauthorized, type Reply } from './replies';
import type { SandboxClient, SandboxState } from './state';
import type { SandboxHost } from './types';

export interface SandboxUrls {
  idUrl: string;
  apiUrl: string;
  regionUrl: string;
}

export interface RouteContext {
  host: SandboxHost;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** Sent as x-request-id and in API error bodies. */
  requestId: string;
  state: SandboxState;
  urls: SandboxUrls;
}

/** A request whose bearer token checked out. */
export interface AuthorizedContext extends RouteContext {
  caller: SandboxClient;
}

export type Handler = (context: RouteContext, params: string[]) => Reply;
export type AuthorizedHandler = (context: AuthorizedContext, params: string[]) => Reply;

export interface Route {
  method: string;
  /** Anchored; capture groups become params. */
  path: RegExp;
  handle: Handler;
}

/** 404 for an unknown path, 405 for a known path with another method. */
export function dispatch(routes: Route[], context: RouteContext): Reply {
  const pathname = context.url.pathname;
  const onPath = routes.filter((route) => route.path.test(pathname));
  if (onPath.length === 0) return notFound(context.requestId, `No such API: ${context.method} ${pathname}`);
  const route = onPath.find((candidate) => candidate.method === context.method);
  if (!route) {
    const reply = apiError(
      context.requestId,
      405,
      'methodNotAllowed',
      `${context.method} is not supported on ${pathname}`,
    );
    return { ...reply, headers: { allow: onPath.map((candidate) => candidate.method).join(', ') } };
  }
  const params = route.path
    .exec(pathname)!
    .slice(1)
    .map((param) => decodeURIComponent(param));
  return route.handle(context, params);
}

export function withBearer(handler: AuthorizedHandler): Handler {
  return (context, params) => {
    const check = context.state.checkBearer(bearerOf(context.headers));
    if (!check.ok) return unauthorized(context.requestId);
    return handler({ ...context, caller: check.client }, params);
  };
}

export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant a tenant-scoped call acts on, from X-Tenant-ID: the credential's own tenant, or one of a
 * partner's or organization's. Anything else is answered here (400 or 403).
 */
export function actingTenant(context: AuthorizedContext): string | Reply {
  const tenantId = headerValue(context.headers, 'x-tenant-id')?.trim();
  if (!tenantId) return badRequest(context.requestId, 'The X-Tenant-ID header is required');
  if (!uuidPattern.test(tenantId)) return badRequest(context.requestId, 'X-Tenant-ID must be a UUID');
  if (!context.state.mayActOn(context.caller, tenantId)) return forbidden(context.requestId);
  return tenantId;
}

/** What a Service Principal role may do. The API never names a role: a 403 is the caller's only hint. */
const rolesAllowed = {
  readAccessTokens: ['Super Admin', 'Management', 'Read-Only'],
  manageAccessTokens: ['Super Admin'],
  readEndpoints: ['Super Admin', 'Management', 'Read-Only'],
  readAlerts: ['Super Admin', 'Management', 'Read-Only'],
} as const;

export type Permission = keyof typeof rolesAllowed;

export function roleAllows(caller: SandboxClient, permission: Permission): boolean {
  return (rolesAllowed[permission] as readonly string[]).includes(caller.spec.role);
}
