/**
 * Graph JSON batching: up to 20 requests in one `POST /$batch` round trip, either all in
 * parallel or as one `dependsOn` chain that Graph runs in order. Graph answers each sub-request
 * on its own (in any order) and does NOT retry throttled ones, so this module does: a 429, 502,
 * 503 or 504 sub-response is sent again after its own `Retry-After` while the budget allows, and
 * in a chain the requests that came back 424 because an earlier one failed are sent again, in
 * order, in the next batch.
 */
import type { Logger } from 'pino';
import { DirectoryError } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import { graphFailure } from './graph-failure';
import type { GraphRequest } from './graph-requests';
import { type GraphTransport, pathOf, type RawAnswer } from './graph-transport';
import { gaveUpMessage, isRetryableStatus, type RetryBudget } from './retry-policy';

/** Graph's limit of requests in one `$batch`. */
export const MAX_BATCH_SIZE = 20;

/** A request to put in a batch. */
export interface BatchItem {
  /** Unique in the batch. */
  readonly id: string;
  readonly request: GraphRequest;
  /**
   * A read the caller can do without (a prefetch): it is never retried and never holds the batch
   * up once the other items are settled.
   */
  readonly optional?: boolean;
}

/** How one item ended. */
export type BatchOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly body: unknown;
      /** The sub-response's request id, or the enclosing `$batch`'s. */
      readonly requestId?: string;
    }
  | { readonly ok: false; readonly failure: DirectoryFailure };

/** Whether Graph may run the items side by side or must run them one after the other. */
export type BatchMode = 'parallel' | 'sequential';

/** One entry of the `responses` of a `$batch` answer. */
interface SubResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The request id of the `$batch` that carried it. */
  readonly batchRequestId?: string;
}

/** What one round trip did with one pending item. */
type Verdict =
  | { readonly kind: 'settled'; readonly outcome: BatchOutcome }
  | { readonly kind: 'retry'; readonly delayMs: number }
  /** Came back 424 behind an earlier failure in the chain: send again, no wait, no try used. */
  | { readonly kind: 'resend' };

/**
 * Runs `items` (at most 20) as batches until each has settled: answered, refused, or throttled
 * beyond `budget`. Answers one outcome per item id.
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
  let pending = [...items];
  // Every round settles an item or uses up one of a finite number of tries: this is a backstop.
  const maxRounds = items.length * (budget.policy.maxAttempts + 1) + 1;
  for (let round = 0; pending.some((item) => !item.optional); round++) {
    if (round >= maxRounds) {
      throw new Error(`Batch retry loop did not settle after ${maxRounds} rounds (a bug).`);
    }
    const responses = await postBatch(transport, pending, mode);
    const verdicts = judge(pending, responses, mode, budget, attempts);
    logRound(logger, pending, responses, verdicts);
    const next: BatchItem[] = [];
    let delayMs = 0;
    for (const item of pending) {
      const verdict = verdicts.get(item.id) as Verdict;
      if (verdict.kind === 'settled') {
        outcomes.set(item.id, verdict.outcome);
        continue;
      }
      if (verdict.kind === 'retry') delayMs = Math.max(delayMs, verdict.delayMs);
      next.push(item);
    }
    pending = next;
    if (pending.some((item) => !item.optional)) await budget.wait(delayMs);
  }
  for (const item of pending) {
    outcomes.set(item.id, { ok: false, failure: notSent(item) });
  }
  return outcomes;
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

/** The `$batch` body: ids, relative URLs, a Content-Type for every body, the chain if any. */
export function batchPayload(items: readonly BatchItem[], mode: BatchMode): unknown {
  return {
    requests: items.map((item, index) => {
      const { method, url, body, headers } = item.request;
      const previous = index > 0 ? items[index - 1] : undefined;
      const allHeaders = {
        ...headers,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      };
      return {
        id: item.id,
        method,
        url,
        ...(Object.keys(allHeaders).length > 0 ? { headers: allHeaders } : {}),
        ...(body === undefined ? {} : { body }),
        ...(mode === 'sequential' && previous ? { dependsOn: [previous.id] } : {}),
      };
    }),
  };
}

/**
 * Sends one `$batch` and answers a sub-response per item id. A top-level failure (throttled, a
 * gateway error, a refused token) is the answer for every item, so the same retry rules apply.
 */
async function postBatch(
  transport: GraphTransport,
  items: readonly BatchItem[],
  mode: BatchMode,
): Promise<ReadonlyMap<string, SubResponse>> {
  const answer = await exchangeOrFailure(transport, {
    method: 'POST',
    url: '/$batch',
    body: batchPayload(items, mode),
  });
  const responses = answer.status === 200 ? subResponses(answer) : undefined;
  if (!responses) {
    const headers: Record<string, string> = answer.retryAfter
      ? { 'retry-after': answer.retryAfter }
      : {};
    return new Map(
      items.map((item) => [
        item.id,
        {
          id: item.id,
          status: answer.status,
          headers,
          body: answer.body,
          ...(answer.requestId ? { batchRequestId: answer.requestId } : {}),
        },
      ]),
    );
  }
  return new Map(responses.map((response) => [response.id, response]));
}

/** A network failure becomes a status-0 answer, so it fails the items instead of the call. */
async function exchangeOrFailure(
  transport: GraphTransport,
  request: GraphRequest,
): Promise<RawAnswer> {
  try {
    return await transport.exchange(request);
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    const { status, code, message } = error.failure;
    return { status, body: { error: { code, message } } };
  }
}

function subResponses(answer: RawAnswer): SubResponse[] | undefined {
  const responses = (answer.body as { responses?: unknown } | undefined)?.responses;
  if (!Array.isArray(responses)) return undefined;
  return responses.flatMap((value: unknown) => {
    const entry = value as Partial<SubResponse> | null;
    if (!entry || typeof entry.id !== 'string' || typeof entry.status !== 'number') return [];
    return [
      {
        id: entry.id,
        status: entry.status,
        headers: entry.headers && typeof entry.headers === 'object' ? entry.headers : {},
        body: entry.body,
        ...(answer.requestId ? { batchRequestId: answer.requestId } : {}),
      },
    ];
  });
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
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
