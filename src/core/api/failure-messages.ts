/**
 * Every message a failed request turns into, in one place: what happened, then what to do. The server's own
 * message is quoted once, cut short, where it explains a refusal (400, 403, 404, 451); a 401 or 403 names the
 * account header the request carried, since Sophos answers those for a wrong tenant as well as a wrong role.
 */
import type { Operation, RequestScope, SophosErrorKind } from './errors';

export interface FailureFacts {
  operation: Operation;
  kind: SophosErrorKind;
  status: number;
  host: string;
  sophosCode?: string;
  serverMessage?: string;
  retryAfterSeconds?: number;
  html: boolean;
  /** The account header the request carried, for a 401 or 403 that is about the request rather than the credential. */
  scope?: RequestScope;
}

const superAdminRole = 'Service Principal Super Admin';

const operationText: Record<Operation, string> = {
  token: 'Signing in to Sophos ID',
  whoami: 'Looking up the tenant (whoami)',
  tenants: 'Listing tenants',
  createAccessToken: 'Creating the access token',
  listAccessTokens: 'Listing access tokens',
  revokeAccessToken: 'Revoking the access token',
  updateAccessToken: 'Updating the access token',
  probe: 'Checking the role',
  apiCall: 'The API request',
};

/** What Sophos ID's error codes mean for the user. Unknown codes still get a clear message below. */
const signInFailures: Record<string, string> = {
  'oauth.invalid_client_secret':
    'Sophos ID refused the Client Secret. Check that you pasted the whole secret; if it is lost, create a new credential in Sophos Central (a secret is shown only once).',
  'oauth.invalid_client_id':
    'Sophos ID does not recognise this Client ID. Check it for typos against API Credentials Management in Sophos Central.',
  'oauth.client_app_does_not_exist':
    'Sophos ID has no credential with this Client ID. Check it for typos; credentials expire 36 months after creation and are then removed from Sophos Central, so you may need to create a new one.',
  'oauth.client_disabled':
    'This credential is disabled in Sophos Central. Enable it there, or create a new credential.',
  'customer.validation':
    'Sophos ID rejected the sign-in request as malformed. Check that the Client ID is a UUID and the secret has no stray characters.',
};

const requiredRole: Partial<Record<Operation, string>> = {
  createAccessToken: `a ${superAdminRole} credential created in a Sophos Central Admin (tenant) dashboard, not a partner or enterprise one`,
  revokeAccessToken: `a ${superAdminRole} credential`,
  updateAccessToken: `a ${superAdminRole} credential`,
  listAccessTokens: `a ${superAdminRole} or Read-Only credential`,
  tenants: 'a partner or organization credential',
  probe: 'a role that allows this API',
};

/** What the SLS guide asks of the credential that creates a token, for a warning before a partner or organization tries. */
export function slsCredentialWarning(idType: 'partner' | 'organization'): string {
  return `This is ${idType === 'partner' ? 'a partner' : 'an organization'} credential, but the SLS guide asks for a ${superAdminRole} credential made in the tenant's own Sophos Central Admin dashboard: Sophos Central may refuse this one (HTTP 403).`;
}

const slsLicence =
  'The tenant also needs a licence that includes Sophos Linux Sensor (Intercept X Advanced for Server with XDR, or MDR Essentials or Complete Server; not an evaluation).';

export function describeFailure(facts: FailureFacts): string {
  const doing = operationText[facts.operation];
  const said = serverSaid(facts);
  switch (facts.kind) {
    case 'auth':
      if (facts.operation === 'token') {
        return (
          (facts.sophosCode && signInFailures[facts.sophosCode]) ??
          `Sophos ID refused the credential${facts.sophosCode ? ` (${facts.sophosCode})` : ''}. Check the Client ID and Client Secret in Sophos Central's API Credentials Management.`
        );
      }
      return refusedAfterSignIn(doing, facts);
    case 'forbidden':
      return `${doing} was denied (HTTP 403).${said} The credential signed in, but its role or the account's licence does not allow this. It needs ${requiredRole[facts.operation] ?? 'a role that allows this API'}.${facts.operation === 'createAccessToken' ? ` ${slsLicence}` : ''}${customerTenantCauses(facts.scope)}`;
    case 'notFound':
      return facts.operation === 'revokeAccessToken' || facts.operation === 'updateAccessToken'
        ? `${doing} was refused (HTTP 404).${said} Sophos Central has no such access token: it may have been revoked already. Refresh the list.`
        : `${doing} was refused by ${facts.host} (HTTP 404).${said} Check the id it names and the configured API URL.`;
    case 'throttled':
      return `${doing} was throttled by Sophos Central (HTTP 429). ${facts.retryAfterSeconds !== undefined ? `Try again in ${facts.retryAfterSeconds} s.` : 'Wait a minute and try again.'}`;
    case 'server':
      return `${doing} failed: ${facts.host} had a server error (HTTP ${facts.status})${facts.html ? ' and sent an HTML page' : ''}. Sophos Central may be having trouble; try again in a few minutes.`;
    case 'rejected':
      if (facts.operation === 'token' && facts.sophosCode && signInFailures[facts.sophosCode])
        return signInFailures[facts.sophosCode]!;
      if (facts.status === 451) {
        return `${doing} was refused by ${facts.host} (HTTP 451, unavailable for legal reasons).${said} Sophos withholds this for legal reasons such as export restrictions; ask Sophos support, quoting the request id.`;
      }
      return `${doing} was refused by ${facts.host} (HTTP ${facts.status}).${said} ${facts.serverMessage?.trim() ? 'Correct what it names and try again.' : 'It gave no reason; try again, or report it with the request id.'}`;
    default:
      return `${doing} failed: ${facts.host} answered HTTP ${facts.status}${facts.html ? ' with an HTML page (a proxy or captive portal may be in the way)' : ''}. Check the configured URL and try again.`;
  }
}

/**
 * A 401 that survives a fresh sign-in: Sophos answers it for a wrong or missing account header, so it is about the
 * request, not the credential (which just signed in). Never advise replacing the credential here.
 */
function refusedAfterSignIn(doing: string, facts: FailureFacts): string {
  const scope = facts.scope;
  if (!scope) {
    return `${doing} was refused (HTTP 401) although the credential had just signed in again at Sophos ID. Check that the Sophos ID URL and the API URL belong to the same Sophos Central, then test the credential again.`;
  }
  const what = scope.header === 'X-Tenant-ID' ? 'tenant' : scope.header === 'X-Partner-ID' ? 'partner' : 'organization';
  const choose =
    what === 'tenant' && scope.caller !== 'tenant'
      ? ' Choose the tenant again from the tenant list (Select Tenant; --tenant in the CLI).'
      : '';
  return `${doing} was refused (HTTP 401) although the credential had just signed in again: Sophos Central answers 401 when the ${scope.header} header is wrong. This request named ${what} ${scope.id}; that id may be wrong, or not one this credential may act on.${choose} The credential itself signed in and works.`;
}

/** A partner or organization acting on a customer tenant can be refused for the tenant's sake, not the role's. */
function customerTenantCauses(scope: RequestScope | undefined): string {
  if (!scope || scope.header !== 'X-Tenant-ID' || scope.caller === 'tenant') return '';
  return ` For ${scope.caller === 'partner' ? 'a partner' : 'an organization'} credential acting on tenant ${scope.id}, a 403 can also mean that the tenant is not managed by this ${scope.caller} (an unmanaged tenant), that Partner Assistance is turned off for it, or that it is a trial account.`;
}

/**
 * The server's own words, once, as a sentence: its message, else (for a refusal, where the reason matters) its bare
 * error code, since terse bodies carry no message.
 */
function serverSaid(facts: FailureFacts): string {
  if (facts.operation === 'token') return '';
  if (facts.serverMessage?.trim()) return ` The server said: ${sentence(clip(facts.serverMessage))}`;
  if (facts.kind === 'rejected' && facts.sophosCode?.trim())
    return ` The server answered with the error code "${clip(facts.sophosCode)}" and no message.`;
  return '';
}

/** Ends the text with a full stop unless it already ends a sentence: "Resource not found." gets no second one. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function clip(text: string): string {
  const singleLine = text.replace(/\s+/g, ' ').trim();
  return singleLine.length > 160 ? `${singleLine.slice(0, 157)}...` : singleLine;
}
