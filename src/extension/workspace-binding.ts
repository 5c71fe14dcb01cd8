/**
 * The credential and tenant this workspace works with (settings sophosCentral.workspaceCredential and
 * workspaceTenant: a name and an id, never a secret). Commands, the terminal bridge, the insert commands and the
 * authentication provider start from it. An untrusted workspace's settings choose nothing.
 */
import * as vscode from 'vscode';
import { regionName } from '../core/api';
import type { CredentialRecord } from '../core/credentials';
import { showInformationMessage, showWarningMessage } from './notifications';
import { configSection } from './settings';
import type { Services } from './services';

export interface WorkspaceBinding {
  credential: CredentialRecord;
  /** The bound tenant id, if one is named. */
  tenantId?: string;
}

/** The bound credential, if the workspace is trusted, names one and it exists here. */
export function workspaceBinding(services: Pick<Services, 'credentials'>): WorkspaceBinding | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const config = vscode.workspace.getConfiguration(configSection);
  const name = config.get<string>('workspaceCredential')?.trim();
  if (!name) return undefined;
  const credential = services.credentials.find(name);
  if (!credential) return undefined;
  const tenantId = config.get<string>('workspaceTenant')?.trim();
  return { credential, ...(tenantId ? { tenantId } : {}) };
}

/** The tenant a credential acts on in this window: the bound one for the bound credential, else its own choice. */
export function effectiveTenantId(
  services: Pick<Services, 'credentials'>,
  credential: CredentialRecord,
): string | undefined {
  const binding = workspaceBinding(services);
  if (binding?.credential.id === credential.id && binding.tenantId) return binding.tenantId;
  return credential.whoami?.idType === 'tenant' ? undefined : credential.tenant?.id;
}

/**
 * For the pickers that choose a credential (or a token of one): the bound credential's items first, so the
 * default (the first, highlighted item) is this workspace's.
 */
export function boundFirst<T>(
  services: Pick<Services, 'credentials'>,
  items: readonly T[],
  credentialIdOf: (item: T) => string,
  isBound: (item: T) => boolean = () => true,
): { items: T[]; describe: (item: T, description: string) => string } {
  const boundId = workspaceBinding(services)?.credential.id;
  const first = (item: T) => boundId !== undefined && credentialIdOf(item) === boundId && isBound(item);
  return {
    items: [...items.filter(first), ...items.filter((item) => !first(item))],
    describe: (item, description) =>
      [...(first(item) ? [vscode.l10n.t('this workspace')] : []), description].filter(Boolean).join(' · '),
  };
}

export function affectsWorkspaceBinding(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${configSection}.workspaceCredential`) ||
    event.affectsConfiguration(`${configSection}.workspaceTenant`)
  );
}

/** "Acme → Contoso (eu01)": the bound credential, the tenant it acts on here, and the tenant's region. */
export function bindingLabel(binding: WorkspaceBinding): string {
  const { credential, tenantId } = binding;
  const known = credential.tenant && (!tenantId || credential.tenant.id === tenantId) ? credential.tenant : undefined;
  const tenant = known?.name ?? tenantId?.slice(0, 8) ?? credential.tenant?.id.slice(0, 8);
  const regionUrl = credential.whoami?.idType === 'tenant' ? credential.whoami.dataRegionUrl : undefined;
  const region = known?.dataRegion ?? (regionUrl && regionName(regionUrl));
  return `${credential.name}${tenant ? ` → ${tenant}` : ''}${region ? ` (${region})` : ''}`;
}

/** After Select Tenant: offered, never assumed, in a trusted workspace with a folder open. */
export async function offerWorkspaceBinding(credential: CredentialRecord, tenantId: string): Promise<boolean> {
  if (!vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length) return false;
  const use = vscode.l10n.t('Use for This Workspace');
  const chosen = await showInformationMessage(
    vscode.l10n.t('Use "{0}" on this tenant for this workspace?', credential.name),
    use,
  );
  if (chosen !== use) return false;
  const config = vscode.workspace.getConfiguration(configSection);
  await config.update('workspaceCredential', credential.name, vscode.ConfigurationTarget.Workspace);
  await config.update('workspaceTenant', tenantId, vscode.ConfigurationTarget.Workspace);
  return true;
}

/**
 * Before minting or revoking on a tenant: when this workspace is bound to the credential and another tenant,
 * the user says so first (a partner's wrong client is the mistake this binding prevents).
 */
export async function confirmTenant(services: Services, credential: CredentialRecord, tenantId: string | undefined) {
  const binding = workspaceBinding(services);
  if (!tenantId || binding?.credential.id !== credential.id || !binding.tenantId) return true;
  if (binding.tenantId.toLowerCase() === tenantId.toLowerCase() || services.testMode) return true;
  const go = vscode.l10n.t('Use Tenant {0}', tenantId.slice(0, 8));
  const chosen = await showWarningMessage(
    vscode.l10n.t('This workspace works with tenant {0}, not {1}.', binding.tenantId, tenantId),
    {
      modal: true,
      detail: vscode.l10n.t(
        '"{0}" is bound to another tenant in this workspace (sophosCentral.workspaceTenant).',
        credential.name,
      ),
    },
    go,
  );
  return chosen === go;
}
