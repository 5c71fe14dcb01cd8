/**
 * The extension's end of the terminal bridge, without the editor: a Unix socket in a folder only the user can
 * open (0700, the socket 0600), or a named pipe on Windows, answering one JSON line per connection. The nonce is
 * checked here, in constant time, before the handler sees a request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LineReader,
  bridgeRequestSchema,
  readJsonLine,
  refusal,
  type BridgeReply,
  type BridgeRequest,
} from './protocol';

export interface BridgeChannel {
  /** The socket or pipe path, for the terminal's environment. */
  path: string;
  nonce: string;
  /** The private folder holding the socket (none for a Windows pipe). */
  folder?: string;
}

/** A request has this long to arrive once connected; the handler's answer (a user's consent) may take longer. */
const requestTimeoutMs = 10_000;

/**
 * Picks the channel's path and nonce without touching the disk, so the terminal environment can be set at
 * activation and the server started later. The random folder name is created, not reused, when it starts.
 */
export function planBridgeChannel(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): BridgeChannel {
  const name = `sophos-central-${randomBytes(12).toString('hex')}`;
  const nonce = randomBytes(32).toString('hex');
  if (platform === 'win32') return { path: `\\\\.\\pipe\\${name}`, nonce };
  // XDG_RUNTIME_DIR is the user's own 0700 folder where there is one; the temp folder otherwise.
  const folder = join(env.XDG_RUNTIME_DIR || tmpdir(), name);
  return { path: join(folder, 'bridge.sock'), nonce, folder };
}

export type BridgeHandler = (request: BridgeRequest) => Promise<BridgeReply>;

export class BridgeServer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly channel: BridgeChannel,
  ) {}

  static async start(channel: BridgeChannel, handler: BridgeHandler): Promise<BridgeServer> {
    if (channel.folder) {
      // Not recursive: a folder that already exists (someone else's) is refused rather than reused.
      await mkdir(channel.folder, { mode: 0o700 });
      await chmod(channel.folder, 0o700);
    }
    const expected = Buffer.from(channel.nonce, 'utf8');
    const server = createServer((socket) => bridge.serve(socket, expected, handler));
    const bridge = new BridgeServer(server, channel);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(channel.path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (channel.folder) await chmod(channel.path, 0o600);
    return bridge;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.channel.folder) await rm(this.channel.folder, { recursive: true, force: true });
  }

  private serve(socket: Socket, expectedNonce: Buffer, handler: BridgeHandler): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(requestTimeoutMs, () => socket.destroy());
    const reader = new LineReader();
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      let line: string | undefined;
      try {
        line = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      if (line === undefined) return;
      answered = true;
      socket.setTimeout(0);
      void this.answer(line, expectedNonce, handler).then((reply) => {
        if (!socket.destroyed) socket.end(`${JSON.stringify(reply)}\n`);
      });
    });
  }

  private async answer(line: string, expectedNonce: Buffer, handler: BridgeHandler): Promise<BridgeReply> {
    const raw = readJsonLine(line);
    // The nonce first: nothing else of a request without it is looked at.
    const nonce = (raw as { nonce?: unknown } | null)?.nonce;
    if (typeof nonce !== 'string' || !sameNonce(nonce, expectedNonce))
      return refusal('nonce', 'The terminal bridge refused the request: its nonce does not match this VS Code window.');
    const request = bridgeRequestSchema.safeParse(raw);
    if (!request.success)
      return refusal('request', 'The terminal bridge did not understand the request: update the CLI or the extension.');
    try {
      return await handler(request.data);
    } catch (error) {
      return refusal('failed', (error as Error)?.message ?? 'The request failed.');
    }
  }
}

function sameNonce(given: string, expected: Buffer): boolean {
  const bytes = Buffer.from(given, 'utf8');
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
