/**
 * Every request made with a credential: when, by which feature, what (method and path, never a query, a
 * header value or a body), the outcome and the Sophos support id. The 250 most recent events per credential
 * are kept, with a request count, in a state store (extension storage, never settings). Writes are batched: a
 * burst of requests costs one write. The credential's "last use" is not kept here but in its record (see
 * credentialStatus); the `lastAccessedAt` earlier versions kept here repeated the newest event's time and is no
 * longer read.
 */
import type { Operation, RequestRecord, SophosErrorKind } from '../api';
import type { StateStore } from './journaled-state';

export interface UsageEvent {
  /** ISO time the request started. */
  time: string;
  /** The feature that made it: Connection test, SLS token, Token list, Tenant list, ... */
  feature: string;
  /** 'copy': a secret was handed to the user (integration credentials), no request made. */
  operation: Operation | 'copy';
  method: string;
  /** Origin and path only. */
  url: string;
  status?: number;
  latencyMs: number;
  supportId?: string;
  errorKind?: SophosErrorKind;
  attempt: number;
}

export interface UsageSummary {
  events: UsageEvent[];
  /** Every request ever recorded, not only the kept ones. */
  requestCount: number;
}

export const maxEventsPerCredential = 250;
const keyPrefix = 'sophosCentral.usage.v1/';

export class UsageLog {
  /** Loaded summaries, authoritative in this window (globalState may echo a stale value after an update). */
  private readonly loaded = new Map<string, UsageSummary>();
  private readonly pending = new Map<string, UsageSummary>();
  private flushTimer?: ReturnType<typeof setTimeout>;
  private readonly listeners = new Set<(credentialId: string) => void>();

  constructor(
    private readonly state: StateStore,
    private readonly flushDelayMs = 250,
  ) {}

  onDidRecord(listener: (credentialId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  summary(credentialId: string): UsageSummary {
    const known = this.loaded.get(credentialId);
    if (known) return known;
    const stored = this.state.get<UsageSummary>(keyPrefix + credentialId);
    const summary: UsageSummary = {
      events: Array.isArray(stored?.events) ? stored.events : [],
      requestCount: stored?.requestCount ?? 0,
    };
    this.loaded.set(credentialId, summary);
    return summary;
  }

  record(credentialId: string, record: RequestRecord): void {
    const event: UsageEvent = {
      time: new Date(record.time).toISOString(),
      feature: record.feature ?? 'Other',
      operation: record.operation,
      method: record.method,
      url: withoutQuery(record.url),
      latencyMs: Math.round(record.latencyMs),
      attempt: record.attempt,
      ...(record.status !== undefined ? { status: record.status } : {}),
      ...(record.supportId ? { supportId: record.supportId } : {}),
      ...(record.errorKind ? { errorKind: record.errorKind } : {}),
    };
    this.append(credentialId, event);
  }

  /** A use that made no request: an integration credential's secret copied for the user. Never the value. */
  recordLocalUse(credentialId: string, use: { time: string; feature: string; what: string }): void {
    const event: UsageEvent = {
      time: use.time,
      feature: use.feature,
      operation: 'copy',
      method: 'COPY',
      url: use.what,
      latencyMs: 0,
      attempt: 1,
    };
    this.append(credentialId, event);
  }

  /** Keeps the newest events per credential, counts every one, and writes them soon (batched). */
  private append(credentialId: string, event: UsageEvent): void {
    const current = this.summary(credentialId);
    const next: UsageSummary = {
      events: [...current.events, event].slice(-maxEventsPerCredential),
      requestCount: current.requestCount + 1,
    };
    this.loaded.set(credentialId, next);
    this.pending.set(credentialId, next);
    this.scheduleFlush();
    for (const listener of this.listeners) listener(credentialId);
  }

  async forget(credentialId: string): Promise<void> {
    this.pending.delete(credentialId);
    this.loaded.delete(credentialId);
    await this.state.update(keyPrefix + credentialId, undefined);
  }

  /** Writes what is pending now (also on deactivate). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const [credentialId, summary] of [...this.pending.entries()]) {
      // Forgotten (the credential was deleted) while this flush ran: its log must not come back.
      if (this.pending.get(credentialId) !== summary) continue;
      try {
        await this.state.update(keyPrefix + credentialId, summary);
      } catch {
        this.scheduleFlush(); // kept pending: tried again shortly
        continue;
      }
      if (this.pending.get(credentialId) === summary) this.pending.delete(credentialId);
    }
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}
