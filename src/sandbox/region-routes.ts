/**
 * The data-region API, as far as a health check and the CLI's `api` use it: a tenant's endpoints (paged by key)
 * and its alerts (always empty), two cheap list calls that prove the role can read.
 * One listener stands in for every region; each tenant's apiHost points at it.
 */
import { endpointPage } from './endpoints';
import { apiError, badRequest, forbidden, jsonReply, type Reply } from './replies';
import { actingTenant, roleAllows, withBearer, type AuthorizedContext, type Permission, type Route } from './routing';

export const regionRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/endpoint\/v1\/endpoints$/,
    handle: withBearer(listEndpoints),
  },
  {
    method: 'GET',
    path: /^\/common\/v1\/alerts$/,
    handle: withBearer((context) => emptyList(context, 'readAlerts', 1000)),
  },
  // whoami has been seen to fail on regional hosts; answering the same way keeps clients honest.
  {
    method: 'GET',
    path: /^\/whoami\/v1$/,
    handle: (context) => apiError(context.requestId, 504, 'gatewayTimeout', 'whoami is served by the global API host'),
  },
];

/** These APIs page by key; an empty tenant has a single page and so no nextKey. */
function emptyList(context: AuthorizedContext, permission: Permission, maxSize: number): Reply {
  const tenantId = actingTenant(context);
  if (typeof tenantId !== 'string') return tenantId;
  if (!roleAllows(context.caller, permission)) return forbidden(context.requestId);
  const requested = context.url.searchParams.get('pageSize');
  const size = requested === null ? 50 : Number(requested);
  if (!Number.isInteger(size) || size < 1 || size > maxSize)
    return badRequest(context.requestId, `pageSize must be an integer from 1 to ${maxSize}`);
  return jsonReply({ items: [], pages: { size, maxSize } });
}

function listEndpoints(context: AuthorizedContext): Reply {
  const tenantId = actingTenant(context);
  if (typeof tenantId !== 'string') return tenantId;
  if (!roleAllows(context.caller, 'readEndpoints')) return forbidden(context.requestId);
  const page = endpointPage(tenantId, context.url.searchParams);
  return 'problem' in page ? badRequest(context.requestId, page.problem) : jsonReply(page.reply);
}
