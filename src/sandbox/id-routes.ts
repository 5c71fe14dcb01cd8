/**
 * Sophos ID: the OAuth 2.0 client-credentials exchange. Failures answer in Sophos ID's dialect
 * ({errorCode, message, trackingId}), with the codes the real service is known to use.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { idError, jsonReply, type Reply } from './replies';
import { headerValue, type Route, type RouteContext } from './routing';

export const tokenPath = '/api/v2/oauth2/token';

export const idRoutes: Route[] = [{ method: 'POST', path: /^\/api\/v2\/oauth2\/token$/, handle: issueToken }];

const requiredFields = ['grant_type', 'client_id', 'client_secret', 'scope'] as const;

function issueToken(context: RouteContext): Reply {
  const form = formOf(context.headers, context.body);
  if (!form) return idError(400, 'customer.validation', 'The request body must be application/x-www-form-urlencoded');
  const missing = requiredFields.filter((field) => !form.get(field));
  if (missing.length > 0) return idError(400, 'customer.validation', `Missing required fields: ${missing.join(', ')}`);
  if (form.get('grant_type') !== 'client_credentials')
    return idError(400, 'customer.validation', 'grant_type must be client_credentials');
  if (form.get('scope') !== 'token') return idError(400, 'customer.validation', 'scope must be token');

  const client = context.state.client(form.get('client_id')!);
  // Sophos removes a credential 36 months after creation: an expired one is indistinguishable from none.
  if (!client || client.expired)
    return idError(401, 'oauth.client_app_does_not_exist', 'Client application does not exist');
  // Exact: a pasted secret with a trailing space or newline is wrong; trimming is the client's job.
  if (form.get('client_secret') !== client.spec.clientSecret)
    return idError(401, 'oauth.invalid_client_secret', 'Unauthorized');
  if (client.disabled) return idError(401, 'oauth.client_disabled', 'Client application is disabled');

  const issued = context.state.issueBearer(client);
  return jsonReply({
    access_token: issued.accessToken,
    errorCode: 'success',
    expires_in: issued.expiresIn,
    message: 'OK',
    refresh_token: issued.refreshToken,
    token_type: 'bearer',
    trackingId: randomUUID(),
  });
}

/** The parsed form, or undefined when the body is not form-encoded. */
export function formOf(headers: IncomingHttpHeaders, body: string): URLSearchParams | undefined {
  const contentType = headerValue(headers, 'content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType.trim())) return undefined;
  return new URLSearchParams(body);
}
