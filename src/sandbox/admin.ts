/**
 * The admin API on the Sophos ID listener, for manual fault tries and tests in another process:
 *   POST   /__sandbox/faults    a FaultRule as JSON (see faultRuleFromJson for the differences)
 *   DELETE /__sandbox/faults
 *   GET    /__sandbox/requests  the request log
 *   POST   /__sandbox/reset
 * Admin calls are not logged, delayed or faulted.
 */
import { z } from 'zod';
import { badRequest, jsonReply, noContent, notFound, type Reply } from './replies';
import type { FaultRule, SandboxRequest } from './types';

export const adminPrefix = '/__sandbox/';

export interface AdminControls {
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  reset(): void;
  readonly requests: SandboxRequest[];
}

export interface AdminRequest {
  method: string;
  pathname: string;
  body: string;
  requestId: string;
}

export function adminReply(request: AdminRequest, controls: AdminControls): Reply {
  const route = `${request.method} ${request.pathname}`;
  switch (route) {
    case 'POST /__sandbox/faults':
      return addFault(request, controls);
    case 'DELETE /__sandbox/faults':
      controls.clearFaults();
      return noContent();
    case 'GET /__sandbox/requests':
      return jsonReply(controls.requests);
    case 'POST /__sandbox/reset':
      controls.reset();
      return noContent();
    default:
      return notFound(request.requestId, `No such admin call: ${route}`);
  }
}

function addFault(request: AdminRequest, controls: AdminControls): Reply {
  let rule: FaultRule;
  try {
    rule = faultRuleFromJson(JSON.parse(request.body));
  } catch (error) {
    return badRequest(request.requestId, `Not a fault rule: ${error instanceof Error ? error.message : String(error)}`);
  }
  controls.injectFault(rule);
  return jsonReply({ added: true }, 201);
}

const positive = z.number().positive();
const faultSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('latency'), ms: positive }),
  z.strictObject({
    type: z.literal('status'),
    status: z.number().int().min(100).max(599),
    retryAfter: z.string().optional(),
    afterHandler: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('html'), status: z.number().int().min(100).max(599).optional() }),
  z.strictObject({ type: z.literal('truncated') }),
  z.strictObject({ type: z.literal('wrongTypes') }),
  z.strictObject({ type: z.literal('missingFields') }),
  z.strictObject({ type: z.literal('huge'), bytes: z.number().int().positive() }),
  z.strictObject({ type: z.literal('hang') }),
  z.strictObject({ type: z.literal('reset') }),
  z.strictObject({ type: z.literal('drip'), intervalMs: positive }),
  z.strictObject({ type: z.literal('staleBearer') }),
  z.strictObject({
    type: z.literal('hostileText'),
    status: z.number().int().min(100).max(599).optional(),
    fields: z.array(z.string()).optional(),
  }),
  z.strictObject({ type: z.literal('longTokenLifetime'), seconds: positive.optional() }),
  z.strictObject({ type: z.literal('documentedListItems') }),
  z.strictObject({
    type: z.literal('pageCap'),
    size: z.number().int().positive(),
    withoutPages: z.boolean().optional(),
    keepTotals: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('tenantHeader401') }),
]);

const wireRuleSchema = z.strictObject({
  match: z
    .strictObject({
      host: z.enum(['id', 'global', 'region']).optional(),
      method: z.string().optional(),
      /** A prefix of the pathname. */
      path: z.string().optional(),
      /** A regular expression's source, tested against the pathname (JSON has no RegExp). */
      pathPattern: z.string().optional(),
      clientId: z.string().optional(),
    })
    .optional(),
  /** JSON has no Infinity: "Infinity" stands for it. */
  times: z.union([z.number().int().positive(), z.literal('Infinity')]).optional(),
  fault: faultSchema,
});

/** A FaultRule from its JSON form: match.pathPattern holds a regex source, times may be "Infinity". */
export function faultRuleFromJson(json: unknown): FaultRule {
  const parsed = wireRuleSchema.safeParse(json);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\s+/g, ' '));
  const { match, times, fault } = parsed.data;
  const { pathPattern, path, ...rest } = match ?? {};
  if (pathPattern !== undefined && path !== undefined)
    throw new Error('Give match.path or match.pathPattern, not both.');
  const rule: FaultRule = { fault };
  if (match)
    rule.match = {
      ...rest,
      ...(pathPattern !== undefined ? { path: new RegExp(pathPattern) } : path !== undefined ? { path } : {}),
    };
  if (times !== undefined) rule.times = times === 'Infinity' ? Infinity : times;
  return rule;
}
