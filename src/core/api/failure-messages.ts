/**
 * Every message a failed request turns into, in one place: what happened, then what to do. The server's own
 * message is quoted only for validation failures, where it says which field is wrong, and is cut short.
 */
import type { Operation, SophosErrorKind } from './errors';

export interface FailureFacts {
  operation: Operation;
  kind: SophosErrorKind;
  status: number;
  host: string;
  sophosCode?: string;
  serverMessage?: string;
  retryAfterSeconds?: number;
  html: boolean;
}

export const superAdminRole = 'Service Principal Super Admin';

const operationText: Record<Operation, string> = {
  token: 'Signing in to Sophos ID',
  whoami: 'Looking up the tenant (whoami)',
  tenants: 'Listing tenants',
  createAccessToken: 'Creating the access token',
  listAccessTokens: 'Listing access tokens',
  revokeAccessToken: 'Revoking the access token',
  probe: 'Checking the role',
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
  listAccessTokens: `a ${superAdminRole} or Read-Only credential`,
  tenants: 'a partner or organization credential',
  probe: 'a role that allows this API',
};

export function describeFailure(facts: FailureFacts): string {
  const doing = operationText[facts.operation];
  switch (facts.kind) {
    case 'auth':
      if (facts.operation === 'token') {
        return (
          (facts.sophosCode && signInFailures[facts.sophosCode]) ??
          `Sophos ID refused the credential${facts.sophosCode ? ` (${facts.sophosCode})` : ''}. Check the Client ID and Client Secret in Sophos Central's API Credentials Management.`
        );
      }
      return `${doing} failed: Sophos Central refused the access token (HTTP 401), even after signing in again. Test the credential; if this persists, create a new one.`;
    case 'forbidden':
      return `${doing} was denied (HTTP 403): the credential signed in, but its role or the account's licence does not allow this. It needs ${requiredRole[facts.operation] ?? 'a role that allows this API'}.`;
    case 'notFound':
      return facts.operation === 'revokeAccessToken'
        ? 'Sophos Central has no such access token: it may have been revoked already. Refresh the list.'
        : `${doing} failed: ${facts.host} answered 404 Not Found. Check the configured API URL.`;
    case 'throttled':
      return `${doing} was throttled by Sophos Central (HTTP 429). ${facts.retryAfterSeconds !== undefined ? `Try again in ${facts.retryAfterSeconds} s.` : 'Wait a minute and try again.'}`;
    case 'server':
      return `${doing} failed: ${facts.host} had a server error (HTTP ${facts.status})${facts.html ? ' and sent an HTML page' : ''}. Sophos Central may be having trouble; try again in a few minutes.`;
    case 'invalidInput':
      if (facts.operation === 'token' && facts.sophosCode && signInFailures[facts.sophosCode]) return signInFailures[facts.sophosCode]!;
      return `${doing} was rejected as invalid (HTTP ${facts.status})${facts.serverMessage ? `: ${clip(facts.serverMessage)}` : ''}. Correct the input and try again.`;
    default:
      return `${doing} failed: ${facts.host} answered HTTP ${facts.status}${facts.html ? ' with an HTML page (a proxy or captive portal may be in the way)' : ''}. Check the configured URL and try again.`;
  }
}

function clip(text: string): string {
  const singleLine = text.replace(/\s+/g, ' ').trim();
  return singleLine.length > 160 ? `${singleLine.slice(0, 157)}...` : singleLine;
}
