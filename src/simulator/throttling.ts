/**
 * Graph-style throttling: a token bucket per (app id, tenant), as Microsoft Graph's identity
 * service limits count "resource units" per app and tenant. Every request takes tokens (a write
 * more than a read); a request the bucket cannot pay for is answered 429 `TooManyRequests` with
 * a `Retry-After` saying when enough tokens will be back, and takes nothing. Inside a `$batch`,
 * each sub-request is paid for on its own, so some of a batch may pass while the rest answer 429
 * with their own `Retry-After`, as Graph does.
 */
import { GraphError } from './graph-error';

/** How `Retry-After` is written. */
export type RetryAfterFormat = 'whole-seconds' | 'fractional';

/** The bucket's numbers; throttling is on when the simulator is given these. */
export interface ThrottlingOptions {
  /** Tokens a full bucket holds (the burst allowed from rest); more than 0. */
  readonly capacity: number;
  /** Tokens added back per second, up to `capacity`; more than 0. */
  readonly refillPerSecond: number;
  /** Tokens a GET takes; default 1. */
  readonly readCost?: number;
  /** Tokens a POST, PATCH, PUT or DELETE takes; default 2. */
  readonly writeCost?: number;
  /**
   * Tokens the `$batch` envelope itself takes (its sub-requests pay their own); default 0. When
   * the bucket cannot pay it, the whole batch answers 429 and none of it runs.
   */
  readonly batchCost?: number;
  /**
   * `whole-seconds` (default): the wait rounded up to whole seconds, at least 1, as Graph sends
   * it. `fractional`: seconds with millisecond precision (e.g. `0.021`), for benchmarks whose
   * round trips take milliseconds, where whole seconds would dwarf everything else.
   */
  readonly retryAfter?: RetryAfterFormat;
}

/** What a request is, as far as its price goes. */
export type ChargeKind = 'request' | 'batch';

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms (the bucket's clock). */
  at: number;
}

const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** The token buckets of every (app, tenant) that has called, and their prices. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private refused = 0;
  private readonly readCost: number;
  private readonly writeCost: number;
  private readonly batchCost: number;

  /**
   * @param options - See {@link ThrottlingOptions}.
   * @param now - The clock, in ms (monotonic); tests pass their own.
   * @throws Error for a capacity or refill rate not above 0, a negative cost, a cost above the
   *   capacity (it could never be paid) or an unknown `retryAfter` format.
   */
  public constructor(
    private readonly options: ThrottlingOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    const { capacity, refillPerSecond } = options;
    this.readCost = options.readCost ?? 1;
    this.writeCost = options.writeCost ?? 2;
    this.batchCost = options.batchCost ?? 0;
    if (!(Number.isFinite(capacity) && capacity > 0)) {
      throw new Error(`Throttling capacity must be a number above 0, got ${capacity}.`);
    }
    if (!(Number.isFinite(refillPerSecond) && refillPerSecond > 0)) {
      throw new Error(`Throttling refillPerSecond must be above 0, got ${refillPerSecond}.`);
    }
    for (const [name, cost] of Object.entries({
      readCost: this.readCost,
      writeCost: this.writeCost,
      batchCost: this.batchCost,
    })) {
      if (!(Number.isFinite(cost) && cost >= 0 && cost <= capacity)) {
        throw new Error(`Throttling ${name} must be from 0 to the capacity, got ${cost}.`);
      }
    }
    const format: unknown = options.retryAfter ?? 'whole-seconds';
    if (format !== 'whole-seconds' && format !== 'fractional') {
      throw new Error(
        `Throttling retryAfter must be whole-seconds or fractional, got ${String(format)}.`,
      );
    }
  }

  /** 429 answers given so far (top-level and batch items), since the last {@link reset}. */
  public get throttled(): number {
    return this.refused;
  }

  /**
   * Takes the request's price from the caller's bucket, or answers why not.
   *
   * @param appId - The `appid` of the caller's token.
   * @param tenantId - The `tid` of the caller's token.
   * @param method - Upper-case HTTP method.
   * @param kind - `batch` for the `$batch` envelope, `request` for anything else (items too).
   * @returns Undefined when paid; otherwise a 429 `TooManyRequests` with `Retry-After`.
   */
  public charge(
    appId: string,
    tenantId: string,
    method: string,
    kind: ChargeKind,
  ): GraphError | undefined {
    const cost = this.costOf(method, kind);
    if (cost === 0) {
      return undefined;
    }
    const bucket = this.current(`${appId}|${tenantId}`);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return undefined;
    }
    this.refused += 1;
    const waitSeconds = (cost - bucket.tokens) / this.options.refillPerSecond;
    return new GraphError(
      429,
      'TooManyRequests',
      'Too many requests. Retry after the time given in Retry-After.',
      { 'Retry-After': this.format(waitSeconds) },
    );
  }

  /** Tokens in the bucket of (app, tenant) now; a full bucket for one that never called. */
  public tokens(appId: string, tenantId: string): number {
    return this.current(`${appId}|${tenantId}`).tokens;
  }

  /** Fills every bucket and forgets the 429 count, so a benchmark run starts from rest. */
  public reset(): void {
    this.buckets.clear();
    this.refused = 0;
  }

  private costOf(method: string, kind: ChargeKind): number {
    if (kind === 'batch') return this.batchCost;
    return READ_METHODS.has(method) ? this.readCost : this.writeCost;
  }

  /** The bucket of `key`, refilled for the time since it was last looked at. */
  private current(key: string): Bucket {
    const now = this.now();
    const { capacity, refillPerSecond } = this.options;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    }
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * refillPerSecond);
    bucket.at = now;
    return bucket;
  }

  private format(seconds: number): string {
    if (this.options.retryAfter === 'fractional') {
      // Whole milliseconds, rounded up so a client that waits exactly this long can pay.
      return String(Math.max(1, Math.ceil(seconds * 1000)) / 1000);
    }
    return String(Math.max(1, Math.ceil(seconds)));
  }
}
