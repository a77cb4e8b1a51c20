/**
 * Graph JSON batching: up to 20 requests in one `POST /$batch` round trip, either all in
 * parallel or as one `dependsOn` chain that Graph runs in order. Graph answers each sub-request
 * on its own (in any order) and does NOT retry throttled ones, so this module does: a 429, 502,
 * 503 or 504 sub-response, a network error or timeout of the whole batch, and an answer that
 * cannot be used (no well-formed `responses`, an item missing or malformed, a body of the wrong
 * shape) are sent again while the budget allows; in a chain the requests that came back 424
 * because an earlier one failed are sent again, in order, in the next batch.
 */
import type { Logger } from 'pino';
import type { DirectoryFailure } from '../lockdown/request';
import { judge, type Tries, type Verdict } from './batch-verdicts';
import {
  type BatchItem,
  type BatchMode,
  type BatchOutcome,
  type ItemAnswer,
  MAX_BATCH_SIZE,
  postBatch,
} from './batch-wire';
import { type GraphTransport, pathOf } from './graph-transport';
import type { RetryBudget } from './retry-policy';

export { batchPayload, MAX_BATCH_SIZE } from './batch-wire';
export type { BatchItem, BatchMode, BatchOutcome } from './batch-wire';

/**
 * Runs `items` (at most 20) as batches until each has settled: answered, refused, or retried
 * beyond `budget`. Answers one outcome per item id; a success only for a 2xx sub-response to
 * that very request (with the item's schema, when it has one).
 *
 * Each throttled item waits its own `Retry-After`: in a parallel batch, the items that may go
 * again go at once, without waiting for a slower one. A chain goes again as a whole, from its
 * first unfinished item, when that item may.
 */
export async function runBatch(
  transport: GraphTransport,
  logger: Logger,
  items: readonly BatchItem[],
  mode: BatchMode,
  budget: RetryBudget,
): Promise<ReadonlyMap<string, BatchOutcome>> {
  checkItems(items);
  const outcomes = new Map<string, BatchOutcome>();
  const tries = new Map<string, Tries>();
  /** When each unsettled item may be sent (ms since the epoch), in request order. */
  let pending = new Map<BatchItem, number>(items.map((item) => [item, 0]));
  // Every round settles an item or uses up one of a finite number of tries: this is a backstop.
  const maxRounds = items.length * (budget.policy.maxAttempts + 1) + 1;
  for (let round = 0; [...pending.keys()].some((item) => !item.optional); round++) {
    if (round >= maxRounds) {
      throw new Error(`Batch retry loop did not settle after ${maxRounds} rounds (a bug).`);
    }
    const sendAt = nextSendTime(pending, mode);
    await budget.wait(sendAt - Date.now());
    const due = [...pending].filter(([, readyAt]) => readyAt <= sendAt).map(([item]) => item);
    const answers = await postBatch(transport, due, mode);
    const verdicts = judge(due, answers, mode, budget, tries);
    logRound(logger, due, answers, verdicts);
    pending = reschedule(pending, verdicts, outcomes);
  }
  for (const item of pending.keys()) {
    outcomes.set(item.id, { ok: false, failure: notSent(item) });
  }
  return outcomes;
}

/**
 * Records the settled items in `outcomes` and answers when each of the others may go again: a
 * retried one after its delay, a 424 behind it in the chain with it, one not due as before.
 */
function reschedule(
  pending: ReadonlyMap<BatchItem, number>,
  verdicts: ReadonlyMap<string, Verdict>,
  outcomes: Map<string, BatchOutcome>,
): Map<BatchItem, number> {
  const answeredAt = Date.now();
  let chainReadyAt = answeredAt;
  const next = new Map<BatchItem, number>();
  for (const [item, readyAt] of pending) {
    const verdict = verdicts.get(item.id);
    if (!verdict) {
      next.set(item, readyAt);
    } else if (verdict.kind === 'settled') {
      outcomes.set(item.id, verdict.outcome);
    } else if (verdict.kind === 'resend') {
      next.set(item, chainReadyAt);
    } else {
      chainReadyAt = answeredAt + verdict.delayMs;
      next.set(item, chainReadyAt);
    }
  }
  return next;
}

/** A chain goes when all of it may; parallel items go as soon as the first of them may. */
function nextSendTime(pending: ReadonlyMap<BatchItem, number>, mode: BatchMode): number {
  const times = [...pending.values()];
  return mode === 'sequential' ? Math.max(...times) : Math.min(...times);
}

function checkItems(items: readonly BatchItem[]): void {
  if (items.length > MAX_BATCH_SIZE) {
    throw new Error(`A batch holds at most ${MAX_BATCH_SIZE} requests, got ${items.length}.`);
  }
  if (new Set(items.map((item) => item.id)).size !== items.length) {
    throw new Error('Batch item ids must be unique.');
  }
}

function notSent(item: BatchItem): DirectoryFailure {
  return {
    status: 0,
    code: 'NotSent',
    message: `${item.request.method} ${pathOf(item.request.url)} was dropped: it was an optional read.`,
  };
}

function logRound(
  logger: Logger,
  pending: readonly BatchItem[],
  answers: ReadonlyMap<string, ItemAnswer>,
  verdicts: ReadonlyMap<string, Verdict>,
): void {
  logger.debug(
    {
      items: pending.map((item) => {
        const answer = answers.get(item.id);
        return {
          id: item.id,
          method: item.request.method,
          path: pathOf(item.request.url),
          status: answer?.kind === 'answered' ? answer.response.status : answer?.failure.status,
          ...(answer?.kind === 'unanswered' ? { code: answer.failure.code } : {}),
          next: verdicts.get(item.id)?.kind,
        };
      }),
    },
    'graph batch',
  );
}
