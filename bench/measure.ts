/**
 * What one lockdown measurement records.
 */
import type { RecordedRequest } from '../src/simulator';

/** Timings and round trips of one lockdown, from the approval on. */
export interface Measurement {
  /** Graph round trips of the look-up (before approval). */
  readonly lookUpRoundTrips: number;
  /** Graph round trips from approval until disable, password and revoke were confirmed. */
  readonly containRoundTrips: number;
  /** Graph round trips from approval until every step was done. */
  readonly totalRoundTrips: number;
  /** Approval to disable, password and revoke confirmed, in ms. */
  readonly containMs: number;
  /** Approval to every step done, in ms. */
  readonly completeMs: number;
  /** Whether every step succeeded. */
  readonly completed: boolean;
  /** What did not succeed, for the report. */
  readonly problems: readonly string[];
  /** What the simulator saw from the approval on (batch items included). */
  readonly requests: readonly RecordedRequest[];
}

/** Milliseconds since `start` (from `performance.now()`). */
export function since(start: number): number {
  return performance.now() - start;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The `p`-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
