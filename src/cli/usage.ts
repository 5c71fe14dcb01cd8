import { defaultApiUrl, defaultIdUrl, defaultTokenKey } from './defaults';

export const usage = `Usage: sophos-central [--id-url URL] [--api-url URL] [--ca-file FILE]... [--json] <command>

Commands:
  whoami                          id, id type and data region of the credential
  tenants                         a partner's or organization's tenants, every page
  sls-token create --label L [--expires-at ISO-8601] [--tenant ID]
                   [--format raw|env|yaml|json] [--write FILE [--key NAME]]
                                  mint a Sophos Linux Sensor repository token and print it
                                  (--json: the whole reply; --write: put it into FILE under NAME,
                                  default ${defaultTokenKey}, keeping the rest of the file)
  sls-token list [--tenant ID]    the tenant's access tokens (no values)
  sls-token update TOKEN-ID [--label L] [--expires-at ISO-8601] [--tenant ID]
                                  rename a token or change its expiry (--json: the token as updated)
  sls-token revoke TOKEN-ID [--tenant ID]

Credentials: SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET, or --client-id ID --client-secret-stdin.
  A secret is never accepted as an argument (it would show in process lists and shell history).
URLs: --id-url / SOPHOS_ID_URL (default ${defaultIdUrl}),
      --api-url / SOPHOS_API_URL (default ${defaultApiUrl}).
      Plain http:// only to this machine (localhost, 127.0.0.1, ::1): elsewhere it would carry secrets in clear text (exit 2).

Behind a proxy or TLS inspection:
  HTTPS_PROXY / https_proxy     proxy for https URLs, e.g. http://proxy.corp:3128 or
                                http://user:password@proxy.corp:3128 (falls back to HTTP_PROXY)
  HTTP_PROXY / http_proxy       proxy for http URLs
  NO_PROXY / no_proxy           hosts that go direct: comma-separated, e.g. .corp.example,10.1.2.3:8443
  --ca-file FILE                trust the CA certificate(s) in this PEM file as well as the usual roots
                                (repeatable; a bundle of several certificates is fine)
  NODE_EXTRA_CA_CERTS=FILE      the same, from the environment
  Certificate checks are never switched off; a refused certificate exits 5 and names the reason.

Exit codes: 0 ok; 2 usage or invalid input (no request made); 3 sign-in refused (Client ID or secret);
  4 permission denied (403), or a request refused even after a fresh sign-in (401: check --tenant);
  5 throttled, server or network failure after retries;
  6 the server refused the request (400, 404, 451: its reason is printed) or replied unexpectedly;
  1 a local failure such as an unwritable file.

Examples:
  export SOPHOS_CLIENT_ID=... SOPHOS_CLIENT_SECRET=...
  sophos-central whoami
  sophos-central sls-token create --label "SLS Token" --expires-at 2027-06-30 --write .env
  printf '%s' "$SECRET" | sophos-central --client-id "$ID" --client-secret-stdin sls-token list --json
`;
