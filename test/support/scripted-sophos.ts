/**
 * Sophos Central as a script: sign-in and whoami answer as documented, every other request goes to the test's
 * own function. For replaying documented replies and error bodies byte for byte, which the sandbox (kept no
 * friendlier than the service, but one implementation of it) cannot cover one by one.
 */
import {
  SophosCentralClient,
  SophosHttp,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
} from '../../src/core/api';
import { instantRetries } from './api';

export const scriptedUrls = { idUrl: 'https://id.sophos.example', apiUrl: 'https://api.central.sophos.example' };
export const scriptedClientId = '0a7f9c17-3d55-4ab4-810e-254a16986ae7';
export const scriptedSecret = 'scripted-client-secret-value-0123456789';
export const scriptedTenantId = '4F1C2B0E-5D6A-4B7C-8D9E-0A1B2C3D4E5F';
export const scriptedPartnerId = 'b5dac421-5529-4097-baf5-69fcc6f8367d';

export interface ScriptedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  json?: unknown;
}

export interface ScriptedReply {
  status: number;
  /** Sent as JSON; a string is sent as it is; undefined: no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Script = (request: ScriptedRequest) => ScriptedReply | undefined;

export interface ScriptedOptions {
  idType?: 'tenant' | 'partner' | 'organization';
  /** Replaces the documented whoami reply. */
  whoami?: unknown;
}

export class ScriptedSophos implements HttpTransport {
  /** "METHOD /path?query" of every request, in order. */
  readonly seen: string[] = [];
  readonly requests: ScriptedRequest[] = [];
  connectionsOpened = 0;

  constructor(
    private readonly script: Script,
    private readonly options: ScriptedOptions = {},
  ) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    this.seen.push(`${request.method} ${url.pathname}${url.search}`);
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const json = request.body && headers['content-type'] === 'application/json' ? JSON.parse(request.body) : undefined;
    const scripted: ScriptedRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      json,
    };
    this.requests.push(scripted);
    if (url.pathname === '/api/v2/oauth2/token')
      return reply({
        status: 200,
        body: {
          access_token: 'scripted-bearer',
          expires_in: 3600,
          errorCode: 'success',
          trackingId: '8d2e1c55-0000-4000-8000-000000000001',
        },
      });
    const answer = this.script(scripted);
    if (answer) return reply(answer);
    if (url.pathname === '/whoami/v1')
      return reply({ status: 200, body: this.options.whoami ?? documentedWhoami(this.options.idType ?? 'tenant') });
    return reply({
      status: 404,
      body: {
        error: 'notFound',
        message: 'Resource not found.',
        correlationId: 'c-404',
        requestId: 'r-404',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    });
  }

  async close(): Promise<void> {}
}

function documentedWhoami(idType: 'tenant' | 'partner' | 'organization'): unknown {
  if (idType === 'tenant')
    return {
      id: scriptedTenantId,
      idType,
      apiHosts: { global: scriptedUrls.apiUrl, dataRegion: 'https://api-eu01.central.sophos.example' },
    };
  return { id: scriptedPartnerId, idType, apiHosts: { global: scriptedUrls.apiUrl, dataRegion: null } };
}

function reply({ status, body, headers }: ScriptedReply): HttpResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: text,
  };
}

/** A core client on a scripted Sophos, its retries waiting no real time. */
export function scriptedClient(
  script: Script,
  options: ScriptedOptions & { pageSize?: number } = {},
): { client: SophosCentralClient; sophos: ScriptedSophos } {
  const sophos = new ScriptedSophos(script, options);
  const http = new SophosHttp(sophos, { retryEnvironment: instantRetries() });
  const client = new SophosCentralClient({
    http,
    ...scriptedUrls,
    clientId: scriptedClientId,
    clientSecret: scriptedSecret,
    pageSize: options.pageSize,
  });
  return { client, sophos };
}

/** The CLI's environment variables for a scripted Sophos. */
export function scriptedEnvironment(): NodeJS.ProcessEnv {
  return {
    SOPHOS_ID_URL: scriptedUrls.idUrl,
    SOPHOS_API_URL: scriptedUrls.apiUrl,
    SOPHOS_CLIENT_ID: scriptedClientId,
    SOPHOS_CLIENT_SECRET: scriptedSecret,
  };
}

/** `count` tenants with UUID ids, as a partner's tenant list holds them. */
export function manyTenants(count: number): {
  id: string;
  name: string;
  showAs: string;
  dataRegion: string;
  apiHost: string;
  status: string;
  partner: { id: string };
}[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Tenant ${i}`,
    showAs: `Tenant ${i}`,
    dataRegion: 'eu01',
    apiHost: 'https://api-eu01.central.sophos.example',
    status: 'active',
    partner: { id: scriptedPartnerId },
  }));
}
