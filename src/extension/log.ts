/**
 * One LogOutputChannel for the extension, with a component tag per line. Lines pass through `scrub`, a last
 * line of defence: nothing upstream logs a secret, and this makes sure a token-shaped string never lands.
 */
import * as vscode from 'vscode';
import type { RequestRecord } from '../core/api';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export class ExtensionLog implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Sophos Central', { log: true });

  component(tag: string): Logger {
    const line = (message: string) => `[${tag}] ${scrub(message)}`;
    return {
      info: (message) => this.channel.info(line(message)),
      warn: (message) => this.channel.warn(line(message)),
      error: (message) => this.channel.error(line(message)),
      debug: (message) => this.channel.debug(line(message)),
    };
  }

  /** One line per HTTP attempt: method, origin and path (no query), status, time, support id. Never a header value. */
  request(record: RequestRecord): void {
    const outcome = record.status ? String(record.status) : (record.errorKind ?? 'no reply');
    const retry = record.attempt > 1 ? ` (attempt ${record.attempt})` : '';
    const support = record.supportId ? ` id=${record.supportId}` : '';
    const feature = record.feature ? ` [${record.feature}]` : '';
    const message = `${record.method} ${record.url} → ${outcome} in ${Math.round(record.latencyMs)} ms${retry}${support}${feature}`;
    if (record.errorKind) this.channel.warn(`[http] ${scrub(message)}`);
    else this.channel.debug(`[http] ${scrub(message)}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Masks bearer tokens, JWTs and SLS tokens. */
export function scrub(text: string): string {
  return text
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted jwt]')
    .replace(/\bSLS-[A-Za-z0-9_-]{8,}/g, 'SLS-[redacted]');
}
