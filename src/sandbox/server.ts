/**
 * The Sophos Central sandbox: a stand-in for Sophos ID, the global API and a data-region API on three local
 * ports, with fixed demo credentials and injectable faults. The extension, the CLI demo, every test and the
 * benchmark run against it, so nobody needs a Sophos account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandboxCertificates, type SandboxCertificates } from './certificates';
import { demoClients, demoClientSpecs } from './demo-clients';
import { FaultBook } from './faults';
import { requestListener, type PipelineParts } from './pipeline';
import type { SandboxUrls } from './routing';
import { SandboxState } from './state';
import { TimerSet } from './timers';
import type { Sandbox, SandboxHost, SandboxLeafKind, SandboxOptions, SandboxRequest } from './types';

export type * from './types';
export { demoClients, sandboxLicenceEndsAt } from './demo-clients';
export { faultRuleFromJson } from './admin';
export { hostileText, longTokenLifetimeSeconds } from './faults';
export { wrongHostName } from './certificates';

const hosts: readonly SandboxHost[] = ['id', 'global', 'region'];

/** Longer than Node's 5 s default, like the load balancers in front of Sophos, so a CLI run reuses sockets. */
const keepAliveTimeoutMs = 30_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const bindHost = options.host ?? '127.0.0.1';
  const state = new SandboxState(demoClientSpecs());
  const faults = new FaultBook();
  const timers = new TimerSet();
  const requests: SandboxRequest[] = [];
  const connections = { id: 0, global: 0, region: 0 };
  const tlsConnections = { id: 0, global: 0, region: 0 };
  const sockets = new Set<Socket>();
  const urls: SandboxUrls = { idUrl: '', apiUrl: '', regionUrl: '' };
  let latencyMs = checkedLatency(options.latencyMs ?? 0);

  const reset = () => {
    requests.length = 0; // in place: callers may hold the array
    faults.clear();
    state.reset();
  };
  const parts: PipelineParts = {
    state,
    faults,
    timers,
    urls,
    requests,
    latencyMs: () => latencyMs,
    admin: { injectFault: (rule) => faults.add(rule), clearFaults: () => faults.clear(), reset, requests },
  };

  const tls = options.tls
    ? startTls(bindHost, typeof options.tls === 'object' ? options.tls.leaf : undefined)
    : undefined;
  const servers = new Map<SandboxHost, Server | HttpsServer>();
  for (const host of hosts) {
    const listener = requestListener(host, parts);
    const server = tls
      ? createHttpsServer({ keepAliveTimeout: keepAliveTimeoutMs, ...tls.leafOptions() }, listener)
      : createServer({ keepAliveTimeout: keepAliveTimeoutMs }, listener);
    if (tls) {
      server.on('secureConnection', () => void (tlsConnections[host] += 1));
      // A client that refuses the certificate aborts the handshake: not the sandbox's failure, and not worth a crash.
      server.on('tlsClientError', () => undefined);
    }
    server.on('connection', (socket: Socket) => {
      connections[host] += 1;
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    servers.set(host, server);
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeAll([...servers.values()], sockets, timers, faults).finally(() => tls?.removeFile());
    return closing;
  };

  try {
    const scheme = tls ? 'https' : 'http';
    urls.idUrl = await listen(servers.get('id')!, options.ports?.id ?? 0, bindHost, scheme);
    urls.apiUrl = await listen(servers.get('global')!, options.ports?.global ?? 0, bindHost, scheme);
    urls.regionUrl = await listen(servers.get('region')!, options.ports?.region ?? 0, bindHost, scheme);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    ...urls,
    clients: structuredClone(demoClients),
    requests,
    connections,
    tlsConnections,
    caPem: tls?.certificates.caPem,
    caFile: tls?.caFile,
    useCertificate: (kind) => {
      if (!tls) throw new Error('useCertificate needs a sandbox started with { tls: true }.');
      tls.use(kind);
      for (const server of servers.values()) (server as HttpsServer).setSecureContext(tls.leafOptions());
    },
    setLatency: (ms) => void (latencyMs = checkedLatency(ms)),
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    reset,
    addClient: (client) => state.addClient(client),
    setClientState: (clientId, clientState) => state.setClientState(clientId, clientState),
    revokeBearerTokens: (clientId) => state.revokeBearers(clientId),
    issuedSecrets: () => [...state.issuedSecrets],
    close,
  };
}

function checkedLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`Latency must be a non-negative number of milliseconds, not ${ms}.`);
  return ms;
}

interface SandboxTls {
  certificates: SandboxCertificates;
  caFile: string;
  use(kind: SandboxLeafKind): void;
  leafOptions(): { cert: string; key: string };
  removeFile(): void;
}

/** Makes the CA and writes it to a temporary file readable by its owner. */
function startTls(bindHost: string, initial: SandboxLeafKind = 'valid'): SandboxTls {
  const certificates = createSandboxCertificates(bindHost);
  const dir = mkdtempSync(join(tmpdir(), 'sophos-sandbox-ca-'));
  const caFile = join(dir, 'sandbox-ca.pem');
  writeFileSync(caFile, certificates.caPem, { mode: 0o600 });
  let current = initial;
  return {
    certificates,
    caFile,
    use: (kind) => void (current = kind),
    leafOptions: () => {
      const leaf = certificates.leaf(current);
      return { cert: leaf.certPem, key: leaf.keyPem };
    },
    removeFile: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Listens and returns the base URL, with the port the system chose when asked for 0. */
function listen(server: Server | HttpsServer, port: number, host: string, scheme: 'http' | 'https'): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`${scheme}://${urlHost(address.address)}:${address.port}`);
    });
  });
}

function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** Stops listening, destroys every socket (idle keep-alive, hung, dripping) and clears every pending timer. */
async function closeAll(
  servers: (Server | HttpsServer)[],
  sockets: Set<Socket>,
  timers: TimerSet,
  faults: FaultBook,
): Promise<void> {
  faults.clear();
  timers.clear();
  const closed = servers
    .filter((server) => server.listening)
    .map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(closed);
}
