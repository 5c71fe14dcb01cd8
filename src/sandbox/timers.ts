/**
 * Every timer the sandbox starts (latency, drip), so close() can clear them all and never leave the process
 * waiting on one.
 */
export class TimerSet {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** Resolves after ms; never resolves once clear() ran, so nothing replies after close(). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.add(timer);
    });
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
