/** What adding an API credential saves, whichever way it was asked for, and the checks of its two dates. */
import * as vscode from 'vscode';
import { regionName } from '../../core/api';
import {
  credentialExpiresOn,
  daysUntil,
  isDay,
  today,
  whoamiFacts,
  type CredentialRecord,
  type NewCredential,
  type ServiceRoleId,
  type SignedIn,
} from '../../core/credentials';
import type { Services } from '../services';

export interface Draft {
  name: string;
  description: string;
  role: ServiceRoleId;
  clientId: string;
  clientSecret: string;
  createdOn: string;
  /** Empty while it is the default (created + 36 months), so a changed creation date moves it along. */
  expiresOn: string;
}

/**
 * A new credential's fields with the defaults every way of adding one starts from: Super Admin (minting SLS
 * tokens needs it), created today, the standard expiry (created + 36 months). Fields given as undefined keep
 * their default.
 */
export function newDraft(fields: Partial<Draft> = {}): Draft {
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return {
    name: '',
    description: '',
    role: 'superAdmin',
    clientId: '',
    clientSecret: '',
    createdOn: today(Date.now()),
    expiresOn: '',
    ...given,
  };
}

export interface AddCredentialResult {
  id: string;
  name: string;
  clientId: string;
  tested: boolean;
  idType?: string;
  tenantId?: string;
  dataRegion?: string;
}

export async function save(services: Services, draft: Draft, signedIn?: SignedIn): Promise<CredentialRecord> {
  const whoami = signedIn?.whoami;
  const fields: NewCredential = {
    name: draft.name,
    ...(draft.description ? { description: draft.description } : {}),
    role: draft.role,
    clientId: draft.clientId,
    createdOn: draft.createdOn,
    expiresOn: draft.expiresOn || credentialExpiresOn(draft.createdOn),
    addedAt: new Date().toISOString(),
    ...(whoami
      ? {
          whoami: whoamiFacts(whoami),
          lastUsedAt: new Date().toISOString(),
          lastTest: { at: new Date().toISOString(), ok: true },
        }
      : {}),
  };
  const credential = await services.credentials.add(fields, draft.clientSecret, signedIn);
  services.logger.info(
    `Added credential "${credential.name}" (Client ID ${credential.clientId})${whoami ? `, ${whoami.idType} ${whoami.id}` : ', untested'}.`,
  );
  return credential;
}

export function result(credential: CredentialRecord, tested: boolean): AddCredentialResult {
  return {
    id: credential.id,
    name: credential.name,
    clientId: credential.clientId,
    tested,
    ...(credential.whoami ? { idType: credential.whoami.idType, tenantId: credential.whoami.id } : {}),
    ...(credential.whoami?.dataRegionUrl ? { dataRegion: regionName(credential.whoami.dataRegionUrl) } : {}),
  };
}

export function createdOnProblem(day: string): string | undefined {
  if (!isDay(day)) return vscode.l10n.t('Enter a date as YYYY-MM-DD, e.g. {0}.', today(Date.now()));
  if (daysUntil(day, Date.now()) > 0) return vscode.l10n.t('That day is in the future.');
  const expiresOn = credentialExpiresOn(day);
  if (daysUntil(expiresOn, Date.now()) < 0) {
    return vscode.l10n.t(
      'A credential created then expired on {0} and Sophos has removed it. Create a new one in Sophos Central.',
      expiresOn,
    );
  }
  return undefined;
}

/** The expiry date as Sophos Central shows it: after the creation day, and not passed (Sophos then removes it). */
export function expiresOnProblem(day: string, createdOn: string): string | undefined {
  if (!isDay(day)) return vscode.l10n.t('Enter a date as YYYY-MM-DD, e.g. {0}.', credentialExpiresOn(createdOn));
  if (day <= createdOn) return vscode.l10n.t('It expires after the day it was created ({0}).', createdOn);
  if (daysUntil(day, Date.now()) < 0)
    return vscode.l10n.t('That day has passed: Sophos has removed the credential. Create a new one in Sophos Central.');
  return undefined;
}

/** A pasted Client Secret: one piece, not empty. */
export function clientSecretProblem(text: string): string | undefined {
  if (text.trim() === '') return vscode.l10n.t('Enter the Client Secret.');
  if (/\s/.test(text.trim()))
    return vscode.l10n.t('The secret contains spaces or line breaks: paste it again as one piece.');
  return undefined;
}
