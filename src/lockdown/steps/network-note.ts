/**
 * The note a step's detail carries when its calls had to be sent again after a network error,
 * so a responder knows the network was unreliable while it ran.
 */
import type { OperationResult } from '../directory';

/** How many times, in all, the calls behind `results` were sent again after a network error. */
export function networkRetriesOf(results: readonly OperationResult[]): number {
  return results.reduce(
    (sum, result) =>
      sum + ((result.ok ? result.receipt.networkRetries : result.failure.networkRetries) ?? 0),
    0,
  );
}

/** " (retried after a network error)" when `retries` > 0, else "". */
export function networkNote(retries: number | undefined): string {
  if (!retries) return '';
  return retries === 1
    ? ' (retried after a network error)'
    : ` (retried ${retries} times after network errors)`;
}
