import type { DirectoryReceipt, OperationResult } from '../lockdown/directory';
import type { BatchOutcome } from './graph-batch';

/** A batch item's outcome as the domain's result: a receipt, or Graph's refusal. */
export function toOperationResult(outcome: BatchOutcome | undefined): OperationResult {
  if (!outcome) {
    return {
      ok: false,
      failure: {
        status: 0,
        code: 'NoResult',
        message: 'Graph returned no result for this request.',
      },
    };
  }
  return outcome.ok
    ? { ok: true, receipt: receiptOf(outcome) }
    : { ok: false, failure: outcome.failure };
}

/** The receipt part of a successful outcome: request id, Graph's clock, network retries. */
export function receiptOf(outcome: DirectoryReceipt): DirectoryReceipt {
  const { requestId, serverTime, networkRetries } = outcome;
  return {
    ...(requestId ? { requestId } : {}),
    ...(serverTime ? { serverTime } : {}),
    ...(networkRetries ? { networkRetries } : {}),
  };
}
