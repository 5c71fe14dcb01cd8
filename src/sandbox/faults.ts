/**
 * Injected faults: which request a rule hits, and what the client then gets instead of (or made from) the
 * real handler's reply. Delivery faults (cut, drip, hang, reset) are carried out by the pipeline.
 */
import { htmlPage, statusError, unauthorized, type Reply } from './replies';
import { randomAlphanumeric } from './state';
import type { Fault, FaultMatch, FaultRule, SandboxHost } from './types';

/** What a rule is matched against. */
export interface FaultTarget {
  host: SandboxHost;
  method: string;
  pathname: string;
  clientId?: string;
}

interface ArmedRule {
  rule: FaultRule;
  remaining: number;
}

/** Rules in insertion order; the first that matches hits, and is dropped once its times are used up. */
export class FaultBook {
  private armed: ArmedRule[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new Error(`A fault rule's times must be a positive number or Infinity, not ${times}.`);
    this.armed.push({ rule, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault for this request, if a rule matches; consumes one of that rule's times. */
  take(target: FaultTarget): Fault | undefined {
    const index = this.armed.findIndex((armed) => matches(armed.rule.match ?? {}, target));
    if (index < 0) return undefined;
    const armed = this.armed[index]!;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.rule.fault;
  }
}

function matches(match: FaultMatch, target: FaultTarget): boolean {
  if (match.host !== undefined && match.host !== target.host) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== target.method) return false;
  if (match.clientId !== undefined && match.clientId.toLowerCase() !== target.clientId?.toLowerCase()) return false;
  return match.path === undefined || pathMatches(match.path, target.pathname);
}

function pathMatches(path: string | RegExp, pathname: string): boolean {
  if (typeof path === 'string') return pathname.startsWith(path);
  path.lastIndex = 0; // a /g or /y pattern would otherwise remember where its last test stopped
  return path.test(pathname);
}

/** How the reply reaches the client. */
export type Outcome =
  | { kind: 'whole'; reply: Reply }
  /** The first half of the body, declared as the whole, then the connection closed. */
  | { kind: 'truncated'; reply: Reply }
  | { kind: 'drip'; reply: Reply; intervalMs: number }
  | { kind: 'hang' }
  | { kind: 'reset' };

export interface FaultContext {
  host: SandboxHost;
  requestId: string;
  /** The request carried an X-Tenant-ID header. */
  hasTenantHeader?: boolean;
  /** Where a secret value a fault makes up is recorded (the state's issuedSecrets). */
  issuedSecrets?: Set<string>;
}

/** Runs the route handler; `adjustQuery` changes the query it sees (how a server-side page cap is played). */
export type RealReply = (adjustQuery?: (query: URLSearchParams) => void) => Reply;

/**
 * What the client gets. `real` runs the route handler, with its side effects: faults that replace the reply
 * before the server "did" anything do not call it, afterHandler ones do and then discard its reply.
 */
export function outcomeOf(fault: Fault | undefined, real: RealReply, context: FaultContext): Outcome {
  const whole = (reply: Reply): Outcome => ({ kind: 'whole', reply });
  if (fault === undefined) return whole(real());
  switch (fault.type) {
    case 'latency': // the pipeline waits fault.ms before replying
      return whole(real());
    case 'status':
      if (fault.afterHandler) real();
      return whole(withRetryAfter(statusError(context.host, context.requestId, fault.status), fault.retryAfter));
    case 'html':
      return whole(htmlPage(fault.status ?? 502));
    case 'truncated':
      return { kind: 'truncated', reply: real() };
    case 'wrongTypes':
      return whole(withJson(real(), wrongTypes));
    case 'missingFields':
      return whole(withJson(real(), withoutRequiredFields));
    case 'huge':
      return whole(paddedTo(real(), fault.bytes));
    case 'hang':
    case 'reset':
      return { kind: fault.type };
    case 'drip':
      return { kind: 'drip', reply: real(), intervalMs: fault.intervalMs };
    case 'staleBearer':
      return whole(unauthorized(context.requestId));
    case 'hostileText': {
      const reply = fault.status === undefined ? real() : statusError(context.host, context.requestId, fault.status);
      return whole(withJson(reply, (json) => withHostileText(json, fault.fields ?? defaultHostileFields)));
    }
    case 'longTokenLifetime':
      return whole(
        withJson(real(), (json) =>
          isObject(json) && 'expires_in' in json
            ? { ...json, expires_in: fault.seconds ?? longTokenLifetimeSeconds }
            : json,
        ),
      );
    case 'documentedListItems':
      return whole(withJson(real(), (json) => asDocumentedList(json, context.issuedSecrets)));
    case 'pageCap':
      return whole(
        withJson(
          real((query) => capPageSize(query, fault.size, fault.keepTotals === true)),
          (json) => (fault.keepTotals ? json : withoutTotals(json, fault.withoutPages === true)),
        ),
      );
    case 'tenantHeader401':
      return whole(context.hasTenantHeader ? unauthorized(context.requestId) : real());
  }
}

/** List items as Sophos' own example shows them: no label, made by a user, and a token value. */
function asDocumentedList(json: unknown, issuedSecrets: Set<string> | undefined): unknown {
  if (!isObject(json) || !Array.isArray(json.items)) return json;
  const items = json.items.map((item: unknown) => {
    if (!isObject(item)) return item;
    const { label: _label, ...rest } = item;
    const token = `SLS-${randomAlphanumeric(48)}`;
    issuedSecrets?.add(token);
    return { ...rest, createdBy: { ...(isObject(rest.createdBy) ? rest.createdBy : {}), type: 'user' }, token };
  });
  return { ...json, items };
}

/** The page size the server uses: the one asked for, but never more than its cap; and no totals asked for. */
function capPageSize(query: URLSearchParams, cap: number, keepTotals: boolean): void {
  const asked = Number(query.get('pageSize') ?? cap);
  query.set('pageSize', String(Math.min(Number.isInteger(asked) && asked > 0 ? asked : cap, cap)));
  if (!keepTotals) query.delete('pageTotal');
}

function withoutTotals(json: unknown, withoutPages: boolean): unknown {
  if (!isObject(json) || !isObject(json.pages)) return json;
  const { pages, ...rest } = json;
  if (withoutPages) return rest;
  const { total: _total, items: _items, maxSize: _maxSize, ...kept } = pages as Record<string, unknown>;
  return { ...rest, pages: kept };
}

/**
 * What the hostileText fault appends: a Markdown link that runs a command when clicked in a VS Code message, an
 * OSC 52 clipboard write ended by BEL, a one-byte C1 CSI that erases the screen, and a right-to-left override.
 */
export const hostileText =
  ' [Open the Sophos fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)' +
  ' \u001b]52;c;cHduZWQK\u0007\u009b2J\u202etxt.exe';
const defaultHostileFields = ['name', 'label', 'message'];
/** 30 days: a refresh timer set from it overflows setTimeout's 2^31-1 ms and fires at once. */
export const longTokenLifetimeSeconds = 2_592_000;

function withHostileText(value: unknown, fields: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => withHostileText(item, fields));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      typeof field === 'string' && fields.includes(key) ? `${field}${hostileText}` : withHostileText(field, fields),
    ]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Extra wait a fault asks for before the reply. */
export function faultDelayMs(fault: Fault | undefined): number {
  return fault?.type === 'latency' ? fault.ms : 0;
}

function withRetryAfter(reply: Reply, retryAfter: string | undefined): Reply {
  return retryAfter === undefined ? reply : { ...reply, headers: { ...reply.headers, 'retry-after': retryAfter } };
}

function withJson(reply: Reply, change: (json: unknown) => unknown): Reply {
  return reply.json === undefined ? reply : { ...reply, json: change(reply.json) };
}

/** Every leaf swapped for another type: strings become numbers, numbers become "soon". */
function wrongTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrongTypes);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, wrongTypes(field)]));
  }
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'soon';
  if (typeof value === 'boolean') return 'yes';
  return value;
}

/** The fields a client needs from the replies the sandbox sends (token, whoami, lists, created token). */
const requiredFields = ['access_token', 'expires_in', 'id', 'idType', 'apiHosts', 'items', 'token', 'type', 'label'];

function withoutRequiredFields(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !requiredFields.includes(key)));
}

/** The real JSON with a padding field that brings the body to `bytes` (a 204 becomes a padded 200). */
function paddedTo(reply: Reply, bytes: number): Reply {
  const base = reply.json !== null && typeof reply.json === 'object' && !Array.isArray(reply.json) ? reply.json : {};
  const emptyPadding = JSON.stringify({ ...base, padding: '' });
  const padding = 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(emptyPadding)));
  return { ...reply, status: reply.status === 204 ? 200 : reply.status, json: { ...base, padding } };
}
