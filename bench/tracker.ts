/**
 * Marks, for the bot's runs, the moment each request's account steps are recorded as settled
 * (contained) and the moment it finishes: a progress listener that marks synchronously inside
 * the listener call, before the pipeline goes on.
 */
import type { ProgressListener } from '../src/lockdown/progress-listener';
import type { LockdownRequest, StepId } from '../src/lockdown/request';

/** The steps that contain the account. */
export const ACCOUNT_STEPS: readonly StepId[] = [
  'disable-account',
  'reset-password',
  'revoke-sessions',
];

/** When something happened: the clock and the simulator's round-trip counter, read together. */
export interface Mark {
  /** `performance.now()`: the simulator runs in this process, so its request log shares it. */
  readonly at: number;
  readonly roundTrips: number;
}

/** The two moments of one request. */
export interface Watch {
  readonly contained: Promise<Mark>;
  readonly finished: Promise<{ readonly mark: Mark; readonly request: LockdownRequest }>;
}

/** See the file's comment. */
export class Tracker implements ProgressListener {
  private readonly waiting = new Map<
    string,
    {
      contained?: (mark: Mark) => void;
      finished: (result: { mark: Mark; request: LockdownRequest }) => void;
    }
  >();

  /** @param mark - Reads the clock and the round-trip counter. */
  constructor(private readonly mark: () => Mark) {}

  /** Starts watching `requestId` (before it is approved). */
  watch(requestId: string): Watch {
    let contained!: (mark: Mark) => void;
    let finished!: (result: { mark: Mark; request: LockdownRequest }) => void;
    const watch: Watch = {
      contained: new Promise((resolve) => (contained = resolve)),
      finished: new Promise((resolve) => (finished = resolve)),
    };
    this.waiting.set(requestId, { contained, finished });
    return watch;
  }

  /** Marks the request contained once its account steps are all done or failed. */
  onChange(request: LockdownRequest): void {
    const waiter = this.waiting.get(request.id);
    if (!waiter?.contained) return;
    const settled = ACCOUNT_STEPS.every((step) =>
      request.steps.some((s) => s.step === step && (s.status === 'done' || s.status === 'failed')),
    );
    if (!settled) return;
    waiter.contained(this.mark());
    delete waiter.contained;
  }

  /** Marks the request finished. */
  onFinished(request: LockdownRequest): void {
    this.waiting.get(request.id)?.finished({ mark: this.mark(), request });
    this.waiting.delete(request.id);
  }
}
