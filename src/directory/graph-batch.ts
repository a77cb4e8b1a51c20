/**
 * Graph JSON batching: up to 20 requests in one `POST /$batch` round trip, either all in
 * parallel or as one `dependsOn` chain that Graph runs in order. Graph answers each sub-request
 * on its own (in any order) and does NOT retry throttled ones, so this module does: a 429, 502,
 * 503 or 504 sub-response is sent again after its own `Retry-After` while the budget allows, and
 * in a chain the requests that came back 424 because an earlier one failed are sent again, in
 * order, in the next batch.
 */
import type { Logger } from 'pino';
import type { DirectoryFailure } from '../lockdown/request';
import {
  type BatchItem,
  type BatchMode,
  type BatchOutcome,
  header,
  MAX_BATCH_SIZE,
  postBatch,
  type SubResponse,
} from './batch-wire';
import { graphFailure } from './graph-failure';
import { type GraphTransport, pathOf } from './graph-transport';
import { gaveUpMessage, isRetryableStatus, type RetryBudget } from './retry-policy';

export { batchPayload, MAX_BATCH_SIZE } from './batch-wire';
export type { BatchItem, BatchMode, BatchOutcome } from './batch-wire';

/** What one round trip did with one pending item. */
type Verdict =
  | { readonly kind: 'settled'; readonly outcome: BatchOutcome }
  | { readonly kind: 'retry'; readonly delayMs: number }
  /** Came back 424 behind an earlier failure in the chain: send again, no wait, no try used. */
  | { readonly kind: 'resend' };

/**
 * Runs `items` (at most 20) as batches until each has settled: answered, refused, or throttled
 * beyond `budget`. Answers one outcome per item id.
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
  const attempts = new Map<string, number>();
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
    const responses = await postBatch(transport, due, mode);
    const verdicts = judge(due, responses, mode, budget, attempts);
    logRound(logger, due, responses, verdicts);
    pending = reschedule(pending, verdicts, outcomes);
  }
  for (const item of pending.keys()) {
    outcomes.set(item.id, { ok: false, failure: notSent(item) });
  }
  return outcomes;
}

/**
 * Records the settled items in `outcomes` and answers when each of the others may go again: a
 * throttled one after its delay, a 424 behind it in the chain with it, one not due as before.
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

/** Decides, in request order, what to do with each pending item after one round trip. */
function judge(
  pending: readonly BatchItem[],
  responses: ReadonlyMap<string, SubResponse>,
  mode: BatchMode,
  budget: RetryBudget,
  attempts: Map<string, number>,
): ReadonlyMap<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  let chainBroken = false;
  for (const item of pending) {
    const response = responses.get(item.id);
    if (!response) {
      verdicts.set(item.id, settledFailure(missing(item)));
      chainBroken = true;
      continue;
    }
    const { status } = response;
    if (status >= 200 && status < 300) {
      verdicts.set(item.id, { kind: 'settled', outcome: success(response) });
      continue;
    }
    if (mode === 'sequential' && chainBroken && status === 424) {
      verdicts.set(item.id, { kind: 'resend' });
      continue;
    }
    chainBroken = true;
    const failure = failureOf(response);
    if (!isRetryableStatus(status) || item.optional) {
      verdicts.set(item.id, settledFailure(failure));
      continue;
    }
    const attempt = (attempts.get(item.id) ?? 0) + 1;
    attempts.set(item.id, attempt);
    const decision = budget.decide(attempt, header(response.headers, 'retry-after'));
    verdicts.set(
      item.id,
      decision.retry
        ? { kind: 'retry', delayMs: decision.delayMs }
        : settledFailure({
            ...failure,
            message: gaveUpMessage(status, failure.message, decision.reason),
          }),
    );
  }
  return verdicts;
}

function settledFailure(failure: DirectoryFailure): Verdict {
  return { kind: 'settled', outcome: { ok: false, failure } };
}

function success(response: SubResponse): BatchOutcome {
  const requestId = header(response.headers, 'request-id') ?? response.batchRequestId;
  return {
    ok: true,
    status: response.status,
    body: response.body,
    ...(requestId ? { requestId } : {}),
  };
}

function failureOf(response: SubResponse): DirectoryFailure {
  const failure = graphFailure(
    response.status,
    response.body,
    header(response.headers, 'request-id'),
  );
  // Without its own id, the batch's still lets Microsoft support find the request.
  return failure.requestId || !response.batchRequestId
    ? failure
    : { ...failure, requestId: response.batchRequestId };
}

function missing(item: BatchItem): DirectoryFailure {
  return {
    status: 0,
    code: 'MissingBatchResponse',
    message: `Graph's $batch answer had no response for ${item.request.method} ${pathOf(item.request.url)}.`,
  };
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
  responses: ReadonlyMap<string, SubResponse>,
  verdicts: ReadonlyMap<string, Verdict>,
): void {
  logger.debug(
    {
      items: pending.map((item) => ({
        id: item.id,
        method: item.request.method,
        path: pathOf(item.request.url),
        status: responses.get(item.id)?.status,
        next: verdicts.get(item.id)?.kind,
      })),
    },
    'graph batch',
  );
}
