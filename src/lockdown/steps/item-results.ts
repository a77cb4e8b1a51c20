/**
 * What the option steps share: per-item outcomes from the directory's results, a step's
 * status and detail line from them, and a listing that could not be read.
 */
import { DirectoryError, type OperationResult } from '../directory';
import type { ItemOutcome, StepId } from '../request';
import { networkNote, networkRetriesOf } from './network-note';
import { refusalNote } from './operation-result';
import { STEP_REQUIREMENTS } from './requirements';
import type { StepResult } from './step';

/** An item the step acts on: its id and what to call it. */
export interface Item {
  readonly id: string;
  readonly label: string;
}

/** One outcome per item, from the directory's results (same order). */
export function itemOutcomes(
  step: StepId,
  items: readonly Item[],
  results: readonly (OperationResult | undefined)[],
): ItemOutcome[] {
  return items.map((item, index): ItemOutcome => {
    const result = results[index];
    if (result?.ok) return { ...item, status: 'done' };
    if (!result) return { ...item, status: 'failed', note: 'The directory returned no result' };
    return {
      ...item,
      status: 'failed',
      failure: result.failure,
      note:
        result.failure.status === 403
          ? `refused${refusalNote(step, 403)}: ${result.failure.message}`
          : result.failure.message,
    };
  });
}

/**
 * The step's result: `done` when every item was handled, `failed` otherwise; `detail` is
 * "N of M <what> <done>" (or `none` when there was nothing to act on).
 */
export function itemsResult(
  outcomes: readonly ItemOutcome[],
  results: readonly OperationResult[],
  words: { readonly what: string; readonly done: string; readonly none: string },
): StepResult {
  if (outcomes.length === 0) return { status: 'done', detail: words.none, items: [] };
  const handled = outcomes.filter((outcome) => outcome.status === 'done').length;
  const networkRetries = networkRetriesOf(results);
  return {
    status: handled === outcomes.length ? 'done' : 'failed',
    detail: `${handled} of ${outcomes.length} ${words.what} ${words.done}${networkNote(networkRetries)}`,
    items: outcomes,
    ...(networkRetries ? { networkRetries } : {}),
  };
}

/** A listing the step needed could not be read: the step fails, saying what the app needs. */
export function listingFailed(step: StepId, error: unknown): StepResult {
  if (!(error instanceof DirectoryError)) throw error;
  const { failure } = error;
  const needs =
    failure.status === 403 ? ` (the app needs ${STEP_REQUIREMENTS[step].permission})` : '';
  return {
    status: 'failed',
    detail: `Could not list them: ${failure.message}${needs}`,
    failure,
  };
}
