/**
 * Work a turn starts but does not wait for (a Graph look-up that may outlast Teams' patience).
 * Failures are logged, never thrown into a finished turn; shutdown waits for what is in flight.
 */
import type { Logger } from 'pino';

/** Runs and tracks detached work. */
export class DetachedWork {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` now, without waiting for it. */
  run(work: () => Promise<void>): void {
    const tracked: Promise<void> = work()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'detached work failed');
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Resolves when everything started so far has ended. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }
}
