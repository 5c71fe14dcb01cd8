/**
 * SLS package repository tokens of the stored credentials: the ones Sophos Central holds, the values kept here,
 * minting, renaming and revoking. A value is read only through `value`, which passes the suspension gate.
 */
import { SophosApiError, invalidInput, type AccessToken, type CreatedAccessToken, type RequestContext } from '../api';
import {
  rotateToken,
  sameExpiryRule,
  type RotationOutcome,
  type RotationSteps,
  type RotationTarget,
} from '../rotation';
import type { TokenRecord, TokenUse } from './model';
import { tenantOf, type CredentialSessions } from './sessions';
import type { CredentialStore } from './store';

export interface MintRequest {
  label: string;
  /** ISO-8601 or undefined for no expiry. */
  expiresAt?: string;
  /** Partners and organizations: the tenant to mint in; defaults to the credential's chosen tenant. */
  tenantId?: string;
}

/** What to change of an SLS token: a new label, a new expiry (ISO-8601), or both. */
export interface TokenChange {
  label?: string;
  expiresAt?: string;
}

export interface TokenUpdateResult {
  /** The token as Sophos Central now holds it (never its value). */
  token: AccessToken;
  tenantId: string;
  /** The local record, updated, when the token was minted or imported here; undefined for one made elsewhere. */
  record?: TokenRecord;
}

export interface MintResult {
  token: TokenRecord;
  /** The value, shown to the user once. */
  value: string;
  /** Why the value could not be kept in SecretStorage, when it could not: the user must copy it now. */
  storeError?: unknown;
  orphansRevoked: string[];
  /** Tokens that may be lost attempts but may be somebody else's: kept, for the user to look at. */
  possibleOrphans: string[];
}

export interface TokenListing {
  tenantId: string;
  tokens: (AccessToken & { valueStored: boolean })[];
}

export class SlsTokens {
  constructor(
    private readonly store: CredentialStore,
    private readonly sessions: CredentialSessions,
  ) {}

  /** The tokens whose values are kept here, of one credential or of all. */
  stored(credentialId?: string): TokenRecord[] {
    return this.store.tokens(credentialId);
  }

  record(tokenId: string): TokenRecord | undefined {
    return this.store.token(tokenId);
  }

  /** A kept token value: refused while its credential is suspended, undefined when none is kept. */
  async value(tokenId: string): Promise<string | undefined> {
    const record = this.store.token(tokenId);
    if (!record) return undefined;
    this.sessions.ensureUsable(record.credentialId);
    return this.store.tokenValue(tokenId);
  }

  /** Keeps a token found in a file (the "store in SecretStorage" quick fix); its credential must be usable. */
  async import(record: TokenRecord, value: string): Promise<void> {
    this.sessions.ensureUsable(record.credentialId);
    await this.store.addToken({ ...record, imported: true }, value);
  }

  /** The tokens of the credential's tenant, or of `onTenant` (a workspace's bound tenant). */
  async listInCentral(credentialId: string, context: RequestContext = {}, onTenant?: string): Promise<TokenListing> {
    const client = this.sessions.clientFor(credentialId);
    const ctx = { feature: 'Token list', ...context };
    const tenantId = await this.sessions.failing(
      credentialId,
      client.resolveTenantId(onTenant ?? this.tenantFor(credentialId), ctx),
    );
    const tokens = await this.sessions.used(credentialId, client.listAccessTokens({ tenantId }, ctx));
    const stored = new Set(this.store.tokens(credentialId).map((token) => token.id));
    return { tenantId, tokens: tokens.map((token) => ({ ...token, valueStored: stored.has(token.id) })) };
  }

  /**
   * Mints an SLS token. The value is stored in the vault before anything else happens; when that fails the
   * result still carries it, with the reason, so the user can copy it before it is gone for good.
   */
  async mint(credentialId: string, request: MintRequest, context: RequestContext = {}): Promise<MintResult> {
    const tenantId = request.tenantId ?? this.tenantFor(credentialId);
    const result = await this.sessions.failing(
      credentialId,
      this.sessions
        .clientFor(credentialId)
        .createAccessToken(
          { label: request.label, expiresAt: request.expiresAt, tenantId },
          { feature: 'SLS token', ...context },
        ),
    );
    const token = tokenRecord(credentialId, result.tenantId, result.token);
    const minted = {
      token,
      value: result.token.token,
      orphansRevoked: result.orphansRevoked,
      possibleOrphans: result.possibleOrphans,
    };
    // The value exists only in this reply: keep it before any bookkeeping that could fail.
    let storeError: unknown;
    try {
      await this.store.addToken(token, result.token.token);
    } catch (error) {
      storeError = error;
    }
    await this.sessions.noteUse(credentialId);
    return storeError === undefined ? minted : { ...minted, storeError };
  }

  /**
   * Revokes in Sophos Central, then forgets the value; a token Sophos no longer knows is forgotten too, when its
   * own credential asked (another one may just not see it). A kept token is revoked on the tenant it was minted
   * on; another on `onTenant` (where it was listed), else the credential's tenant. An imported token's id is
   * ours: Sophos would answer "not found" while the token still works, so it is refused before a request.
   */
  async revoke(credentialId: string, tokenId: string, context: RequestContext = {}, onTenant?: string): Promise<void> {
    const kept = this.store.token(tokenId);
    if (kept?.imported)
      throw invalidInput(
        `"${kept.label}" was imported from a file, not minted here: Sophos Central does not know it by this id, so it cannot be revoked from here. Revoke it in Sophos Central.`,
      );
    const tenantId = kept?.tenantId ?? onTenant ?? this.tenantFor(credentialId);
    try {
      await this.sessions.used(
        credentialId,
        this.sessions
          .clientFor(credentialId)
          .revokeAccessToken(tokenId, { tenantId }, { feature: 'Token revoke', ...context }),
      );
    } catch (error) {
      if (!(error instanceof SophosApiError && error.kind === 'notFound')) throw error;
      if (kept?.credentialId === credentialId) await this.store.removeToken(tokenId);
      throw error;
    }
    await this.store.removeToken(tokenId);
  }

  /**
   * Renames an SLS token or changes its expiry in Sophos Central (checked as on create), then updates the record
   * kept here. A token imported from a file has an id of ours that Sophos does not know: refused before a request.
   * A kept token is changed on the tenant it was minted on; another on `onTenant` (where it was listed), else the
   * credential's tenant.
   */
  async update(
    credentialId: string,
    tokenId: string,
    change: TokenChange,
    context: RequestContext = {},
    onTenant?: string,
  ): Promise<TokenUpdateResult> {
    const known = this.store.token(tokenId);
    if (known?.imported)
      throw invalidInput(
        `"${known.label}" was imported from a file, not minted here: Sophos Central does not know it by this id, so it cannot be changed there.`,
      );
    const client = this.sessions.clientFor(credentialId);
    const ctx = { feature: 'Token update', ...context };
    const tenantId = await this.sessions.failing(
      credentialId,
      client.resolveTenantId(known?.tenantId ?? onTenant ?? this.tenantFor(credentialId), ctx),
    );
    const token = await this.sessions.used(
      credentialId,
      client.updateAccessToken(tokenId, { ...change, tenantId }, ctx),
    );
    const record = known
      ? await this.store.updateToken(tokenId, {
          ...(token.label !== undefined ? { label: token.label } : {}),
          ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
        })
      : undefined;
    return { token, tenantId, ...(record ? { record } : {}) };
  }

  /** Notes that a token went into a file under a key (once per file and key; the latest time kept). */
  async recordUse(tokenId: string, use: Omit<TokenUse, 'at'>, now = Date.now()): Promise<void> {
    const record = this.store.token(tokenId);
    if (!record) return;
    const others = (record.usedIn ?? []).filter((known) => known.file !== use.file || known.key !== use.key);
    await this.store.updateToken(tokenId, { usedIn: [...others, { ...use, at: new Date(now).toISOString() }] });
  }

  /**
   * Rotates a kept token (see core/rotation): a new one with the same label, tenant and expiry rule, stored
   * first, then every place rewritten and checked, then the old one revoked. The new record inherits where the
   * old one was used. When SecretStorage refuses the new value nothing is written or revoked, and `unkept`
   * carries the value for the user to copy, as a mint does.
   */
  async rotate(
    credentialId: string,
    tokenId: string,
    targets: RotationTarget[],
    hooks: Pick<RotationSteps, 'onWritten'> = {},
  ): Promise<{ outcome?: RotationOutcome; minted: MintResult }> {
    const old = this.store.token(tokenId);
    if (!old || old.credentialId !== credentialId)
      throw invalidInput('That token is not kept here: only a token whose value is stored can be rotated.');
    if (old.imported)
      throw invalidInput(
        `"${old.label}" was imported from a file: Sophos Central does not know it by this id, so it cannot be revoked after a rotation. Mint a new token instead.`,
      );
    const oldValue = await this.value(tokenId);
    if (oldValue === undefined) throw invalidInput(`The value of "${old.label}" is missing from SecretStorage.`);
    const minted = await this.mint(credentialId, {
      label: old.label,
      expiresAt: sameExpiryRule(old, Date.now()),
      tenantId: old.tenantId,
    });
    if (minted.storeError !== undefined) return { minted };
    if (old.usedIn) await this.store.updateToken(minted.token.id, { usedIn: old.usedIn });
    const outcome = await rotateToken(oldValue, targets, {
      mint: async () => ({ id: minted.token.id, value: minted.value }),
      keep: async () => undefined, // mint stored it
      revokeOld: () => this.revoke(credentialId, tokenId),
      onWritten: hooks.onWritten,
    });
    return { outcome, minted };
  }

  private tenantFor(credentialId: string): string | undefined {
    return tenantOf(this.store.requireCredential(credentialId));
  }
}

function tokenRecord(credentialId: string, tenantId: string, token: CreatedAccessToken): TokenRecord {
  return {
    id: token.id,
    credentialId,
    tenantId,
    label: token.label,
    type: token.type,
    ...(token.createdAt ? { createdAt: token.createdAt } : {}),
    expiresAt: token.expiresAt ?? null,
  };
}
