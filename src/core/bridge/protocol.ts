/**
 * The terminal bridge's wire format, shared by the extension (server) and the CLI (client): one JSON line each
 * way over a socket only the user can open. A request carries the nonce from the terminal's environment; a
 * reply carries a bearer token and who it belongs to, never a Client Secret. Both sides check what arrives.
 */
import * as z from 'zod/mini';

export const bridgeProtocolVersion = 1;
/** The variables VS Code puts into its integrated terminals' environment. */
export const bridgePathVariable = 'SOPHOS_CENTRAL_BRIDGE';
export const bridgeNonceVariable = 'SOPHOS_CENTRAL_BRIDGE_NONCE';
/** A line longer than this is not ours: the connection is dropped rather than buffered without end. */
export const maxBridgeLineBytes = 16 * 1024;

const nonceSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const bridgeRequestSchema = z.object({
  v: z.literal(bridgeProtocolVersion),
  nonce: nonceSchema,
  type: z.literal('token'),
  /** A credential name (or id); absent: the workspace's credential. */
  credential: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** A tenant id; absent: the workspace's or the credential's tenant. */
  tenant: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** The asking process and its ancestors, nearest first: the extension finds its terminal among them. */
  processes: z.array(z.int().check(z.positive())).check(z.maxLength(64)),
});
export type BridgeRequest = z.infer<typeof bridgeRequestSchema>;

export const bridgeErrorCodes = ['nonce', 'busy', 'denied', 'credential', 'request', 'failed'] as const;
export type BridgeErrorCode = (typeof bridgeErrorCodes)[number];

const grantedSchema = z.object({
  v: z.literal(bridgeProtocolVersion),
  ok: z.literal(true),
  token: z.string().check(z.minLength(1)),
  /** Epoch milliseconds. */
  expiresAt: z.number(),
  /** The credential's name and Client ID (not secret: the CLI's client is built on it). */
  credential: z.string(),
  clientId: z.string(),
  idType: z.enum(['tenant', 'partner', 'organization']),
  /** The credential's own id (whoami). */
  id: z.string(),
  /** The global API host, and the tenant's data-region host when known. */
  apiUrl: z.string(),
  dataRegionUrl: z.optional(z.string()),
  /** The tenant a partner or organization acts on, when one is chosen. */
  tenantId: z.optional(z.string()),
});

const refusedSchema = z.object({
  v: z.literal(bridgeProtocolVersion),
  ok: z.literal(false),
  code: z.enum(bridgeErrorCodes),
  message: z.string().check(z.maxLength(2000)),
});

export const bridgeReplySchema = z.discriminatedUnion('ok', [grantedSchema, refusedSchema]);
export type BridgeReply = z.infer<typeof bridgeReplySchema>;
export type BridgeGrant = z.infer<typeof grantedSchema>;
export type BridgeRefusal = z.infer<typeof refusedSchema>;

export function refusal(code: BridgeErrorCode, message: string): BridgeRefusal {
  return { v: bridgeProtocolVersion, ok: false, code, message };
}

/** One line of JSON, or undefined when it is not JSON. */
export function readJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Collects bytes up to the first newline. Returns the line once complete, throws when it grows past the limit.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): string | undefined {
    const newline = chunk.indexOf(0x0a);
    const part = newline === -1 ? chunk : chunk.subarray(0, newline);
    this.size += part.length;
    if (this.size > maxBridgeLineBytes) throw new Error('line too long');
    this.chunks.push(part);
    return newline === -1 ? undefined : Buffer.concat(this.chunks).toString('utf8');
  }
}
