/**
 * When to send a throttled, briefly unavailable or unreachable Graph request again, and when to
 * stop. One policy covers top-level answers, `$batch` sub-responses and network errors alike, so
 * a whole directory call (however many round trips it takes) sleeps at most the budget.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Limits of the retries of one directory call. */
export interface RetryPolicy {
  /** Tries per request, the first included (1 = never retry). */
  readonly maxAttempts: number;
  /**
   * Time the call may spend SLEEPING between tries, in ms, summed over all its requests
   * (parallel ones included). Time spent waiting for Graph's answers does not count: each answer
   * is bounded by the request timeout instead, so a timed-out try can still be retried.
   */
  readonly maxWaitMs: number;
  /** First wait when Graph sends no `Retry-After`; doubles on each further try, in ms. */
  readonly baseDelayMs: number;
  /** Longest wait computed by the backoff (not a cap on Graph's `Retry-After`), in ms. */
  readonly maxBackoffMs: number;
}

/**
 * Up to 10 tries with at most 30 s of sleeping between them. With the 30 s request timeout, a
 * call that never gets an answer ends after at most 10 × 30 s + 30 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  maxWaitMs: 30_000,
  baseDelayMs: 1_000,
  maxBackoffMs: 8_000,
};

/** Graph's answers that mean "not now" rather than "no": throttled, or a gateway hiccup. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** True when a request that got `status` may succeed if sent again later. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * The wait `Retry-After` asks for, in ms: seconds, or an HTTP date. `undefined` when absent or
 * unreadable (then the caller backs off on its own).
 */
export function retryAfterMs(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with a little jitter, so parallel callers do not retry in lockstep. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, policy.maxBackoffMs);
  return Math.round(capped * (0.9 + 0.2 * random()));
}

/** What to do with a request that got a retryable answer (or none). */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: string };

/** Checks a policy's numbers, so a bad configuration fails at start-up, not mid-lockdown. */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { maxAttempts, maxWaitMs, baseDelayMs, maxBackoffMs } = policy;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new Error(`Retry policy: maxAttempts must be an integer >= 1, got ${maxAttempts}.`);
  }
  for (const [name, value] of Object.entries({ maxWaitMs, baseDelayMs, maxBackoffMs })) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new Error(`Retry policy: ${name} must be a number of ms >= 0, got ${value}.`);
    }
  }
  return policy;
}

/**
 * The retry allowance of one directory call: a number of tries per request, and an amount of
 * sleeping between tries shared by every request of the call (parallel batches included; they
 * may overrun it by one wait each, as they decide at the same time).
 */
export class RetryBudget {
  private slept = 0;

  /**
   * @param now - The clock, for `Retry-After` given as an HTTP date.
   * @param sleeper - How to sleep (tests pass one that does not).
   */
  constructor(
    readonly policy: RetryPolicy,
    private readonly now: () => number = Date.now,
    private readonly sleeper: (ms: number) => Promise<unknown> = sleep,
  ) {}

  /** The time slept between tries so far, in ms. */
  get sleptMs(): number {
    return this.slept;
  }

  /**
   * Whether the request may be sent again after its `attempt`-th try (1-based) got a retryable
   * answer carrying `retryAfter` (the header's raw value, if any) or no answer, and after how
   * long: Graph's `Retry-After`, else the backoff.
   */
  decide(attempt: number, retryAfter: string | undefined): RetryDecision {
    const { maxAttempts, maxWaitMs } = this.policy;
    if (attempt >= maxAttempts) {
      return { retry: false, reason: `${attempts(attempt)} (the limit is ${maxAttempts})` };
    }
    const asked = retryAfterMs(retryAfter, this.now());
    const delayMs = asked ?? backoffMs(attempt, this.policy);
    const left = Math.max(0, maxWaitMs - this.slept);
    if (delayMs > left) {
      const who = asked === undefined ? 'the backoff would wait' : 'Graph asked to wait';
      return {
        retry: false,
        reason: `${attempts(attempt)}: ${who} ${seconds(delayMs)} s more, beyond the ${seconds(maxWaitMs)} s retry budget for waiting between tries (${seconds(left)} s left)`,
      };
    }
    return { retry: true, delayMs };
  }

  /** Sleeps before a retry; the time counts against the budget. */
  async wait(delayMs: number): Promise<void> {
    if (delayMs <= 0) return;
    this.slept += delayMs;
    await this.sleeper(delayMs);
  }
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/**
 * The message of a request that stayed throttled, unavailable or unreachable: says what
 * happened and what was tried. `status` 0 means no usable answer (`message` says why).
 */
export function gaveUpMessage(status: number, message: string, reason: string): string {
  if (status === 0) return `${message.replace(/\.$/, '')}; gave up after ${reason}.`;
  const what = status === 429 ? 'kept throttling' : `kept answering ${status}`;
  return `Graph ${what} this request; gave up after ${reason}. Last answer: ${message}`;
}
