/**
 * The one door to HTTP. Everything above it sees `HttpTransport`, so tests and the benchmark can drive every
 * flow against a loopback server; UndiciTransport (undici-transport.ts) is the real one.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Connections opened so far, per origin: keep-alive reuse is visible in tests and the benchmark. */
  readonly connectionsOpened: number;
  /**
   * Opens a connection to the URL's origin ahead of a request that will follow (while a sign-in is in flight).
   * A hint: a transport may ignore it, and one that has a connection there does.
   */
  preconnect?(url: string): void;
  close(): Promise<void>;
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
