/** Test, delete, copy the Client ID, choose a partner's tenant. */
import * as vscode from 'vscode';
import { offerWorkspaceBinding } from '../workspace-binding';
import { invalidInput, normalizeTenantId, regionName, type Tenant } from '../../core/api';
import { labelText } from '../display';
import type { Services } from '../services';
import { withProgress } from '../ui';
import { consentToChange } from '../call-consent';
import { testIntegration } from './integration-commands';
import { chosenCredential, chosenEntry, pickCredential } from './choose-credential';
import type { Args } from './command-args';
import type { Invocation } from './invocation';
import { showInformationMessage, showWarningMessage } from '../notifications';

/** Either kind from our UI or a call; the palette offers API credentials, the ones a test signs in with. */
export async function testCredential(services: Services, invocation: Invocation<Args<'testCredential'>>) {
  const placeHolder = vscode.l10n.t('Credential to test');
  const entry =
    invocation.from === 'palette'
      ? await pickCredential(services, placeHolder)
      : await chosenEntry(services, invocation, placeHolder);
  if (!entry) return undefined;
  const headless = invocation.from === 'call';
  const integration = services.credentials.integration(entry.id);
  if (integration) return testIntegration(services, integration, headless);
  const credential = services.credentials.require(entry.id);
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

/** One way to remove a credential of either kind: the user confirms (a command call asks too), then it is gone. */
export async function deleteCredential(services: Services, invocation: Invocation<Args<'deleteCredential'>>) {
  const entry = await chosenEntry(services, invocation, vscode.l10n.t('Credential to delete'));
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
  if (invocation.from === 'call') {
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

export async function copyClientId(services: Services, invocation: Invocation<Args<'copyClientId'>>) {
  const credential = await chosenCredential(services, invocation, vscode.l10n.t('Credential whose Client ID to copy'));
  if (!credential) return undefined;
  await vscode.env.clipboard.writeText(credential.clientId);
  if (invocation.from !== 'call')
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the Client ID of "{0}".', credential.name), 3000);
  return { id: credential.id, clientId: credential.clientId };
}

/** Partners and organizations: choose the tenant that token commands act on, from a searchable list of every page. */
export async function selectTenant(services: Services, invocation: Invocation<Args<'selectTenant'>>) {
  const credential = await chosenCredential(services, invocation, vscode.l10n.t('Partner or organization credential'));
  if (!credential) return undefined;
  const args = invocation.from === 'call' ? invocation.args : undefined;
  if (credential.whoami?.idType === 'tenant')
    throw invalidInput(`"${credential.name}" is a tenant credential: it always acts on its own tenant.`);
  const tenants = args
    ? await services.credentials.tenants(credential.id)
    : await withProgress(vscode.l10n.t('Listing the tenants of "{0}"…', credential.name), (signal) =>
        services.credentials.tenants(credential.id, { signal }),
      );
  let chosen: Tenant | undefined;
  if (args) {
    const wanted = normalizeTenantId(args.tenantId);
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
  if (invocation.from !== 'call') void offerWorkspaceBinding(credential, chosen.id);
  return { id: credential.id, tenantId: chosen.id, tenantName: chosen.name };
}
