/**
 * The CLI's end of the terminal bridge: finds the channel in the environment, sends one request and reads one
 * reply. Every way it can fail (no nonce, nobody listening, a refusal, a reply that is not ours) is a
 * BridgeFailure with a message that says what to do.
 */
import { processAncestry } from './ancestry';
import { createConnection } from 'node:net';
import {
  LineReader,
  bridgeNonceVariable,
  bridgePathVariable,
  bridgeProtocolVersion,
  bridgeReplySchema,
  readJsonLine,
  type BridgeErrorCode,
  type BridgeGrant,
} from './protocol';

export class BridgeFailure extends Error {
  override readonly name = 'BridgeFailure';
  constructor(
    /** The extension's refusal, or 'channel' when the bridge could not be reached or answered nonsense. */
    readonly code: BridgeErrorCode | 'channel',
    message: string,
  ) {
    super(message);
  }
}

export interface BridgeAddress {
  path: string;
  nonce: string;
}

/** The bridge named by a VS Code terminal's environment; undefined outside one. */
export function bridgeFromEnvironment(env: NodeJS.ProcessEnv): BridgeAddress | undefined {
  const path = env[bridgePathVariable];
  if (!path) return undefined;
  const nonce = env[bridgeNonceVariable];
  if (!nonce)
    throw new BridgeFailure(
      'nonce',
      `${bridgePathVariable} is set but ${bridgeNonceVariable} is not: open a new VS Code terminal, or set SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET.`,
    );
  return { path, nonce };
}

export interface BridgeTokenQuery {
  credential?: string;
  tenant?: string;
}

/** Waiting for the user to answer the editor's consent prompt is part of a request. */
const defaultTimeoutMs = 5 * 60_000;

export function requestBridgeToken(
  address: BridgeAddress,
  query: BridgeTokenQuery,
  options: { timeoutMs?: number; processes?: number[] } = {},
): Promise<BridgeGrant> {
  const request = {
    v: bridgeProtocolVersion,
    nonce: address.nonce,
    type: 'token',
    ...(query.credential !== undefined ? { credential: query.credential } : {}),
    ...(query.tenant !== undefined ? { tenant: query.tenant } : {}),
    processes: options.processes ?? processAncestry(),
  };
  return new Promise<BridgeGrant>((resolve, reject) => {
    const socket = createConnection(address.path);
    const reader = new LineReader();
    let settled = false;
    const fail = (failure: BridgeFailure) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(failure);
    };
    socket.setTimeout(options.timeoutMs ?? defaultTimeoutMs, () =>
      fail(new BridgeFailure('channel', 'The VS Code terminal bridge did not answer in time.')),
    );
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', (error: NodeJS.ErrnoException) => fail(deadChannel(address.path, error.code)));
    socket.on('close', () => fail(deadChannel(address.path, 'closed')));
    socket.on('data', (chunk: Buffer) => {
      let line: string | undefined;
      try {
        line = reader.push(chunk);
      } catch {
        return fail(new BridgeFailure('channel', 'The VS Code terminal bridge sent a reply that is not its own.'));
      }
      if (line === undefined) return;
      const reply = bridgeReplySchema.safeParse(readJsonLine(line));
      if (!reply.success)
        return fail(new BridgeFailure('channel', 'The VS Code terminal bridge sent a reply that is not its own.'));
      if (!reply.data.ok) return fail(new BridgeFailure(reply.data.code, reply.data.message));
      settled = true;
      socket.end();
      resolve(reply.data);
    });
  });
}

function deadChannel(path: string, code: string | undefined): BridgeFailure {
  return new BridgeFailure(
    'channel',
    `The VS Code terminal bridge (${path}) does not answer${code ? ` (${code})` : ''}: the window that opened this terminal was closed or reloaded. Open a new terminal, or set SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET.`,
  );
}
