/**
 * The sandbox's public shapes. server.ts re-exports them; tests, the benchmark and the CLI demo import from
 * there.
 */

/** The three listeners, one per real Sophos host, so clients open one connection per host as they would. */
export type SandboxHost = 'id' | 'global' | 'region';

export type IdType = 'tenant' | 'partner' | 'organization';

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 for each: an ephemeral port. */
  ports?: { id?: number; global?: number; region?: number };
  /** Added before every reply. */
  latencyMs?: number;
  /**
   * Serve HTTPS with a certificate for 127.0.0.1 / ::1 / localhost issued by a CA made at start (see
   * Sandbox.caPem / caFile). `{ leaf }` starts with a broken certificate instead: 'expired' or 'wrongHost'.
   */
  tls?: boolean | { leaf?: SandboxLeafKind };
}

/** Which certificate an HTTPS sandbox presents: a good one, an expired one, or one for another host name. */
export type SandboxLeafKind = 'valid' | 'expired' | 'wrongHost';

/** A tenant as a partner's or organization's tenant list shows it (apiHost is always the region listener). */
export interface SandboxTenant {
  id: string;
  name: string;
  dataGeography: string;
  dataRegion: string;
  billingType: string;
}

/** A Service Principal credential the sandbox knows. */
export interface SandboxCredential {
  /** A human name for messages and listings, e.g. "Acme tenant, Super Admin". */
  name: string;
  clientId: string;
  clientSecret: string;
  /** "Super Admin", "Read-Only", ...: decides which calls get 403. */
  role: string;
  idType: IdType;
  /** What whoami returns as id: the tenant, partner or organization id. */
  id: string;
  /** Partners and organizations: the tenants they may act on. */
  tenants?: SandboxTenant[];
  /** Tenant credentials: the tenant's name. */
  tenantName?: string;
}

/** What addClient takes: a credential plus the knobs tests turn. */
export interface ClientSpec extends SandboxCredential {
  /** expires_in of the bearer tokens issued to it; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Its 36 months have passed: Sophos ID no longer knows it. */
  expired?: boolean;
  /** Disabled in Sophos Central. */
  disabled?: boolean;
}

export interface DemoClient extends SandboxCredential {
  /** What the credential is for, in one line, for the standalone sandbox's banner. */
  purpose: string;
}

export interface DemoClients {
  tenantSuperAdmin: DemoClient;
  tenantReadOnly: DemoClient;
  partner: DemoClient;
  organization: DemoClient;
  expired: DemoClient;
  disabled: DemoClient;
}

export interface SandboxRequest {
  /** ISO-8601 arrival time. */
  time: string;
  host: SandboxHost;
  method: string;
  /** Pathname and query, with secret-bearing query values removed. */
  path: string;
  /** Names of the request headers, lower-case (never their values). */
  headers: string[];
  /** The status sent; 0 when no reply was sent (reset, hang) or none yet. */
  status: number;
  /** From the token form on Sophos ID, from the bearer elsewhere. */
  clientId?: string;
}

export interface FaultMatch {
  host?: SandboxHost;
  method?: string;
  /** A string is a prefix of the pathname; a RegExp is tested against the pathname. */
  path?: string | RegExp;
  clientId?: string;
}

export type Fault =
  | { type: 'latency'; ms: number }
  /** afterHandler: run the real handler (e.g. create the token), then reply with this status anyway. */
  | { type: 'status'; status: number; retryAfter?: string; afterHandler?: boolean }
  /** An HTML error page (text/html), like a proxy's 502 page. Default status 502. */
  | { type: 'html'; status?: number }
  /** The real reply's body cut in half, then the connection closed. */
  | { type: 'truncated' }
  /** The real reply with its fields of the wrong type. */
  | { type: 'wrongTypes' }
  /** The real reply without its required fields. */
  | { type: 'missingFields' }
  /** A valid-looking JSON reply padded to this many bytes. */
  | { type: 'huge'; bytes: number }
  /** Never answers; the socket stays open until close(). */
  | { type: 'hang' }
  /** Destroys the socket without a reply. */
  | { type: 'reset' }
  /** The real reply, one byte every intervalMs. */
  | { type: 'drip'; intervalMs: number }
  /** 401 as for an expired bearer token. */
  | { type: 'staleBearer' }
  /**
   * Text a hostile server would send (a Markdown `command:` link, OSC 52, a C1 CSI, a right-to-left override:
   * hostileText in faults.ts) appended to every string field named in `fields` (default name, label, message:
   * tenant names, token labels, error messages) of the real reply, or of the error reply for `status`.
   */
  | { type: 'hostileText'; status?: number; fields?: string[] }
  /** The real token reply with this expires_in (default 2,592,000 s: 30 days, past setTimeout's limit). */
  | { type: 'longTokenLifetime'; seconds?: number }
  /**
   * Sophos' documented list example: items without a label, createdBy.type "user", and even a `token` field
   * holding a value (recorded in issuedSecrets, so leak scans look for it).
   */
  | { type: 'documentedListItems' }
  /**
   * The server caps pages at `size` items whatever pageSize asked for, and sends no totals (pages.total and
   * pages.items left out; withoutPages: no pages object at all). keepTotals: totals still sent when pageTotal=true
   * is asked for, as Sophos' tenant lists do at their own maximum page size.
   */
  | { type: 'pageCap'; size: number; withoutPages?: boolean; keepTotals?: boolean }
  /**
   * 401 with Sophos' terse body to every request that carries an X-Tenant-ID header, as Sophos answers a wrong
   * tenant header: a fresh sign-in does not help (use times: Infinity).
   */
  | { type: 'tenantHeader401' };

export type FaultType = Fault['type'];

export interface FaultRule {
  match?: FaultMatch;
  /** How many matching requests it hits; default 1; Infinity until cleared. */
  times?: number;
  fault: Fault;
}

export interface Sandbox {
  /** Sophos ID stand-in. */
  idUrl: string;
  /** Global API stand-in (whoami, tenants, access tokens). */
  apiUrl: string;
  /** Data-region API stand-in: whoami's apiHosts.dataRegion for tenants, every tenant's apiHost. */
  regionUrl: string;
  clients: DemoClients;
  /** Every request but admin calls, in arrival order. */
  requests: SandboxRequest[];
  /** TCP connections accepted per listener, so tests and the benchmark can count keep-alive reuse. */
  connections: { id: number; global: number; region: number };
  /** HTTPS only: TLS handshakes completed per listener. */
  tlsConnections: { id: number; global: number; region: number };
  /** HTTPS only: the PEM of the CA that issued the sandbox's certificates. */
  caPem?: string;
  /** HTTPS only: a temporary file holding caPem (for --ca-file, NODE_EXTRA_CA_CERTS, settings); removed by close(). */
  caFile?: string;
  /** HTTPS only: the certificate presented to new connections from now on (existing ones keep theirs). */
  useCertificate(kind: SandboxLeafKind): void;
  setLatency(ms: number): void;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Clears the log, faults, bearer and access tokens; puts every client back to its defined state. */
  reset(): void;
  /** Adds or replaces a credential; it survives reset(). */
  addClient(client: ClientSpec): void;
  setClientState(clientId: string, state: Partial<{ expired: boolean; disabled: boolean }>): void;
  /** Makes the bearer tokens issued so far (to one client, or to all) stale: their next use gets 401. */
  revokeBearerTokens(clientId?: string): void;
  /** Every bearer token, refresh token and access token value issued since start (not cleared by reset). */
  issuedSecrets(): string[];
  /** Closes the listeners, destroys open sockets (kept-alive, hung, dripping) and clears every timer. */
  close(): Promise<void>;
}
