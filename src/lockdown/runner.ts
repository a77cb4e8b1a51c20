/**
 * Runs approved lockdowns, each under a lease: a runner claims a request through the store's
 * conditional write, renews the lease while the pipeline runs, and gives it up when it stops.
 * Every runner also sweeps on a timer, taking over `approved` requests nobody runs and `running`
 * ones whose lease lapsed (their runner died), so no lockdown waits for a restart and none runs
 * twice at once.
 */
import type { Logger } from 'pino';
import { giveUp, type PipelineDependencies, runPipeline } from './pipeline';
import type { LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** Settings of a runner. */
export interface RunnerOptions {
  readonly store: RequestStore;
  readonly logger: Logger;
  /** Unique per process: whose lease it is. */
  readonly owner: string;
  /** How long a claim or renewal holds, in ms. */
  readonly leaseMs: number;
  /** How often to look for requests nobody runs, in ms. */
  readonly sweepMs: number;
  /** What the pipeline needs besides the store, the owner and the stop signal. */
  readonly pipeline: Omit<PipelineDependencies, 'store' | 'owner' | 'shouldStop' | 'logger'>;
  /**
   * How many times a request may be claimed to run (its `claims`, counted by the store) before
   * a runner gives up on it instead of running it again: it records the steps still missing as
   * failed and finishes the request. Stops a run that fails the same way every time (a step
   * the store cannot record, say) from repeating for ever. Default 5.
   */
  readonly maxAttempts?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

/** One lease being held: renewed on a timer until the run ends. */
interface HeldLease {
  /** When the lease lapses unless renewed (ms since the epoch). */
  expiresAt: number;
  lost: boolean;
}

/** Claims, runs and resumes lockdowns under leases. */
export class LockdownRunner {
  private readonly active = new Map<string, Promise<void>>();
  private sweeper?: NodeJS.Timeout;
  private stopping = false;

  constructor(private readonly options: RunnerOptions) {
    if (!(options.leaseMs > 0 && options.sweepMs > 0)) {
      throw new Error('The lease and sweep intervals must be positive numbers of ms.');
    }
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new Error('maxAttempts must be a positive integer.');
    }
  }

  /** The owner id this runner writes its leases with. */
  get owner(): string {
    return this.options.owner;
  }

  /** Starts sweeping now and then every `sweepMs`. */
  start(): void {
    if (this.sweeper) return;
    const sweep = (): void => {
      this.sweep().catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'lockdown sweep failed; trying again');
      });
    };
    sweep();
    this.sweeper = setInterval(sweep, this.options.sweepMs);
    this.sweeper.unref();
  }

  /** Claims and runs `requestId` in the background (just approved); no-op if it runs here. */
  run(requestId: string): void {
    if (this.stopping || this.active.has(requestId)) return;
    void this.launch(requestId, false);
  }

  /**
   * Claims every request nobody is running (approved with no runner, or running with a lapsed
   * lease) and runs it. Answers how many it claimed.
   */
  async sweep(): Promise<number> {
    if (this.stopping) return 0;
    const now = this.now();
    const candidates = (await this.options.store.listInStates(['approved', 'running'])).filter(
      (request) => !this.active.has(request.id) && unattended(request, now),
    );
    let claimed = 0;
    for (const request of candidates) {
      if (this.stopping || this.active.has(request.id)) continue;
      if (await this.launch(request.id, true)) claimed++;
    }
    return claimed;
  }

  /**
   * Stops sweeping and asks every pipeline to stop at its next stage boundary; their leases are
   * given up, so another instance (or the next start) resumes them at once. Resolves when they
   * have stopped.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await this.drain();
  }

  /** Waits for every run of this runner to end. */
  async drain(): Promise<void> {
    while (this.active.size > 0) {
      await Promise.allSettled([...this.active.values()]);
    }
  }

  private track(requestId: string, run: Promise<unknown>): void {
    const tracked = run
      .then(() => undefined)
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, requestId }, 'lockdown run crashed');
      })
      .finally(() => {
        if (this.active.get(requestId) === tracked) this.active.delete(requestId);
      });
    this.active.set(requestId, tracked);
  }

  /**
   * Claims the request and runs it in the background; resolves once the claim is decided (true
   * when this runner won it). The request counts as active here from the start, so this process
   * never claims it twice.
   */
  private launch(requestId: string, resumed: boolean): Promise<boolean> {
    const { store, logger, owner, leaseMs } = this.options;
    let decided: (claimed: boolean) => void = () => undefined;
    const claimed = new Promise<boolean>((resolve) => (decided = resolve));
    const run = async (): Promise<void> => {
      const now = this.now();
      let request: LockdownRequest | undefined;
      try {
        request = await store.claim(
          requestId,
          owner,
          new Date(now + leaseMs).toISOString(),
          new Date(now).toISOString(),
        );
      } finally {
        decided(request !== undefined);
      }
      if (!request) {
        logger.info({ requestId }, 'lockdown is run by another runner');
        return;
      }
      const attempt = request.claims ?? 0;
      const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      if (attempt > maxAttempts) {
        await this.giveUp(request, attempt - 1);
        return;
      }
      if (resumed || request.steps.length > 0) {
        logger.warn(
          { requestId, steps: request.steps.length, owner, attempt },
          'resuming interrupted lockdown',
        );
      }
      try {
        await this.runClaimed(request, { expiresAt: now + leaseMs, lost: false });
      } catch (error) {
        // The lease stays until it lapses; then a sweep claims it again, up to maxAttempts.
        logger.error(
          { err: error, requestId, owner, attempt, maxAttempts },
          'lockdown run crashed; it is retried once its lease lapses',
        );
      }
    };
    this.track(requestId, run());
    return claimed;
  }

  private async runClaimed(request: LockdownRequest, lease: HeldLease): Promise<void> {
    const { store, logger, owner, leaseMs } = this.options;
    const renewer = setInterval(() => void this.renew(request.id, lease), leaseMs / 3);
    renewer.unref();
    let paused = false;
    try {
      const end = await runPipeline(request, {
        ...this.options.pipeline,
        store,
        logger,
        owner,
        // A lease that lapsed unrenewed may already be someone else's: stop at the boundary.
        shouldStop: () => this.stopping || lease.lost || this.now() >= lease.expiresAt,
      });
      paused = end.kind === 'paused';
    } finally {
      clearInterval(renewer);
    }
    if (paused && !lease.lost) {
      await store.releaseLease(request.id, owner).catch((error: unknown) => {
        logger.warn({ err: error, requestId: request.id }, 'could not give up the lease');
      });
    }
  }

  /** Finishes a request claimed once too often, without running it (see `maxAttempts`). */
  private async giveUp(request: LockdownRequest, attempts: number): Promise<void> {
    const { store, logger, owner } = this.options;
    await giveUp(request, attempts, { ...this.options.pipeline, store, logger, owner });
  }

  private async renew(requestId: string, lease: HeldLease): Promise<void> {
    if (lease.lost) return;
    const expiresAt = this.now() + this.options.leaseMs;
    try {
      const held = await this.options.store.renewLease(
        requestId,
        this.options.owner,
        new Date(expiresAt).toISOString(),
      );
      if (held) lease.expiresAt = expiresAt;
      else lease.lost = true;
    } catch (error) {
      // The store is unreachable: keep trying; the pipeline stops if the lease runs out.
      this.options.logger.warn({ err: error, requestId }, 'could not renew the lease');
    }
  }

  private now(): number {
    return this.options.pipeline.now().getTime();
  }
}

/** Approved with no runner, or running with no live lease. */
function unattended(request: LockdownRequest, now: number): boolean {
  if (request.state === 'approved') return true;
  return !request.lease || Date.parse(request.lease.expiresAt) <= now;
}
