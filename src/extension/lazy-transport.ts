/**
 * The extension's one transport. It is built at the first request, not at activation: building it reads CA
 * files and loads undici (the builder imports UndiciTransport dynamically). After a proxy or CA setting
 * changes, `rebuild()` drops it: the next request builds a new one, and the old one closes once its requests
 * are done. No vscode import here, so it is unit-tested in plain Node.
 */
import type { HttpRequest, HttpResponse, HttpTransport, SophosApiError } from '../core/api';

export class LazyTransport implements HttpTransport {
  private current: Promise<HttpTransport> | undefined;
  private readonly built = new Set<HttpTransport>();
  private closed = false;

  constructor(private readonly build: () => Promise<HttpTransport>) {}

  /** The next request builds a new transport; the current one closes after the requests it is serving. */
  rebuild(): void {
    const previous = this.current;
    this.current = undefined;
    void previous?.then((transport) => transport.close()).catch(() => undefined);
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    return (await this.transport()).send(request);
  }

  preconnect(url: string): void {
    this.transport().then(
      (transport) => transport.preconnect?.(url),
      () => undefined,
    );
  }

  get connectionsOpened(): number {
    let total = 0;
    for (const transport of this.built) total += transport.connectionsOpened;
    return total;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.built].map((transport) => transport.close().catch(() => undefined)));
  }

  private transport(): Promise<HttpTransport> {
    if (this.closed) return Promise.reject(new Error('The transport is closed.'));
    if (!this.current) {
      const building = this.build();
      this.current = building;
      building.then(
        (transport) => {
          this.built.add(transport);
          if (this.closed) void transport.close();
        },
        () => {
          // A build that failed is tried again by the next request.
          if (this.current === building) this.current = undefined;
        },
      );
    }
    return this.current;
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
