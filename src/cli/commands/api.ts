/**
 * `api [-X METHOD] PATH [-f key=value]... [--input FILE] [--paginate] [--tenant T | --tenants PATTERN |
 * --all-tenants [--concurrency N]] [--dry-run]`: any Sophos Central API call with the right host, account header
 * and sign-in, once or for many tenants.
 */
import { readFile } from 'node:fs/promises';
import { invalidInput, type HttpMethod, type WhoAmI } from '../../core/api';
import { callAllPages, callOnce, type ApiRequest } from '../api/request';
import { actsOnTenant, routeFor } from '../api/route';
import { stringOption, type CommandContext, type CommandModule } from '../command';
import { toJson } from '../output';
import { resolveTenant, targetOf, tenantsMatching } from '../tenant-choice';
import { fanOut } from '../api/fan-out';

const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export const apiCommand: CommandModule = {
  options: {
    method: { type: 'string', short: 'X' },
    field: { type: 'string', short: 'f', multiple: true },
    input: { type: 'string' },
    paginate: { type: 'boolean' },
    tenant: { type: 'string' },
    tenants: { type: 'string' },
    'all-tenants': { type: 'boolean' },
    concurrency: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  plan(_name, { args, values }) {
    const [path, ...extra] = args;
    if (!path) throw invalidInput('Name the API path: sophos-central api /endpoint/v1/endpoints');
    if (extra.length > 0) throw invalidInput(`"api" takes one path, not also "${extra[0]}".`);
    if (!path.startsWith('/') || /^\/\//.test(path))
      throw invalidInput(
        `"${path}" is not an API path: give it from its first "/", e.g. /common/v1/alerts (the host comes from whoami).`,
      );
    const input = stringOption(values, 'input');
    const method = (stringOption(values, 'method')?.toUpperCase() ??
      (input !== undefined ? 'POST' : 'GET')) as HttpMethod;
    if (!methods.includes(method)) throw invalidInput(`-X must be one of ${methods.join(', ')}.`);
    const fields = ((values.field as string[] | undefined) ?? []).map((field) => {
      const at = field.indexOf('=');
      if (at < 1) throw invalidInput(`-f takes key=value, not "${field}".`);
      return [field.slice(0, at), field.slice(at + 1)] as [string, string];
    });
    const tenantChoices = ['tenant', 'tenants', 'all-tenants'].filter((option) => values[option] !== undefined);
    if (tenantChoices.length > 1) throw invalidInput(`Give one of --${tenantChoices.join(', --')}.`);
    const many = values.tenants !== undefined || values['all-tenants'] === true;
    const concurrency = Number(stringOption(values, 'concurrency') ?? 4);
    if (values.concurrency !== undefined && !many)
      throw invalidInput('--concurrency goes with --tenants or --all-tenants.');
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
      throw invalidInput('--concurrency takes a whole number from 1 to 32.');
    if (values.paginate && method !== 'GET') throw invalidInput('--paginate is for GET requests.');
    const queryFields = method === 'GET' || method === 'DELETE' || input !== undefined;
    let body: unknown = queryFields || fields.length === 0 ? undefined : Object.fromEntries(fields);
    const request = (): ApiRequest => ({ method, path, query: queryFields ? fields : [], body });
    return {
      // A file is read before any request; standard input when the command runs.
      check:
        input === undefined || input === '-'
          ? undefined
          : async () => {
              body = await readInput(input);
            },
      run: async (context) => {
        if (input === '-') body = await readJsonText(await context.environment.readStdin(), 'standard input');
        const client = await context.client();
        const me = await client.whoami();
        if (many) return runForMany(context, me, request(), concurrency);
        const given = stringOption(values, 'tenant');
        if (given !== undefined && !actsOnTenant(path))
          throw invalidInput(`${path} is not a tenant's API: --tenant does not apply to it.`);
        const { tenant } = actsOnTenant(path) ? await resolveTenant(client, given) : { tenant: undefined };
        const route = routeFor(path, me, tenant);
        if (values['dry-run']) {
          context.environment.stdout(
            `${method} ${route.url}${route.scope ? ` (${route.scope.header}: ${route.scope.id})` : ''}\n`,
          );
          return undefined;
        }
        const reply = values.paginate
          ? await callAllPages(client, route, request(), context.environment)
          : await callOnce(client, route, request(), context.environment);
        if (reply !== undefined) context.environment.stdout(toJson(reply));
        return undefined;
      },
    };
  },
};

async function readInput(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw invalidInput(`Cannot read --input ${file}: ${(error as Error).message}`);
  }
  return readJsonText(text, file);
}

function readJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput(`--input ${where} is not JSON: the request body must be a JSON document.`);
  }
}

async function runForMany(context: CommandContext, me: WhoAmI, request: ApiRequest, concurrency: number) {
  const { values } = context;
  if (me.idType === 'tenant')
    throw invalidInput(
      '--tenants and --all-tenants are for partner and organization credentials; this one is a tenant.',
    );
  if (!actsOnTenant(request.path))
    throw invalidInput(`${request.path} is not a tenant's API: it cannot run once per tenant.`);
  const pattern = stringOption(values, 'tenants');
  const client = await context.client();
  const targets = (await tenantsMatching(client, pattern)).map(targetOf);
  if (targets.length === 0)
    throw invalidInput(
      pattern === undefined ? 'This credential has no tenants.' : `No tenant's name or id matches "${pattern}".`,
    );
  return fanOut(context, me, targets, request, concurrency);
}
