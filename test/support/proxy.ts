/**
 * A small forward proxy on loopback for tests: answers CONNECT with a tunnel (that is how undici sends both
 * http and https requests through a proxy), optionally demanding Basic credentials first. It records every
 * CONNECT it saw and tunnels to loopback addresses only. close() destroys every socket.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxyConnect {
  /** host:port asked for. */
  target: string;
  /** A Proxy-Authorization header came with it. */
  sentCredentials: boolean;
  /** 200, 403, 407 or 502. */
  status: number;
}

export interface TestProxy {
  /** http://127.0.0.1:PORT (without credentials). */
  url: string;
  /** http://user:password@127.0.0.1:PORT when the proxy demands credentials. */
  urlWithCredentials?: string;
  /** The Proxy-Authorization value it accepts, e.g. "Basic dXNlcjpwYXNz". */
  authorization?: string;
  connects: ProxyConnect[];
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startProxy(
  options: { credentials?: { user: string; password: string } } = {},
): Promise<TestProxy> {
  const connects: ProxyConnect[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`
    : undefined;

  const server: Server = createServer((_req, res) => {
    // Only tunnels: a plain forward request gets 405, so a test notices if a client stops tunnelling.
    res.writeHead(405, { connection: 'close' }).end();
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const sent = req.headers['proxy-authorization'];
    const record: ProxyConnect = { target, sentCredentials: sent !== undefined, status: 0 };
    connects.push(record);
    const refuse = (status: number, text: string, extra = '') => {
      record.status = status;
      client.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (expected && sent !== expected) {
      refuse(407, 'Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test proxy"\r\n');
      return;
    }
    const match = /^(.+):(\d+)$/.exec(target);
    if (!match || !loopback.has(match[1]!)) {
      refuse(403, 'Forbidden');
      return;
    }
    const upstream = connect(Number(match[2]), match[1]!.replace(/^\[|\]$/g, ''));
    track(upstream);
    upstream.once('connect', () => {
      record.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (record.status === 0) refuse(502, 'Bad Gateway');
      else client.destroy();
    });
    client.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const credentials = options.credentials;
  return {
    url,
    urlWithCredentials: credentials
      ? `http://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`
      : undefined,
    authorization: expected,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }),
  };
}
