import { defaultApiUrl, defaultIdUrl, defaultTokenKey } from './defaults';

export const usage = `Usage: sophos-central [--profile NAME] [--id-url URL] [--api-url URL] [--ca-file FILE]... [--json] <command>

Sign-in (profiles: the Client Secret in the OS keyring, the rest in ~/.config/sophos-central):
  auth login [--profile NAME] [--client-id ID] [--client-secret-stdin] [--role ROLE]
             [--expires-on YYYY-MM-DD] [--default] [--insecure-storage]
                                  sign in, run whoami and save the profile (nothing is saved on failure);
                                  asks for the Client ID and (without echo) the secret on a terminal
  auth status                     every profile signs in afresh; exits non-zero when one fails
  auth list                       the saved profiles (no request)
  auth logout [--profile NAME]    remove a profile and its secrets
  auth default [NAME]             show or set the default profile

Use:
  token [--tenant T] [--format raw|env|json]
                                  a current bearer token (env: SOPHOS_ACCESS_TOKEN, SOPHOS_TENANT_ID,
                                  SOPHOS_API_HOST exports) for curl and other tools
  run [--tenant T] -- CMD [ARGS...]
                                  run CMD with SOPHOS_ACCESS_TOKEN, SOPHOS_TENANT_ID and SOPHOS_API_HOST set
                                  (never the Client Secret); exits with CMD's code
  api [-X METHOD] PATH [-f key=value]... [--input FILE|-] [--paginate]
      [--tenant T | --tenants PATTERN | --all-tenants [--concurrency N]] [--dry-run]
                                  any Sophos Central API call: the host and X-Tenant-ID / X-Partner-ID /
                                  X-Organization-ID from whoami; -f is a query parameter on GET and DELETE,
                                  a JSON body field otherwise; --paginate merges every page into one array;
                                  --tenant takes an id or a name; --tenants matches names or ids with * ? [..];
                                  one JSON line per tenant (a table on a terminal), 4 at a time by default

Credentials and SLS tokens:
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
  sls-token rotate TOKEN-ID --in FILE... [--label L] [--expires-at ISO-8601] [--tenant ID] [--old-token-stdin]
                                  mint a new token with the old one's label and expiry rule, write it over
                                  the old value in every FILE, check each, and only then revoke the old one
                                  (on any failure nothing is revoked and each file's token is named)
  scan [PATHS...] [--staged] [--all] [--format text|json|sarif]
                                  find SLS tokens, Client Secrets and bearer tokens in files; exit 1 when
                                  any is found, 0 when clean (no credential needed, no request made).
                                  --staged: what git will commit (the index); --all: ignore .gitignore.
                                  Silence one on purpose with "sophos-central: allow" on its line or its
                                  "to allow" line in .sophos-central-allow.

Credentials, first match wins: SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET (or --client-id ID
  --client-secret-stdin); then the profile named by --profile or SOPHOS_PROFILE; then the default profile;
  then, in a VS Code terminal, the extension: it lends a bearer token (never the secret) for the workspace's
  credential, or --credential NAME, once you allow that terminal in VS Code.
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

Exit codes: 0 ok; 2 usage or invalid input (no request made); 3 sign-in refused (Client ID or secret,
  or VS Code's terminal bridge: refused, not answering, or a wrong nonce);
  4 permission denied (403), or a request refused even after a fresh sign-in (401: check --tenant);
  5 throttled, server or network failure after retries;
  6 the server refused the request (400, 404, 451: its reason is printed) or replied unexpectedly;
  1 a local failure such as an unwritable file; for scan, secrets were found (0: none).

Examples:
  sophos-central auth login --profile acme --role superAdmin
  sophos-central --profile acme sls-token create --label "SLS Token"
  sophos-central api /endpoint/v1/endpoints --all-tenants --paginate
  sophos-central run -- ./provision.sh
  export SOPHOS_CLIENT_ID=... SOPHOS_CLIENT_SECRET=...
  sophos-central whoami
  sophos-central sls-token create --label "SLS Token" --expires-at 2027-06-30 --write .env
  printf '%s' "$SECRET" | sophos-central --client-id "$ID" --client-secret-stdin sls-token list --json
`;
