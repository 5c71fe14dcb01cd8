/** Test, edit, delete, copy the Client ID, choose a partner's tenant. */
import * as vscode from 'vscode';
import {
  SophosApiError,
  invalidInput,
  normalizeClientSecret,
  normalizeTenantId,
  regionName,
  type Tenant,
} from '../../core/api';
import { isServiceRoleId, roleLabel, serviceRoles, type CredentialRecord } from '../../core/credentials';
import { askText } from '../multi-step-input';
import { labelText } from '../display';
import type { Services } from '../services';
import { withProgress } from '../ui';
import { consentToChange } from '../call-consent';
import { nameProblem } from '../name-problem';
import { editIntegrationCredential, integrationTarget, testIntegration } from './integration-commands';
import { argsOf, resolveCredential, resolveEntry, stringArg } from './targets';
import { showInformationMessage, showWarningMessage } from '../notifications';

export async function testCredential(services: Services, target: unknown) {
  const integration = integrationTarget(services, target);
  if (integration) return testIntegration(services, integration, argsOf(target) !== undefined);
  const credential = await resolveCredential(services, target, vscode.l10n.t('Credential to test'));
  if (!credential) return undefined;
  const headless = argsOf(target) !== undefined;
  const run = (signal?: AbortSignal) => services.credentials.test(credential.id, { signal });
  const { whoami } = headless ? await run() : await withProgress(vscode.l10n.t('Testing "{0}"…', credential.name), run);
  const region = whoami.apiHosts.dataRegion ? regionName(whoami.apiHosts.dataRegion) : undefined;
  services.logger.info(
    `Tested "${credential.name}": ${whoami.idType} ${whoami.id}${region ? `, region ${region}` : ''}.`,
  );
  if (!headless) {
    void showInformationMessage(
      whoami.idType === 'tenant'
        ? vscode.l10n.t('"{0}" works: tenant {1}, data region {2}.', credential.name, whoami.id, region ?? '—')
        : vscode.l10n.t('"{0}" works: {1} {2}.', credential.name, whoami.idType, whoami.id),
    );
  }
  return {
    id: credential.id,
    ok: true,
    idType: whoami.idType,
    tenantId: whoami.id,
    ...(region ? { dataRegion: region } : {}),
  };
}

type EditField = 'name' | 'description' | 'role' | 'secret';

/** Edits one field; menus pass the node, error buttons pass the field ('secret', 'role') as a second argument. */
export async function editCredential(services: Services, target: unknown, fieldHint?: unknown) {
  const entry = await resolveEntry(services, target, vscode.l10n.t('Credential to edit'));
  if (!entry) return undefined;
  const integration = services.credentials.integration(entry.id);
  if (integration) return editIntegrationCredential(services, integration, target);
  const credential = services.credentials.require(entry.id);
  const args = argsOf(target);
  if (args) return editFromArguments(services, credential, args);

  let field = typeof fieldHint === 'string' ? (fieldHint as EditField) : undefined;
  if (!field) {
    const items: { label: string; description: string; field: EditField }[] = [
      { label: vscode.l10n.t('Name'), description: credential.name, field: 'name' },
      { label: vscode.l10n.t('Description'), description: credential.description ?? '', field: 'description' },
      { label: vscode.l10n.t('Role'), description: roleLabel(credential.role), field: 'role' },
      {
        label: vscode.l10n.t('Client Secret'),
        description: vscode.l10n.t('rotate: enter a new secret'),
        field: 'secret',
      },
    ];
    field = (
      await vscode.window.showQuickPick(items, {
        placeHolder: vscode.l10n.t('What to change in "{0}"', credential.name),
      })
    )?.field;
  }
  const title = vscode.l10n.t('Edit "{0}"', credential.name);
  switch (field) {
    case 'name': {
      const name = await askText({
        title,
        step: 1,
        totalSteps: 1,
        value: credential.name,
        prompt: vscode.l10n.t('New name'),
        validate: (text) => nameProblem(services, text.trim(), credential.id),
      });
      if (typeof name !== 'string') return undefined;
      return summary(await services.credentials.update(credential.id, { name }));
    }
    case 'description': {
      const description = await askText({
        title,
        step: 1,
        totalSteps: 1,
        value: credential.description ?? '',
        prompt: vscode.l10n.t('New description (empty to remove)'),
      });
      if (typeof description !== 'string') return undefined;
      return summary(
        await services.credentials.update(credential.id, { description: description.trim() || undefined }),
      );
    }
    case 'role': {
      const picked = await vscode.window.showQuickPick(
        serviceRoles.map((role) => ({
          label: role.label,
          detail: role.detail,
          role: role.id,
          picked: role.id === credential.role,
        })),
        { placeHolder: vscode.l10n.t('The role this credential has in Sophos Central'), matchOnDetail: true },
      );
      if (!picked) return undefined;
      return summary(await services.credentials.update(credential.id, { role: picked.role }));
    }
    case 'secret': {
      const secret = await askText({
        title,
        step: 1,
        totalSteps: 1,
        password: true,
        prompt: vscode.l10n.t('The new Client Secret. The old one is replaced only once this one is stored.'),
        validate: (text) =>
          text.trim() === ''
            ? vscode.l10n.t('Enter the Client Secret.')
            : /\s/.test(text.trim())
              ? vscode.l10n.t('The secret contains spaces or line breaks: paste it again as one piece.')
              : undefined,
      });
      if (typeof secret !== 'string') return undefined;
      // The stored secret may be the only working copy (Sophos shows a secret once): the new one signs in first.
      const newSecret = normalizeClientSecret(secret);
      try {
        await withProgress(vscode.l10n.t('Checking the new Client Secret of "{0}"…', credential.name), (signal) =>
          services.credentials.rotateSecret(credential.id, newSecret, { context: { signal } }),
        );
      } catch (error) {
        if (error instanceof SophosApiError && error.kind === 'cancelled') return undefined;
        const keep = vscode.l10n.t('Keep the Old Secret');
        const replace = vscode.l10n.t('Replace Anyway');
        const message = error instanceof Error ? error.message : String(error);
        const chosen = await showWarningMessage(
          vscode.l10n.t('The new secret did not sign in: {0}', message),
          { modal: true, detail: vscode.l10n.t('The stored secret is kept unless you replace it anyway.') },
          keep,
          replace,
        );
        if (chosen !== replace) return summary(credential);
        await services.credentials.rotateSecret(credential.id, newSecret, { unchecked: true });
      }
      services.logger.info(`Rotated the Client Secret of "${credential.name}".`);
      void showInformationMessage(vscode.l10n.t('The Client Secret of "{0}" was replaced.', credential.name));
      return summary(services.credentials.require(credential.id));
    }
    default:
      return undefined;
  }
}

async function editFromArguments(services: Services, credential: CredentialRecord, args: Record<string, unknown>) {
  const name = stringArg(args, 'name');
  const description = stringArg(args, 'description');
  const role = stringArg(args, 'role');
  const secret = stringArg(args, 'clientSecret');
  if (role !== undefined && !isServiceRoleId(role)) throw invalidInput(`Unknown role "${role}".`);
  if (name !== undefined) {
    const problem = nameProblem(services, name.trim(), credential.id);
    if (problem) throw invalidInput(problem);
  }
  if (secret !== undefined) {
    // Headless too: a secret that does not sign in never replaces the stored one, unless `test: false` says so.
    const unchecked = args.test === false;
    const detail = unchecked
      ? vscode.l10n.t(
          'The new secret is NOT checked: if it is wrong, the working one is lost (Sophos shows a secret only once).',
        )
      : vscode.l10n.t('The new secret signs in first: if Sophos refuses it, the stored one is kept.');
    if (
      !(await consentToChange(
        services,
        vscode.l10n.t('replace the Client Secret of "{0}"', credential.name),
        detail,
        vscode.l10n.t('Replace'),
      ))
    )
      return { ...summary(credential), replaced: false };
    await services.credentials.rotateSecret(credential.id, normalizeClientSecret(secret), { unchecked });
    services.logger.info(`Rotated the Client Secret of "${credential.name}".`);
  }
  const updated = await services.credentials.update(credential.id, {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description: description.trim() || undefined } : {}),
    ...(role !== undefined && isServiceRoleId(role) ? { role } : {}),
  });
  return summary(updated);
}

/** One way to remove a credential of either kind: the user confirms (a command call asks too), then it is gone. */
export async function deleteCredential(services: Services, target: unknown) {
  const entry = await resolveEntry(services, target, vscode.l10n.t('Credential to delete'));
  if (!entry) return undefined;
  const integration = services.credentials.integration(entry.id) !== undefined;
  const tokens = integration ? 0 : services.credentials.tokens.stored(entry.id).length;
  const remove = vscode.l10n.t('Delete');
  const detail = integration
    ? vscode.l10n.t(
        'Its secret values are removed from SecretStorage. Integrations that use it elsewhere are not affected.',
      )
    : vscode.l10n.t('Its Client Secret is removed from SecretStorage') +
      (tokens ? vscode.l10n.t(', with the values of {0} token(s) minted with it', tokens) : '') +
      vscode.l10n.t(
        '. Sophos shows a Client Secret only once: this may be its only copy. The credential itself stays in Sophos Central.',
      );
  const what = integration
    ? vscode.l10n.t('delete the integration credential "{0}"', entry.name)
    : vscode.l10n.t('delete the credential "{0}"', entry.name);
  if (argsOf(target)) {
    if (!(await consentToChange(services, what, detail, remove))) return { id: entry.id, deleted: false };
  } else {
    const question = integration
      ? vscode.l10n.t('Delete the integration credential "{0}"?', entry.name)
      : vscode.l10n.t('Delete the credential "{0}"?', entry.name);
    if ((await showWarningMessage(question, { modal: true, detail }, remove)) !== remove) return undefined;
  }
  await services.credentials.remove(entry.id);
  services.logger.info(`Deleted ${integration ? 'integration credential' : 'credential'} "${entry.name}".`);
  return { id: entry.id, deleted: true };
}

export async function copyClientId(services: Services, target: unknown) {
  const credential = await resolveCredential(services, target, vscode.l10n.t('Credential whose Client ID to copy'));
  if (!credential) return undefined;
  await vscode.env.clipboard.writeText(credential.clientId);
  if (!argsOf(target))
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the Client ID of "{0}".', credential.name), 3000);
  return { id: credential.id, clientId: credential.clientId };
}

/** Partners and organizations: choose the tenant that token commands act on, from a searchable list of every page. */
export async function selectTenant(services: Services, target: unknown) {
  const credential = await resolveCredential(services, target, vscode.l10n.t('Partner or organization credential'));
  if (!credential) return undefined;
  const args = argsOf(target);
  if (credential.whoami?.idType === 'tenant')
    throw invalidInput(`"${credential.name}" is a tenant credential: it always acts on its own tenant.`);
  const tenants = args
    ? await services.credentials.tenants(credential.id)
    : await withProgress(vscode.l10n.t('Listing the tenants of "{0}"…', credential.name), (signal) =>
        services.credentials.tenants(credential.id, { signal }),
      );
  let chosen: Tenant | undefined;
  if (args) {
    const wanted = normalizeTenantId(stringArg(args, 'tenantId', true));
    chosen = tenants.find((tenant) => tenant.id.toLowerCase() === wanted);
    if (!chosen) throw invalidInput(`"${credential.name}" has no tenant ${wanted}.`);
  } else {
    const picked = await vscode.window.showQuickPick(
      tenants.map((tenant) => ({
        label: labelText(tenant.name ?? tenant.id),
        description: labelText([tenant.dataRegion, tenant.dataGeography].filter(Boolean).join(' · '), 80),
        detail: tenant.id,
        picked: tenant.id === credential.tenant?.id,
        tenant,
      })),
      {
        placeHolder: vscode.l10n.t(
          'Tenant to act on ({0} in all): type to search by name, region or id',
          tenants.length,
        ),
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    chosen = picked?.tenant;
  }
  if (!chosen) return undefined;
  await services.credentials.chooseTenant(credential.id, chosen);
  services.logger.info(`"${credential.name}" now acts on tenant ${chosen.id}.`);
  return { id: credential.id, tenantId: chosen.id, tenantName: chosen.name };
}

function summary(credential: CredentialRecord) {
  return {
    id: credential.id,
    name: credential.name,
    description: credential.description,
    role: credential.role,
    clientId: credential.clientId,
  };
}
