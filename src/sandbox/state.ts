/**
 * What the sandbox remembers between requests: the credentials, the bearer tokens Sophos ID issued, and each
 * tenant's access tokens. Pure memory; reset() returns to the start.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { ClientSpec, SandboxTenant } from './types';

export const defaultTokenLifetimeSeconds = 3600;

/** A credential and its current state. */
export interface SandboxClient {
  spec: ClientSpec;
  expired: boolean;
  disabled: boolean;
}

export interface IssuedBearer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

interface BearerRecord {
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

export type BearerCheck = { ok: true; client: SandboxClient } | { ok: false; problem: string };

/** An access token as stored: its value is returned once, at creation, and never kept. */
export interface StoredAccessToken {
  id: string;
  type: string;
  label: string;
  createdAt: string;
  expiresAt?: string;
  url: string;
  createdBy: { id: string; type: 'service'; accountType: string; accountId: string };
}

export class SandboxState {
  private readonly clients = new Map<string, SandboxClient>();
  private readonly bearers = new Map<string, BearerRecord>();
  /**
   * Every secret value the sandbox ever handed out (bearer and refresh tokens, access token values). Kept
   * across reset() on purpose: the secret-leak scans search everything the product wrote for each of them.
   */
  readonly issuedSecrets = new Set<string>();
  private readonly tokensByTenant = new Map<string, StoredAccessToken[]>();

  constructor(
    specs: ClientSpec[],
    private readonly now: () => number = Date.now,
  ) {
    for (const spec of specs) this.addClient(spec);
  }

  addClient(spec: ClientSpec): void {
    this.clients.set(idKey(spec.clientId), initialState(spec));
  }

  /** Client ids are UUIDs: compared without regard to case. */
  client(clientId: string): SandboxClient | undefined {
    return this.clients.get(idKey(clientId));
  }

  setClientState(clientId: string, state: Partial<{ expired: boolean; disabled: boolean }>): void {
    const client = this.client(clientId);
    if (!client) throw new Error(`The sandbox has no client ${clientId}.`);
    if (state.expired !== undefined) client.expired = state.expired;
    if (state.disabled !== undefined) client.disabled = state.disabled;
  }

  reset(): void {
    this.bearers.clear();
    this.tokensByTenant.clear();
    for (const [key, client] of this.clients) this.clients.set(key, initialState(client.spec));
  }

  issueBearer(client: SandboxClient): IssuedBearer {
    const expiresIn = client.spec.tokenLifetimeSeconds ?? defaultTokenLifetimeSeconds;
    const accessToken = jwtShapedToken(client.spec.clientId, this.now(), expiresIn);
    this.bearers.set(accessToken, {
      clientId: client.spec.clientId,
      expiresAt: this.now() + expiresIn * 1000,
      revoked: false,
    });
    const refreshToken = randomBytes(32).toString('base64url');
    this.issuedSecrets.add(accessToken).add(refreshToken);
    return { accessToken, refreshToken, expiresIn };
  }

  /** Whether a bearer token may be used now; a credential expired or disabled since also loses its bearers. */
  checkBearer(token: string | undefined): BearerCheck {
    if (!token) return { ok: false, problem: 'Missing bearer token' };
    const bearer = this.bearers.get(token);
    if (!bearer) return { ok: false, problem: 'Invalid bearer token' };
    if (bearer.revoked) return { ok: false, problem: 'Bearer token revoked' };
    if (bearer.expiresAt <= this.now()) return { ok: false, problem: 'Bearer token expired' };
    const client = this.client(bearer.clientId);
    if (!client || client.expired || client.disabled) return { ok: false, problem: 'Credential no longer valid' };
    return { ok: true, client };
  }

  /** The client a bearer was issued to, valid or not: for the request log and fault matching. */
  bearerOwner(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.bearers.get(token)?.clientId;
  }

  revokeBearers(clientId?: string): void {
    for (const bearer of this.bearers.values()) {
      if (clientId === undefined || idKey(bearer.clientId) === idKey(clientId)) bearer.revoked = true;
    }
  }

  /** The tenants a credential may act on with X-Tenant-ID: its own, or a partner's or organization's. */
  mayActOn(client: SandboxClient, tenantId: string): boolean {
    const wanted = idKey(tenantId);
    if (client.spec.idType === 'tenant') return idKey(client.spec.id) === wanted;
    return this.tenantsOf(client).some((tenant) => idKey(tenant.id) === wanted);
  }

  tenantsOf(client: SandboxClient): SandboxTenant[] {
    return client.spec.tenants ?? [];
  }

  accessTokens(tenantId: string): StoredAccessToken[] {
    return this.tokensByTenant.get(idKey(tenantId)) ?? [];
  }

  addAccessToken(tenantId: string, token: StoredAccessToken): void {
    this.tokensByTenant.set(idKey(tenantId), [...this.accessTokens(tenantId), token]);
  }

  /** The token with its label or expiry changed; undefined when the tenant has no such token. */
  updateAccessToken(
    tenantId: string,
    tokenId: string,
    change: { label?: string; expiresAt?: string },
  ): StoredAccessToken | undefined {
    const tokens = this.accessTokens(tenantId);
    const current = tokens.find((token) => token.id === tokenId);
    if (!current) return undefined;
    const updated = { ...current, ...change };
    this.tokensByTenant.set(
      idKey(tenantId),
      tokens.map((token) => (token === current ? updated : token)),
    );
    return updated;
  }

  /** False when the tenant has no such token. */
  removeAccessToken(tenantId: string, tokenId: string): boolean {
    const tokens = this.accessTokens(tenantId);
    const kept = tokens.filter((token) => token.id !== tokenId);
    this.tokensByTenant.set(idKey(tenantId), kept);
    return kept.length < tokens.length;
  }
}

function initialState(spec: ClientSpec): SandboxClient {
  return { spec, expired: spec.expired ?? false, disabled: spec.disabled ?? false };
}

function idKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Three base64url parts like a real Sophos JWT; the random jti makes every issue unique. */
function jwtShapedToken(clientId: string, now: number, expiresIn: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor(now / 1000);
  const header = part({ alg: 'RS256', typ: 'JWT', kid: 'sandbox' });
  const payload = part({
    iss: 'sophos-central-sandbox',
    sub: clientId,
    iat: issuedAt,
    exp: issuedAt + expiresIn,
    jti: randomUUID(),
  });
  return `${header}.${payload}.${randomBytes(64).toString('base64url')}`;
}

const alphanumerics = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Letters and digits only, as an SLS token value after its "SLS-" prefix. */
export function randomAlphanumeric(length: number): string {
  return Array.from({ length }, () => alphanumerics[randomInt(alphanumerics.length)]).join('');
}
