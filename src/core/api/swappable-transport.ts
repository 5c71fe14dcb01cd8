/** Transports the extension composes: one replaced while in use when settings change, one that always fails. */
import type { SophosApiError } from './errors';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport';

/** A transport that can be replaced while in use (the extension rebuilds it when settings change). */
export class SwappableTransport implements HttpTransport {
  private current: Promise<HttpTransport>;
  private readonly all = new Set<HttpTransport>();
  private closed = false;

  constructor(initial: HttpTransport | Promise<HttpTransport>) {
    this.current = this.track(initial);
  }

  /** Requests sent from now on wait for `next`; the previous transport closes once its requests finish. */
  replace(next: HttpTransport | Promise<HttpTransport>): void {
    const previous = this.current;
    this.current = this.track(next);
    void previous.then((transport) => transport.close()).catch(() => undefined);
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new Error('The transport is closed.');
    return (await this.current).send(request);
  }

  preconnect(url: string): void {
    void this.current.then((transport) => transport.preconnect?.(url)).catch(() => undefined);
  }

  get connectionsOpened(): number {
    let total = 0;
    for (const transport of this.all) total += transport.connectionsOpened;
    return total;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((transport) => transport.close().catch(() => undefined)));
  }

  private track(transport: HttpTransport | Promise<HttpTransport>): Promise<HttpTransport> {
    const promise = Promise.resolve(transport);
    void promise.then(
      (resolved) => {
        this.all.add(resolved);
        if (this.closed) void resolved.close();
      },
      () => undefined,
    );
    return promise;
  }
}

/** A transport that fails every request with one error: a network setting that cannot be used. */
export class FailingTransport implements HttpTransport {
  readonly connectionsOpened = 0;
  constructor(private readonly error: SophosApiError) {}
  async send(): Promise<HttpResponse> {
    throw this.error;
  }
  async close(): Promise<void> {}
}
