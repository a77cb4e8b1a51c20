/**
 * One warning line per refused request, without a stack, and at most so many a minute: a flood
 * of junk must not turn into a flood of log lines (disk, log ingestion costs, noise that hides
 * the one line that matters). What is held back is counted in one summary line.
 */
import type { Logger } from 'pino';

/** How many refusals are logged per window, and how long a window is. */
export interface RefusalLogOptions {
  /** Lines per window before the rest are only counted; default 20. */
  readonly perWindow?: number;
  /** Default one minute. */
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** Small, caller-chosen fields for the log line: never a request body or an error object. */
export type RefusalDetails = Readonly<Record<string, string | number | boolean | undefined>>;

/** Logs refused requests, rate limited; shared by every part of the front door. */
export class RefusalLog {
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private suppressed = 0;
  private summaryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    options: RefusalLogOptions = {},
  ) {
    this.perWindow = options.perWindow ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Records one refusal: `request refused: <what>` with `details`, or counts it. */
  refuse(what: string, details: RefusalDetails): void {
    this.roll();
    if (this.logged < this.perWindow) {
      this.logged++;
      this.logger.warn(details, `request refused: ${what}`);
      return;
    }
    this.suppressed++;
    // The summary is written when the window ends, even if no refusal comes after it.
    this.summaryTimer ??= setTimeout(
      () => {
        this.summaryTimer = undefined;
        this.roll(true);
      },
      Math.max(0, this.windowStart + this.windowMs - this.now()),
    ).unref();
  }

  /**
   * Starts a new window once the current one is over (or now, when `force`d by the timer, whose
   * clock may run a millisecond ahead of `now`), summing up what the last one held back.
   */
  private roll(force = false): void {
    const now = this.now();
    if (!force && now - this.windowStart < this.windowMs) return;
    if (this.suppressed > 0) {
      this.logger.warn(
        { suppressed: this.suppressed, windowSeconds: this.windowMs / 1000 },
        `request refused: ${this.suppressed} more refusals not logged (at most ${this.perWindow} lines per window)`,
      );
    }
    this.windowStart = now;
    this.logged = 0;
    this.suppressed = 0;
  }
}
