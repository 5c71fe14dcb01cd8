/**
 * A TCP proxy that holds every chunk for the given delay in each direction, so a connection costs what it
 * costs on a real network: the TCP handshake one round trip, TLS another, each request a third. (The
 * sandbox's own latency delays replies only, which makes handshakes free.)
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface LatencyProxy {
  /** `scheme://127.0.0.1:port` in front of the target URL. */
  url: string;
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetUrl: string, oneWayMs: number): Promise<LatencyProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const proxy: LatencyProxy = { url: '', connections: 0, close: async () => undefined };
  const server = createServer((client) => {
    proxy.connections += 1;
    const upstream = connect({ host: target.hostname, port: Number(target.port) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    delayed(client, upstream, oneWayMs);
    delayed(upstream, client, oneWayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy.url = `${target.protocol}//127.0.0.1:${port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}

/** Copies `from` to `to`, each chunk and the end `ms` later, in order (timers of one duration fire in order). */
function delayed(from: Socket, to: Socket, ms: number): void {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), ms));
  from.on('end', () => setTimeout(() => to.end(), ms));
  from.on('close', () => setTimeout(() => to.destroy(), ms + 1));
}
