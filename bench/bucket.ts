/**
 * The token bucket of the throttled runs, and the least time it allows for a run: whatever a
 * client does, the bucket pays out its capacity at once and then `refillPerSecond`, so a run
 * that needs T tokens takes at least (T - capacity) / refill. T counts what the simulator
 * actually charged: every request and batch item it answered, except those it refused 429 and
 * the items it skipped 424 (neither is charged); the `$batch` envelope at its own price.
 */
import type { RecordedRequest, ThrottlingOptions } from '../src/simulator';

/** The bucket's numbers, every one set. */
export interface BucketSettings extends ThrottlingOptions {
  /** Tokens a GET takes. */
  readonly readCost: number;
  /** Tokens a write takes. */
  readonly writeCost: number;
  /** Tokens the `$batch` envelope takes. */
  readonly batchCost: number;
}

/** "10 tokens, 100 per second; read 1, write 2". */
export function describeBucket(bucket: BucketSettings): string {
  const batch = bucket.batchCost === 0 ? 'the $batch envelope free' : `$batch ${bucket.batchCost}`;
  return (
    `${bucket.capacity} tokens, refilled at ${bucket.refillPerSecond} per second; ` +
    `a read takes ${bucket.readCost}, a write ${bucket.writeCost}, each batch item on its own, ${batch}`
  );
}

/** The tokens the simulator charged for `requests` (see the file's comment). */
export function tokensCharged(
  requests: readonly RecordedRequest[],
  bucket: BucketSettings,
): number {
  let tokens = 0;
  for (const request of requests) {
    if (request.status === 429 || request.status === 424 || request.status === 0) continue;
    const envelope = request.batchId === undefined && request.path === '/$batch';
    tokens += envelope
      ? bucket.batchCost
      : request.method === 'GET'
        ? bucket.readCost
        : bucket.writeCost;
  }
  return tokens;
}

/** The least time the bucket allows for `tokens`, in ms, starting full. */
export function floorMs(tokens: number, bucket: BucketSettings): number {
  return (Math.max(0, tokens - bucket.capacity) / bucket.refillPerSecond) * 1000;
}

/** 429 answers among `requests` (top-level and batch items). */
export function throttledCount(requests: readonly RecordedRequest[]): number {
  return requests.filter((request) => request.status === 429).length;
}

/**
 * The most 429s any one request got in `requests` (the same method, path and body, top-level or
 * as a batch item): each is one of the bot's 10 tries of that request used up.
 */
export function mostRefusals(requests: readonly RecordedRequest[]): number {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (request.status !== 429 || request.path === '/$batch') continue;
    // Disable and password reset share a path: the (redacted) body tells them apart.
    const key = `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}
