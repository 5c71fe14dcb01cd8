/**
 * One `api` call per tenant at a bounded concurrency: one result per tenant as it arrives (JSON lines), or a
 * table on a terminal, then a summary. Any failure makes the exit code non-zero and the summary names it.
 */
import { SophosApiError, type WhoAmI } from '../../core/api';
import type { CommandContext } from '../command';
import { exitCodeFor, ExitCode } from '../exit-codes';
import { plainText, table, toJsonLine } from '../output';
import type { TenantTarget } from '../tenant-choice';
import { callAllPages, callOnce, type ApiRequest } from './request';
import { routeFor } from './route';

interface TenantResult {
  tenant: TenantTarget;
  ok: boolean;
  result?: unknown;
  error?: string;
  exitCode: number;
}

export async function fanOut(
  context: CommandContext,
  me: WhoAmI,
  targets: TenantTarget[],
  request: ApiRequest,
  concurrency: number,
): Promise<number> {
  const { environment, values } = context;
  const asTable = environment.stdoutIsTerminal === true && values.json !== true;
  if (values['dry-run']) {
    environment.stdout(
      asTable
        ? table([
            ['TENANT ID', 'NAME', 'REQUEST'],
            ...targets.map((t) => [t.id, t.name ?? '', describe(me, t, request)]),
          ])
        : targets
            .map((t) => toJsonLine({ tenantId: t.id, tenantName: t.name, request: describe(me, t, request) }))
            .join(''),
    );
    environment.stderr(`${targets.length} tenants; nothing was sent (--dry-run).\n`);
    return ExitCode.ok;
  }
  const client = await context.client();
  const results: TenantResult[] = [];
  const callFor = async (tenant: TenantTarget): Promise<TenantResult> => {
    try {
      const route = routeFor(request.path, me, tenant);
      const result = values.paginate
        ? await callAllPages(client, route, request, environment)
        : await callOnce(client, route, request, environment);
      return { tenant, ok: true, result, exitCode: ExitCode.ok };
    } catch (error) {
      const known = error instanceof SophosApiError;
      return {
        tenant,
        ok: false,
        error: known ? error.messageWithSupportId : (error as Error).message,
        exitCode: known ? exitCodeFor(error) : ExitCode.localFailure,
      };
    }
  };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < targets.length; index = next++) {
      const outcome = await callFor(targets[index]!);
      results.push(outcome);
      if (!asTable) environment.stdout(toJsonLine(lineOf(outcome)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  if (asTable) {
    const inOrder = targets.map((target) => results.find((result) => result.tenant === target)!);
    environment.stdout(
      table([
        ['TENANT ID', 'NAME', 'RESULT'],
        ...inOrder.map((r) => [r.tenant.id, r.tenant.name ?? '', r.ok ? summary(r.result) : `FAILED: ${r.error}`]),
      ]),
    );
  }
  const failed = results.filter((result) => !result.ok);
  environment.stderr(
    `${targets.length} tenants: ${targets.length - failed.length} succeeded, ${failed.length} failed${failed.length > 0 ? `: ${failed.map((f) => `${plainText(f.tenant.name ?? f.tenant.id)} (${f.tenant.id})`).join(', ')}` : ''}.\n`,
  );
  return failed[0]?.exitCode ?? ExitCode.ok;
}

function lineOf(outcome: TenantResult): object {
  const { tenant } = outcome;
  const head = { tenantId: tenant.id, ...(tenant.name !== undefined ? { tenantName: tenant.name } : {}) };
  return outcome.ok ? { ...head, ok: true, result: outcome.result } : { ...head, ok: false, error: outcome.error };
}

function summary(result: unknown): string {
  if (Array.isArray(result)) return `${result.length} items`;
  if (typeof result === 'object' && result !== null && Array.isArray((result as { items?: unknown }).items))
    return `${(result as { items: unknown[] }).items.length} items`;
  return result === undefined ? 'ok (no content)' : 'ok';
}

function describe(me: WhoAmI, tenant: TenantTarget, request: ApiRequest): string {
  return `${request.method} ${routeFor(request.path, me, tenant).url}`;
}
