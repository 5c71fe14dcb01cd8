/**
 * Add Credential: from the palette or the view, a wizard (add-credential-wizard.ts); called with
 * `{ name, clientId, clientSecret, role?, description?, createdOn?, expiresOn?, test? }`, it signs in with them
 * and saves, asking nothing (`test: false` saves untested).
 */
import { invalidInput, normalizeClientId, normalizeClientSecret } from '../../core/api';
import { nameProblem } from '../name-problem';
import type { Services } from '../services';
import { addWithWizard } from './add-credential-wizard';
import type { Args } from './command-args';
import type { Invocation } from './invocation';
import { createdOnProblem, expiresOnProblem, newDraft, result, save, type AddCredentialResult } from './new-credential';

export async function addCredential(
  services: Services,
  invocation: Invocation<Args<'addCredential'>>,
): Promise<AddCredentialResult | undefined> {
  return invocation.from === 'call' ? addFromArguments(services, invocation.args) : addWithWizard(services);
}

/** Headless: `{ name, clientId, clientSecret, role?, description?, createdOn?, expiresOn?, test? }`; `test: false` saves untested. */
async function addFromArguments(services: Services, args: Args<'addCredential'>): Promise<AddCredentialResult> {
  const draft = newDraft({
    name: args.name.trim(),
    description: args.description,
    role: args.role,
    clientId: normalizeClientId(args.clientId),
    clientSecret: normalizeClientSecret(args.clientSecret),
    createdOn: args.createdOn,
    expiresOn: args.expiresOn,
  });
  const problem =
    nameProblem(services, draft.name) ??
    createdOnProblem(draft.createdOn) ??
    (draft.expiresOn ? expiresOnProblem(draft.expiresOn, draft.createdOn) : undefined);
  if (problem) throw invalidInput(problem);
  if (args.test === false) return result(await save(services, draft), false);
  const signedIn = await services.credentials.trySecret(draft.clientId, draft.clientSecret, {
    feature: 'Connection test',
  });
  return result(await save(services, draft, signedIn), true);
}
