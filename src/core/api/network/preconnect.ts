/**
 * Connections opened ahead of their first request. While a cold sign-in waits for Sophos ID, the API host's
 * TCP and TLS handshakes can run at the same time, instead of after the token arrives: over a real network
 * that saves the round trips of both handshakes on the first API call.
 *
 * A connector in undici's sense (what `connect` of an Agent may be): it hands the first connection undici
 * asks for to an origin the socket opened ahead for it, or opens one as undici would. An origin that already
 * has an open connection is not opened again: undici's keep-alive pool reuses that one.
 */
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

type Connector = buildConnector.connector;

export class PreconnectingConnector {
  /** Sockets opened ahead, by origin, until a request takes them (undefined: the handshake failed). */
  private readonly ahead = new Map<string, Promise<Socket | undefined>>();
  /** Open connections per origin, whoever asked for them. */
  private readonly open = new Map<string, Set<Socket>>();
  private closed = false;

  /**
   * @param connect opens one connection as undici would (its `buildConnector`, with our timeout and trust)
   * @param idleMs how long a socket opened ahead waits for its request before it is closed
   */
  constructor(
    private readonly connect: Connector,
    private readonly idleMs: number,
  ) {}

  /** The connector to give undici. */
  readonly connector: Connector = (options, callback) => {
    const key = keyOf(options.protocol, options.hostname, options.port);
    const opened = !options.httpSocket && this.ahead.get(key);
    if (!opened) {
      this.connect(options, this.tracked(key, callback));
      return;
    }
    this.ahead.delete(key);
    void opened.then((socket) => {
      if (socket && !socket.destroyed && socket.writable) callback(null, socket);
      else this.connect(options, this.tracked(key, callback));
    });
  };

  /** Starts a connection to the URL's origin, unless one is open or on its way. */
  preconnect(url: string): void {
    if (this.closed) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const key = keyOf(parsed.protocol, hostname, parsed.port);
    if (this.ahead.has(key) || (this.open.get(key)?.size ?? 0) > 0) return;
    const socket = new Promise<Socket | undefined>((resolve) => {
      const options = { protocol: parsed.protocol, hostname, host: parsed.host, port: parsed.port };
      this.connect(
        options,
        this.tracked(key, (error, opened) => resolve(error ? undefined : (opened ?? undefined))),
      );
    });
    this.ahead.set(key, socket);
    // Not taken in time: the server would close it anyway.
    const timer = setTimeout(() => {
      if (this.ahead.get(key) !== socket) return;
      this.ahead.delete(key);
      void socket.then((unused) => unused?.destroy());
    }, this.idleMs);
    timer.unref();
  }

  /** Closes the sockets no request took. */
  close(): void {
    this.closed = true;
    for (const socket of this.ahead.values()) void socket.then((unused) => unused?.destroy());
    this.ahead.clear();
  }

  /** The callback, counting the connection as open to its origin until it closes. */
  private tracked(key: string, callback: buildConnector.Callback): buildConnector.Callback {
    return (...args) => {
      const [error, socket] = args;
      if (!error && socket) {
        const sockets = this.open.get(key) ?? new Set<Socket>();
        this.open.set(key, sockets);
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      }
      callback(...args);
    };
  }
}

function keyOf(protocol: string, hostname: string, port: string | number | undefined): string {
  const number = Number(port) || (protocol === 'https:' ? 443 : 80);
  return `${protocol}//${hostname.toLowerCase()}:${number}`;
}
