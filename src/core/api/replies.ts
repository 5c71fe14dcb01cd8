/**
 * What a reply means: a 2xx body checked against its zod schema, or a SophosApiError that says what happened
 * (Sophos' error body, HTML from a proxy, a cut-off body, 429's Retry-After) and what to do next.
 */
import type { ApiCall } from './api-call';
import { SophosApiError, type Operation, type RequestScope } from './errors';
import { describeFailure } from './failure-messages';
import { parseRetryAfter } from './retry';
import { errorBodySchema, notUuidMessage, type ErrorBody } from './schemas';
import { originOf, type HttpResponse } from './transport';

export function parseReply<T>(call: ApiCall<T>, response: HttpResponse): T {
  const host = originOf(call.url);
  if (response.status < 200 || response.status >= 300)
    throw errorFromResponse(call.operation, response, host, call.scope);
  if (!call.schema) return undefined as T;
  if (call.bodyOptional && (response.status === 204 || response.body.trim() === '')) return undefined as T;
  const json = parseJson(response.body);
  if (json === undefined) {
    throw new SophosApiError(
      'badReply',
      `${host} sent a reply that is not JSON${looksLikeHtml(response.body) ? ' (an HTML page: a proxy or captive portal may be in the way)' : ' (it may have been cut off)'}. Try again; if it persists, check the configured URL and proxy.`,
      {
        host,
        status: response.status,
        requestId: response.headers['x-request-id'],
      },
    );
  }
  const parsed = call.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3);
    // Ids are checked as UUIDs on arrival (schemas.ts): say so plainly rather than as a shape problem.
    const notUuid = issues.filter((issue) => issue.message === notUuidMessage).map((issue) => issue.path.join('.'));
    const fields = issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    const message =
      notUuid.length > 0
        ? `${host} sent an unexpected reply: ${notUuid.join(', ')} is not a UUID, and every Sophos Central id is one. The URL may not point at Sophos Central, or something in between changed the reply; the reply was not used. Try again or report it with the request id.`
        : `${host} sent a reply of an unexpected shape (fields: ${fields}). The API may have changed or the URL may not point at Sophos Central; try again or report it with the request id.`;
    throw new SophosApiError('badReply', message, {
      host,
      status: response.status,
      requestId: response.headers['x-request-id'],
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Turns a non-2xx reply into the one error type, with every id Sophos gave us. */
function errorFromResponse(
  operation: Operation,
  response: HttpResponse,
  host: string,
  scope?: RequestScope,
): SophosApiError {
  const body = parseErrorBody(response.body);
  const status = response.status;
  const kind: SophosApiError['kind'] =
    status === 401
      ? 'auth'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'notFound'
          : status === 429
            ? 'throttled'
            : status >= 500
              ? 'server'
              : status >= 400
                ? 'rejected'
                : 'badReply';
  const retryAfterSeconds = kind === 'throttled' ? parseRetryAfter(response.headers['retry-after']) : undefined;
  const sophosCode = body?.errorCode ?? body?.code ?? body?.error;
  const message = describeFailure({
    operation,
    kind,
    status,
    host,
    sophosCode,
    serverMessage: body?.message,
    retryAfterSeconds,
    html: body === undefined && looksLikeHtml(response.body),
    scope,
  });
  return new SophosApiError(kind, message, {
    status,
    host,
    sophosCode,
    trackingId: body?.trackingId,
    requestId: body?.requestId ?? response.headers['x-request-id'],
    correlationId: body?.correlationId,
    retryAfterSeconds,
    scope,
  });
}

/**
 * The error body: one object, or (some Sophos APIs) an array of them, read as one: the first entry's code and
 * ids, every distinct message in order.
 */
function parseErrorBody(text: string): ErrorBody | undefined {
  const json = parseJson(text);
  const entries = (Array.isArray(json) ? json : [json])
    .map((entry) => errorBodySchema.safeParse(entry))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data);
  const first = entries[0];
  if (!first) return undefined;
  const messages = [
    ...new Set(entries.map((entry) => entry.message?.trim()).filter((message): message is string => !!message)),
  ];
  const message =
    messages.length > 1 ? messages.map((text) => (/[.!?…]$/.test(text) ? text : `${text}.`)).join(' ') : messages[0];
  return { ...first, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|head|body)/i.test(text);
}
