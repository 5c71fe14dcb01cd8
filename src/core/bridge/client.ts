/**
 * The CLI's end of the terminal bridge: finds the channel in the environment, sends one request and reads one
 * reply. Every way it can fail (no nonce, nobody listening, a refusal, a reply that is not ours) is a
 * BridgeFailure with a message that says what to do.
 */
import { readFileSync } from 'node:fs';
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

/**
 * This process and its ancestors, nearest first: the terminal's shell is one of them, so the extension can
 * name the terminal. Linux tells the whole chain in /proc; elsewhere the parent is what Node knows.
 */
export function processAncestry(
  pid: number = process.pid,
  ppid: number = process.ppid,
  readStat: (pid: number) => string | undefined = linuxStat,
): number[] {
  const chain = [pid];
  let next: number | undefined = ppid;
  while (next && next > 1 && chain.length < 32 && !chain.includes(next)) {
    chain.push(next);
    const stat = readStat(next);
    // "pid (comm) state ppid ...": the command name may itself hold spaces and parentheses.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    next = fields ? Number(fields[1]) : undefined;
  }
  return chain;
}

function linuxStat(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}
