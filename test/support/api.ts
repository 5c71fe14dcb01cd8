/** Builds core clients against a sandbox, with retries that wait no real time unless a test asks. */
import {
  SophosCentralClient,
  SophosHttp,
  type NetworkOptions,
  resolveNetwork,
  type RequestRecord,
  type RetryEnvironment,
} from '../../src/core/api';
import { UndiciTransport } from '../../src/core/api/undici-transport';
import type { Sandbox } from '../../src/sandbox/server';

export interface RecordedSleeps extends RetryEnvironment {
  sleeps: number[];
}

/** Records each backoff instead of waiting it out, so retry tests take milliseconds. */
export function instantRetries(): RecordedSleeps {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 };
}

export interface TestClient {
  client: SophosCentralClient;
  transport: UndiciTransport;
  records: RequestRecord[];
  retries: RecordedSleeps;
}

export function clientFor(
  sandbox: Sandbox,
  credential: { clientId: string; clientSecret: string },
  options: {
    pageSize?: number;
    now?: () => number;
    totalTimeoutMs?: number;
    maxResponseBytes?: number;
    network?: NetworkOptions;
  } = {},
): TestClient {
  const transport = new UndiciTransport({
    totalTimeoutMs: options.totalTimeoutMs ?? 5_000,
    headersTimeoutMs: options.totalTimeoutMs ?? 5_000,
    bodyTimeoutMs: options.totalTimeoutMs ?? 5_000,
    maxResponseBytes: options.maxResponseBytes,
    network: options.network && resolveNetwork(options.network),
  });
  const records: RequestRecord[] = [];
  const retries = instantRetries();
  const http = new SophosHttp(transport, { retryEnvironment: retries, observers: [(record) => records.push(record)] });
  const client = new SophosCentralClient({
    http,
    idUrl: sandbox.idUrl,
    apiUrl: sandbox.apiUrl,
    clientId: credential.clientId,
    clientSecret: credential.clientSecret,
    pageSize: options.pageSize,
    now: options.now,
  });
  return { client, transport, records, retries };
}

/** "POST id /api/v2/oauth2/token 200"-style lines of what the sandbox saw, for compact assertions. */
export function requestLines(sandbox: Sandbox): string[] {
  return sandbox.requests.map((r) => `${r.method} ${r.host} ${r.path.split('?')[0]} ${r.status}`);
}
