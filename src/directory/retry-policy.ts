/**
 * When to send a throttled or briefly unavailable Graph request again, and when to stop. One
 * policy covers top-level answers and `$batch` sub-responses alike, so a whole directory call
 * (however many round trips it takes) waits at most the budget.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Limits of the retries of one directory call. */
export interface RetryPolicy {
  /** Tries per request, the first included (1 = never retry). */
  readonly maxAttempts: number;
  /** Wall-clock time the call may spend waiting between tries, in ms. */
  readonly maxWaitMs: number;
  /** First wait when Graph sends no `Retry-After`; doubles on each further try, in ms. */
  readonly baseDelayMs: number;
  /** Longest wait computed by the backoff (not a cap on Graph's `Retry-After`), in ms. */
  readonly maxBackoffMs: number;
}

/** Up to 10 tries within 30 s of waiting: the time is the real bound; the tries cap short `Retry-After`s. */
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

/** What to do with a request that got a retryable answer. */
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
 * The retry allowance of one directory call: a number of tries per request, and a deadline for
 * waiting shared by every request of the call (parallel batches included).
 */
export class RetryBudget {
  private readonly deadline: number;
  private readonly startedAt: number;

  constructor(
    readonly policy: RetryPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.deadline = this.startedAt + policy.maxWaitMs;
  }

  /**
   * Whether the request may be sent again after its `attempt`-th try (1-based) got a retryable
   * answer carrying `retryAfter` (the header's raw value, if any), and after how long.
   */
  decide(attempt: number, retryAfter: string | undefined): RetryDecision {
    const { maxAttempts, maxWaitMs } = this.policy;
    if (attempt >= maxAttempts) {
      return { retry: false, reason: `${attempts(attempt)} (the limit is ${maxAttempts})` };
    }
    const now = this.now();
    const delayMs = retryAfterMs(retryAfter, now) ?? backoffMs(attempt, this.policy);
    if (now + delayMs > this.deadline) {
      const left = Math.max(0, this.deadline - now);
      return {
        retry: false,
        reason: `${attempts(attempt)} in ${seconds(now - this.startedAt)} s: it asked to wait ${seconds(delayMs)} s more, beyond the ${seconds(maxWaitMs)} s retry budget (${seconds(left)} s left)`,
      };
    }
    return { retry: true, delayMs };
  }

  /** Waits before a retry. */
  async wait(delayMs: number): Promise<void> {
    if (delayMs > 0) await sleep(delayMs);
  }
}

function attempts(count: number): string {
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** The message of a request that stayed throttled: says what Graph did and what was tried. */
export function gaveUpMessage(status: number, graphMessage: string, reason: string): string {
  const what = status === 429 ? 'kept throttling' : `kept answering ${status}`;
  return `Graph ${what} this request; gave up after ${reason}. Last answer: ${graphMessage}`;
}
