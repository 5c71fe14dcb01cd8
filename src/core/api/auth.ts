/**
 * OAuth 2.0 client credentials against Sophos ID. One bearer token per credential, reused until a minute
 * before it expires; callers that arrive while a token is being fetched share that one request.
 */
import type { SophosHttp } from './api-http';
import { cancelled } from './errors';
import { tokenReplySchema } from './schemas';
import { requireSecretSafeUrl } from './secret-url';

export interface RequestContext {
  signal?: AbortSignal;
  /** The feature making the request, for the usage log. */
  feature?: string;
}

interface CachedBearer {
  token: string;
  expiresAt: number;
}

const refreshMarginMs = 60_000;
/** Sophos issues bearers for an hour; a server claiming longer gets a day at most. */
const maxTokenLifetimeSeconds = 86_400;
/** A bearer this short is never reused (the refresh margin is a minute), so raising it to this is harmless. */
const minTokenLifetimeSeconds = 60;
/** The longest delay setTimeout honours: a longer one overflows and fires after 1 ms. */
export const maxTimeoutMs = 2 ** 31 - 1;

/** A reply's expires_in held to [minTokenLifetimeSeconds, maxTokenLifetimeSeconds]; NaN counts as the minimum. */
export function clampTokenLifetimeSeconds(expiresIn: number): number {
  if (!(expiresIn > minTokenLifetimeSeconds)) return minTokenLifetimeSeconds;
  return Math.min(expiresIn, maxTokenLifetimeSeconds);
}

/** A delay setTimeout will honour: [0, 2^31-1] ms, NaN as 0. */
export function safeTimeoutMs(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(ms, maxTimeoutMs);
}

export class ClientCredentialsAuth {
  private cached?: CachedBearer;
  private inFlight?: Promise<CachedBearer>;

  constructor(
    private readonly http: SophosHttp,
    private readonly idUrl: string,
    readonly clientId: string,
    /** Read lazily so the secret stays in SecretStorage until a request needs it. */
    private readonly readSecret: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A bearer token valid for at least another minute. */
  async bearer(context: RequestContext = {}): Promise<string> {
    return (await this.signIn(context)).token;
  }

  /** The bearer token, when it expires, and whether getting it took a real sign-in (not the cached token). */
  async signIn(context: RequestContext = {}): Promise<{ token: string; expiresAt: number; fresh: boolean }> {
    if (this.cached && this.cached.expiresAt - refreshMarginMs > this.now()) return { ...this.cached, fresh: false };
    this.inFlight ??= this.fetchBearer(context).finally(() => {
      this.inFlight = undefined;
    });
    return { ...(await raceAbort(this.inFlight, context.signal)), fresh: true };
  }

  /** The cached token itself, for a caller that wants to drop it (invalidate) before it expires. */
  get cachedBearer(): string | undefined {
    return this.cached?.token;
  }

  /** The cached bearer with its expiry, for a caller that keeps it between processes (the CLI's profiles). */
  get cachedSignIn(): { token: string; expiresAt: number } | undefined {
    return this.cached && { ...this.cached };
  }

  /** A bearer an earlier process fetched (the CLI keeps it in the OS keyring), used until it nears expiry. */
  seed(token: string, expiresAt: number): void {
    this.cached = { token, expiresAt };
  }

  /** Drops a token the API refused, unless a newer one has replaced it meanwhile. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchBearer(context: RequestContext): Promise<CachedBearer> {
    // Checked here as well as where the URL is configured: no caller can send the secret over plain http.
    requireSecretSafeUrl(this.idUrl, 'Sophos ID URL');
    const secret = await this.readSecret();
    const requestedAt = this.now();
    const reply = await this.http.call({
      operation: 'token',
      method: 'POST',
      url: `${this.idUrl}/api/v2/oauth2/token`,
      form: { grant_type: 'client_credentials', client_id: this.clientId, client_secret: secret, scope: 'token' },
      schema: tokenReplySchema,
      // Exchanging credentials creates nothing, so repeating it after a 5xx or a reset is safe.
      retry: true,
      // The shared request is not tied to one caller's cancellation: others may be waiting on it.
      feature: context.feature,
    });
    this.cached = {
      token: reply.access_token,
      expiresAt: requestedAt + clampTokenLifetimeSeconds(reply.expires_in) * 1000,
    };
    return this.cached;
  }
}

/** Lets one caller stop waiting without cancelling work others share. */
function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
