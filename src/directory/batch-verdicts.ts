/**
 * What to do with each item after one `$batch` round trip: settled (a 2xx with the expected
 * body, or a failure not worth another try), sent again after a delay, or sent again at once
 * because Graph skipped it (424) behind an earlier failure of the chain.
 */
import type { DirectoryFailure } from '../lockdown/request';
import {
  type BatchItem,
  type BatchMode,
  type BatchOutcome,
  header,
  type ItemAnswer,
  type SubResponse,
} from './batch-wire';
import {
  graphFailure,
  isNetworkFailure,
  isRetryableFailure,
  isSuccess,
  unexpectedFailure,
  withNetworkRetries,
} from './graph-failure';
import { checkBody } from './graph-schemas';
import { pathOf } from './graph-transport';
import { gaveUpMessage, type RetryBudget } from './retry-policy';

/** What one round trip did with one pending item. */
export type Verdict =
  | { readonly kind: 'settled'; readonly outcome: BatchOutcome }
  | { readonly kind: 'retry'; readonly delayMs: number }
  /** Came back 424 behind an earlier failure in the chain: send again, no wait, no try used. */
  | { readonly kind: 'resend' };

/** An item's tries so far. */
export interface Tries {
  attempts: number;
  /** Re-sends after network errors. */
  networkRetries: number;
}

/** What an item's answer amounts to. */
type Reading =
  | { readonly ok: true; readonly outcome: BatchOutcome }
  | {
      readonly ok: false;
      readonly failure: DirectoryFailure;
      readonly retryAfter?: string;
      readonly skipped?: boolean;
      readonly whole?: boolean;
    };

/** Decides, in request order, what to do with each pending item after one round trip. */
export function judge(
  pending: readonly BatchItem[],
  answers: ReadonlyMap<string, ItemAnswer>,
  mode: BatchMode,
  budget: RetryBudget,
  tries: Map<string, Tries>,
): ReadonlyMap<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  let chainBroken = false;
  // When the whole batch failed, its items wait the same time and go again together.
  let wholeDelayMs: number | undefined;
  for (const item of pending) {
    const itemTries = tries.get(item.id) ?? { attempts: 0, networkRetries: 0 };
    tries.set(item.id, itemTries);
    const reading = read(item, answers.get(item.id));
    if (reading.ok) {
      verdicts.set(item.id, { kind: 'settled', outcome: counted(reading.outcome, itemTries) });
      continue;
    }
    if (mode === 'sequential' && chainBroken && reading.skipped) {
      verdicts.set(item.id, { kind: 'resend' });
      continue;
    }
    chainBroken = true;
    const verdict = retryOrSettle(item, reading, budget, itemTries);
    if (verdict.kind === 'retry' && reading.whole) {
      wholeDelayMs ??= verdict.delayMs;
      verdicts.set(item.id, { kind: 'retry', delayMs: wholeDelayMs });
    } else {
      verdicts.set(item.id, verdict);
    }
  }
  return verdicts;
}

function read(item: BatchItem, answer: ItemAnswer | undefined): Reading {
  if (!answer) {
    const what = `${item.request.method} ${pathOf(item.request.url)}`;
    return { ok: false, failure: unexpectedFailure(`No answer for ${what}.`) };
  }
  if (answer.kind === 'unanswered') {
    const { failure, retryAfter, whole } = answer;
    return { ok: false, failure, whole, ...(retryAfter ? { retryAfter } : {}) };
  }
  const { response } = answer;
  if (!isSuccess(response.status)) {
    const retryAfter = header(response.headers, 'retry-after');
    return {
      ok: false,
      failure: failureOf(response),
      skipped: response.status === 424,
      ...(retryAfter ? { retryAfter } : {}),
    };
  }
  const requestId = header(response.headers, 'request-id') ?? response.batchRequestId;
  let body = response.body;
  if (item.schema) {
    const checked = checkBody(item.schema, response.body);
    if (!checked.ok) {
      const what = `${item.request.method} ${pathOf(item.request.url)}`;
      const message = `Graph's answer to ${what} did not have the expected shape (${checked.problem}).`;
      return { ok: false, failure: unexpectedFailure(message, requestId) };
    }
    body = checked.value;
  }
  return {
    ok: true,
    outcome: {
      ok: true,
      status: response.status,
      body,
      ...(requestId ? { requestId } : {}),
      ...(response.serverTime ? { serverTime: response.serverTime } : {}),
    },
  };
}

function retryOrSettle(
  item: BatchItem,
  reading: Extract<Reading, { ok: false }>,
  budget: RetryBudget,
  tries: Tries,
): Verdict {
  const { failure } = reading;
  // An optional read is never worth a wait: the caller reads it again itself if it must.
  if (item.optional || !isRetryableFailure(failure)) return settledFailure(failure, tries);
  tries.attempts += 1;
  const decision = budget.decide(tries.attempts, reading.retryAfter);
  if (!decision.retry) {
    const message = gaveUpMessage(failure.status, failure.message, decision.reason);
    return settledFailure({ ...failure, message }, tries);
  }
  if (isNetworkFailure(failure)) tries.networkRetries += 1;
  return { kind: 'retry', delayMs: decision.delayMs };
}

function settledFailure(failure: DirectoryFailure, tries: Tries): Verdict {
  return {
    kind: 'settled',
    outcome: { ok: false, failure: withNetworkRetries(failure, tries.networkRetries) },
  };
}

function counted(outcome: BatchOutcome, tries: Tries): BatchOutcome {
  return outcome.ok && tries.networkRetries > 0
    ? { ...outcome, networkRetries: tries.networkRetries }
    : outcome;
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
