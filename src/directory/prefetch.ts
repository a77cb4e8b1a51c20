/**
 * Reads that Graph made inside an earlier batch, kept briefly for the call that needs them next,
 * so that call costs no round trip. Each entry is used at most once and only while fresh; a miss
 * simply means a real request.
 */

/** A short-lived, take-once store keyed by user id. */
export class Prefetched<T> {
  private readonly entries = new Map<string, { readonly value: T; readonly at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps `value` for `key`, replacing an older one. */
  put(key: string, value: T): void {
    this.evictStale();
    this.entries.set(key, { value, at: this.now() });
  }

  /** The value kept for `key` if it is still fresh; it is gone afterwards either way. */
  take(key: string): T | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry && this.now() - entry.at <= this.ttlMs ? entry.value : undefined;
  }

  /** Drops what `key` holds (e.g. a newer write made it stale). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Drops everything (a write whose user is not known made it all suspect). */
  clear(): void {
    this.entries.clear();
  }

  private evictStale(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now - entry.at > this.ttlMs) this.entries.delete(key);
    }
  }
}
