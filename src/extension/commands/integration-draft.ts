/** An integration credential as a command call describes it, checked before anything is stored. */
import { invalidInput } from '../../core/api';
import {
  daysUntil,
  defaultInactivityPolicy,
  describeNameProblem,
  fieldProblem,
  integrationType,
  integrationTypes,
  isDay,
  policyProblem,
  type InactivityPolicy,
  type IntegrationPermission,
  type IntegrationRecord,
  type IntegrationType,
} from '../../core/credentials';
import type { Services } from '../services';
import type { Args } from './command-args';

/** What the wizard's pages or a call's arguments fill in. */
export interface Draft {
  type?: IntegrationType;
  name: string;
  description: string;
  permissions: IntegrationPermission;
  integrations: string[];
  inactivity: InactivityPolicy;
  expiresOn: string;
  acknowledged: boolean;
  values: Record<string, string>;
  secrets: Record<string, string>;
}

/**
 * The draft an argument call describes. Adding: `type`, `name`, `acknowledge: true` and every field are needed.
 * Editing `existing`: what is not given stays as it is (a secret field not given keeps its stored value).
 */
export function draftFromArguments(
  services: Services,
  args: Partial<Args<'addIntegrationCredential'>>,
  existing?: IntegrationRecord,
): Draft {
  const type = integrationType(existing?.typeId ?? args.type ?? '');
  if (!type) throw invalidInput(`Unknown credential type. Types: ${integrationTypes.map((t) => t.id).join(', ')}.`);
  if (!existing && args.acknowledge !== true)
    throw invalidInput(
      'Confirm that you understand the security implications of this credential: { acknowledge: true }.',
    );
  const name = (args.name ?? existing?.name ?? '').trim();
  const nameRefusal = services.credentials.nameProblem(name, existing?.id);
  if (nameRefusal) throw invalidInput(describeNameProblem(nameRefusal));
  const permissions = args.permissions ?? existing?.permissions ?? 'read';
  const integrations = args.integrations ?? (existing ? [...existing.integrations] : [type.integrations[0]!]);
  const unknown = integrations.filter((feature) => !type.integrations.includes(feature));
  if (unknown.length || integrations.length === 0)
    throw invalidInput(`Integrations with access for ${type.label}: ${type.integrations.join(', ')}.`);
  const values: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const given: Record<string, string> = { ...args.values, ...args.secrets };
  const strays = Object.keys(given).filter((id) => !type.fields.some((field) => field.id === id));
  if (strays.length > 0)
    throw invalidInput(
      `${type.label} has no field ${strays.join(', ')}. Fields: ${type.fields.map((field) => field.id).join(', ')}.`,
    );
  for (const field of type.fields) {
    if (existing && given[field.id] === undefined) {
      if (!field.secret) values[field.id] = existing.values[field.id] ?? '';
      continue;
    }
    const value = given[field.id]?.trim() ?? '';
    const problem = fieldProblem(field, value);
    if (problem) throw invalidInput(problem);
    (field.secret ? secrets : values)[field.id] = value;
  }
  const expiresArg = args.expiresOn;
  const expiresOn = expiresArg ?? existing?.expiresOn ?? '';
  if (expiresArg && (!type.expires || !isDay(expiresArg) || daysUntil(expiresArg, Date.now()) < 0))
    throw invalidInput(
      `Expiration date: ${type.expires ? 'a future day as YYYY-MM-DD' : `${type.label} credentials have none`}.`,
    );
  const inactivity = args.inactivity ?? existing?.inactivity ?? defaultInactivityPolicy;
  const problem = policyProblem(inactivity);
  if (problem) throw invalidInput(problem);
  const description = args.description ?? existing?.description ?? '';
  return {
    type,
    name,
    description,
    permissions,
    integrations,
    inactivity,
    expiresOn,
    acknowledged: true,
    values,
    secrets,
  };
}
