/**
 * One request's way through the sandbox: read the body, log it, pick a fault, run the route, wait out the
 * latency, deliver. Admin calls on the Sophos ID listener skip the log, the faults and the latency.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { adminPrefix, adminReply, type AdminControls } from './admin';
import { faultDelayMs, outcomeOf, type Outcome, type RealReply } from './faults';
import type { FaultBook } from './faults';
import { globalRoutes } from './global-routes';
import { formOf, idRoutes, tokenPath } from './id-routes';
import { regionRoutes } from './region-routes';
import { apiError, type Reply } from './replies';
import { bearerOf, dispatch, type Route, type RouteContext, type SandboxUrls } from './routing';
import type { SandboxState } from './state';
import type { TimerSet } from './timers';
import type { SandboxHost, SandboxRequest } from './types';

export interface PipelineParts {
  state: SandboxState;
  faults: FaultBook;
  timers: TimerSet;
  urls: SandboxUrls;
  /** The shared request log; entries are filled in as the reply goes out. */
  requests: SandboxRequest[];
  latencyMs(): number;
  admin: AdminControls;
}

const routesByHost: Record<SandboxHost, Route[]> = { id: idRoutes, global: globalRoutes, region: regionRoutes };

/** Sophos request bodies are a few hundred bytes; anything this big is a client bug. */
const maxBodyBytes = 1024 * 1024;

export function requestListener(
  host: SandboxHost,
  parts: PipelineParts,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(host, req, res, parts).catch(() => failInternally(res));
  };
}

async function handle(
  host: SandboxHost,
  req: IncomingMessage,
  res: ServerResponse,
  parts: PipelineParts,
): Promise<void> {
  const arrivedAt = new Date().toISOString();
  const requestId = randomUUID();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const { body, tooLarge } = await readBody(req);

  if (host === 'id' && url.pathname.startsWith(adminPrefix)) {
    const reply = adminReply({ method, pathname: url.pathname, body, requestId }, parts.admin);
    return deliver({ kind: 'whole', reply }, req, res, requestId, parts.timers);
  }

  const clientId = clientIdOf(host, url, req.headers, body, parts.state);
  const entry: SandboxRequest = {
    time: arrivedAt,
    host,
    method,
    path: loggablePath(url),
    headers: Object.keys(req.headers),
    status: 0,
    ...(clientId ? { clientId } : {}),
  };
  parts.requests.push(entry);

  const fault = parts.faults.take({ host, method, pathname: url.pathname, clientId });
  const context: RouteContext = {
    host,
    method,
    url,
    headers: req.headers,
    body,
    requestId,
    state: parts.state,
    urls: parts.urls,
  };
  const real: RealReply = (adjustQuery) => {
    if (tooLarge) return apiError(requestId, 413, 'payloadTooLarge', 'The request body is too large');
    if (!adjustQuery) return dispatch(routesByHost[host], context);
    const adjusted = new URL(url);
    adjustQuery(adjusted.searchParams);
    return dispatch(routesByHost[host], { ...context, url: adjusted });
  };
  // The handler runs before the wait, as on a real server far away: a client that gives up during the wait
  // may still have created something.
  const outcome = outcomeOf(fault, real, {
    host,
    requestId,
    hasTenantHeader: req.headers['x-tenant-id'] !== undefined,
    issuedSecrets: parts.state.issuedSecrets,
  });
  await parts.timers.sleep(parts.latencyMs() + faultDelayMs(fault));
  await deliver(outcome, req, res, requestId, parts.timers, (status) => (entry.status = status));
}

async function readBody(req: IncomingMessage): Promise<{ body: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxBodyBytes) chunks.push(chunk as Buffer);
  }
  return { body: Buffer.concat(chunks).toString('utf8'), tooLarge: size > maxBodyBytes };
}

/** Whose request this is, for the log and fault matching: the token form's client_id, else the bearer's owner. */
function clientIdOf(
  host: SandboxHost,
  url: URL,
  headers: IncomingHttpHeaders,
  body: string,
  state: SandboxState,
): string | undefined {
  if (host === 'id')
    return url.pathname === tokenPath ? formOf(headers, body)?.get('client_id') || undefined : undefined;
  return state.bearerOwner(bearerOf(headers));
}

const secretQueryNames = new Set([
  'client_secret',
  'secret',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'password',
  'api_key',
  'apikey',
]);

/** The path and query as sent, with the values of secret-bearing query parameters removed. */
function loggablePath(url: URL): string {
  if (!url.search) return url.pathname;
  const parts = url.search
    .slice(1)
    .split('&')
    .map((part) => {
      const name = part.split('=')[0] ?? '';
      return secretQueryNames.has(safeDecode(name).toLowerCase()) ? `${name}=[removed]` : part;
    });
  return `${url.pathname}?${parts.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function render(reply: Reply, requestId: string): Rendered {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...reply.headers };
  let text = '';
  if (reply.html !== undefined) {
    headers['content-type'] = 'text/html; charset=utf-8';
    text = reply.html;
  } else if (reply.json !== undefined) {
    headers['content-type'] = 'application/json';
    text = JSON.stringify(reply.json);
  }
  const body = Buffer.from(text, 'utf8');
  if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = String(body.length);
  return { status: reply.status, headers, body };
}

async function deliver(
  outcome: Outcome,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  timers: TimerSet,
  sent: (status: number) => void = () => undefined,
): Promise<void> {
  if (isGone(res)) return; // the client gave up while we waited
  switch (outcome.kind) {
    case 'hang': // held open until the client gives up or close() destroys the socket
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'whole': {
      const rendered = render(outcome.reply, requestId);
      sent(rendered.status);
      res.writeHead(rendered.status, rendered.headers).end(rendered.body);
      return;
    }
    case 'truncated': {
      // Declared as complete, so the client reads half a JSON document rather than a broken connection.
      const rendered = render(outcome.reply, requestId);
      const half = rendered.body.subarray(0, Math.floor(rendered.body.length / 2));
      sent(rendered.status);
      res
        .writeHead(rendered.status, { ...rendered.headers, 'content-length': String(half.length), connection: 'close' })
        .end(half);
      return;
    }
    case 'drip': {
      const rendered = render(outcome.reply, requestId);
      sent(rendered.status);
      res.writeHead(rendered.status, rendered.headers);
      for (const byte of rendered.body) {
        await timers.sleep(outcome.intervalMs);
        if (isGone(res)) return;
        res.write(Buffer.of(byte));
      }
      res.end();
      return;
    }
  }
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.socket === null || res.socket.destroyed;
}

/** A bug in the sandbox itself: answer 500 if still possible, else drop the connection. */
function failInternally(res: ServerResponse): void {
  if (isGone(res)) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .writeHead(500, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: 'internalServerError', message: 'The sandbox failed' }));
}
