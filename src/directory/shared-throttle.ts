/**
 * One throttling budget for every call through a transport. Graph throttles per app and tenant,
 * not per call: when one request is told 429 with `Retry-After`, every other request of the app
 * would be told the same, so none is sent before that time. Until the burst is over, requests
 * then go one at a time, and one more at once after each answer that was not throttled, spaced
 * by the last `Retry-After` (at most 100 ms: the time the bucket took to pay for one request)
 * over how many may go: released all at once, they would mostly be refused again, and every
 * refusal uses up one of a request's tries. The burst is over when an answer comes back
 * unthrottled with nothing waiting to be sent, or when no 429 has come back for a while.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { retryAfterMs } from './retry-policy';

/** What an answer says about throttling. */
export interface ThrottleSignal {
  /** A 429 came back: top-level, or for an item of a `$batch`. */
  readonly throttled: boolean;
  /**
   * The shortest `Retry-After` among those 429s, in ms, when they gave one: before then Graph
   * lets nothing through; each throttled request still waits its own (batch items included).
   */
  readonly retryAfterMs?: number;
  /**
   * The sum of those `Retry-After`s, in ms: about the time the bucket needs to pay for every
   * request it refused here, when each `Retry-After` is the time to pay for that one alone.
   */
  readonly owedMs?: number;
}

/** Tuning of {@link SharedThrottle}. */
export interface SharedThrottleOptions {
  /**
   * A `Retry-After` longer than this (ms) is not waited out by the other calls: the call that
   * got it gives up (it is beyond its retry budget), and so do they, at once, rather than after
   * a wait that cannot end in time. Default 30 s (the default retry budget's).
   */
  readonly maxPauseMs?: number;
  /** Time without a 429 after which requests go at full speed again, in ms; default 5 s. */
  readonly quietMs?: number;
  /**
   * Longest wait between answer and next request while throttled, in ms; default 100. Graph
   * rounds `Retry-After` up to whole seconds, far longer than the bucket takes to pay for one
   * request: one request a second would starve the calls waiting.
   */
  readonly maxPaceMs?: number;
  /** The clock, in ms since the epoch. */
  readonly now?: () => number;
}

/** A slot to send one request in; give it back with what the answer said. */
export interface ThrottlePermit {
  /** Call once, when the answer is read; `undefined` when no answer came back. */
  done(signal: ThrottleSignal | undefined): void;
}

/** The shared wait, the in-flight limit and the pace; see the file's comment. */
export class SharedThrottle {
  private pausedUntil = 0;
  /** Since the last 429, until the burst is over: one request at a time, paced. */
  private throttled = false;
  /** While throttled: requests allowed in flight at once, one more after each clean answer. */
  private limit = 1;
  /** The last `Retry-After` (ms) that was waited out: the pace while throttled. */
  private paceMs = 0;
  private lastThrottledAt = 0;
  private inFlight = 0;
  /** Calls in {@link acquire} not yet given a slot. */
  private queued = 0;
  private waiting: (() => void)[] = [];
  private readonly maxPauseMs: number;
  private readonly quietMs: number;
  private readonly maxPaceMs: number;
  private readonly now: () => number;

  /** @param options - See {@link SharedThrottleOptions}. */
  constructor(options: SharedThrottleOptions = {}) {
    this.maxPauseMs = options.maxPauseMs ?? 30_000;
    this.quietMs = options.quietMs ?? 5_000;
    this.maxPaceMs = options.maxPaceMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  /** Requests that may be in flight at once now: from 1 up while throttled, else `Infinity`. */
  get inFlightLimit(): number {
    if (this.throttled && this.now() - this.lastThrottledAt > this.quietMs) this.throttled = false;
    return this.throttled ? this.limit : Number.POSITIVE_INFINITY;
  }

  /** Until when (ms since the epoch) nothing is sent; in the past when not paused. */
  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  /** Waits until a request may be sent: after the shared wait, and in a free slot. */
  async acquire(): Promise<ThrottlePermit> {
    this.queued++;
    try {
      for (;;) {
        const wait = this.pausedUntil - this.now();
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
        if (this.inFlight < this.inFlightLimit) {
          this.inFlight++;
          return this.permit();
        }
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      }
    } finally {
      this.queued--;
    }
  }

  private permit(): ThrottlePermit {
    let given = false;
    return {
      done: (signal) => {
        if (given) return;
        given = true;
        this.inFlight--;
        if (signal) this.learn(signal);
        // Everyone waiting looks again: a slot is free, or the wait has changed.
        const waiting = this.waiting;
        this.waiting = [];
        for (const wake of waiting) wake();
      },
    };
  }

  private learn(signal: ThrottleSignal): void {
    const now = this.now();
    if (signal.throttled) {
      this.throttled = true;
      this.limit = 1;
      this.lastThrottledAt = now;
      const soonest = signal.retryAfterMs;
      if (soonest !== undefined && soonest <= this.maxPauseMs) {
        this.paceMs = Math.min(soonest, this.maxPaceMs);
        // Long enough for the bucket to pay for all it refused (within the pace's bound).
        const owed = Math.min(signal.owedMs ?? soonest, this.maxPaceMs);
        this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(soonest, owed));
      }
    } else if (this.throttled) {
      if (this.queued === 0) {
        this.throttled = false; // nothing waits: the burst is over
      } else {
        // Paid for: one more at once, spaced by the time the bucket took to pay for one.
        this.limit += 1;
        this.pausedUntil = Math.max(this.pausedUntil, now + this.paceMs / this.limit);
      }
    }
  }
}

/**
 * What an answer says about throttling: its own status and `Retry-After`, and for a `$batch`
 * answer, those of its items (read leniently: a malformed answer is simply not throttled).
 */
export function throttleSignal(
  status: number,
  retryAfter: string | undefined,
  body: unknown,
  now: number = Date.now(),
): ThrottleSignal {
  const waits: (number | undefined)[] = [];
  if (status === 429) waits.push(retryAfterMs(retryAfter, now));
  const responses = isObject(body) && Array.isArray(body['responses']) ? body['responses'] : [];
  for (const item of responses as unknown[]) {
    if (!isObject(item) || item['status'] !== 429) continue;
    const headers = isObject(item['headers']) ? item['headers'] : {};
    const name = Object.keys(headers).find((key) => key.toLowerCase() === 'retry-after');
    const value = name === undefined ? undefined : headers[name];
    waits.push(retryAfterMs(typeof value === 'string' ? value : undefined, now));
  }
  if (waits.length === 0) return { throttled: false };
  const given = waits.filter((wait): wait is number => wait !== undefined);
  if (given.length === 0) return { throttled: true };
  const owedMs = given.reduce((sum, wait) => sum + wait, 0);
  return { throttled: true, retryAfterMs: Math.min(...given), owedMs };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
