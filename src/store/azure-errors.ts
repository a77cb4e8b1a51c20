/** How the Azure Tables store recognises and reports the SDK's errors. */
import { RestError } from '@azure/data-tables';

/** An error from the SDK's HTTP pipeline. Duck-typed: another copy of the SDK may throw it. */
export function isRestError(error: unknown): error is RestError {
  return error instanceof RestError || (error instanceof Error && error.name === 'RestError');
}

/** The HTTP status of an SDK error (412 for a batch whose conditional operation failed). */
export function statusOf(error: unknown): number | undefined {
  return isRestError(error) ? error.statusCode : undefined;
}

/** Wraps an SDK error in one that says what the store was doing. */
export function storageError(action: string, error: unknown): Error {
  // Our own errors (a corrupt row, a closed store) already say what went wrong.
  if (error instanceof Error && !isRestError(error)) return error;
  const status = statusOf(error);
  return new Error(
    `Azure Table Storage could not ${action}${status ? ` (HTTP ${status})` : ''}: ${errorMessage(error)}`,
    { cause: error },
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
