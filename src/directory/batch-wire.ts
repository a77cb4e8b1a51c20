/**
 * The wire format of Graph JSON batching: the `$batch` payload, and what one round trip said
 * about each item: its sub-response, or why there is none (no answer, an error for the whole
 * batch, an answer that could not be used).
 */
import { DirectoryError } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import { itemAnswers } from './batch-answer';
import { graphFailure, isSuccess } from './graph-failure';
import { batch, type GraphRequest } from './graph-requests';
import type { BodySchema } from './graph-schemas';
import type { GraphTransport, RawAnswer } from './graph-transport';

/** Graph's limit of requests in one `$batch`. */
export const MAX_BATCH_SIZE = 20;

/** A request to put in a batch. */
export interface BatchItem {
  /** Unique in the batch. */
  readonly id: string;
  readonly request: GraphRequest;
  /**
   * The shape a 2xx body must have (reads); without, any 2xx is a success (writes). A body of
   * another shape is an unusable answer, retried like one.
   */
  readonly schema?: BodySchema<unknown>;
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
      /** The body, checked against the item's schema when it has one. */
      readonly body: unknown;
      /** The sub-response's request id, or the enclosing `$batch`'s. */
      readonly requestId?: string;
      /** Graph's clock: the `Date` of the `$batch` answer that carried it, ISO. */
      readonly serverTime?: string;
      /** How many times it was sent again after network errors. */
      readonly networkRetries?: number;
    }
  | { readonly ok: false; readonly failure: DirectoryFailure };

/** Whether Graph may run the items side by side or must run them one after the other. */
export type BatchMode = 'parallel' | 'sequential';

/** One well-formed entry of the `responses` of a `$batch` answer. */
export interface SubResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The request id of the `$batch` that carried it. */
  readonly batchRequestId?: string;
  /** The `Date` of the `$batch` answer that carried it, ISO. */
  readonly serverTime?: string;
}

/** What one round trip said about one item. */
export type ItemAnswer =
  | { readonly kind: 'answered'; readonly response: SubResponse }
  | {
      readonly kind: 'unanswered';
      readonly failure: DirectoryFailure;
      /** The whole `$batch` failed (every item alike): its items go again together. */
      readonly whole: boolean;
      readonly retryAfter?: string;
    };

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
 * Sends one `$batch` and answers what it said about each item (every item id has an answer). A
 * failure of the whole batch (no answer, throttled, a gateway error, a refused token, an answer
 * without a well-formed `responses` array) is every item's answer, so the same retry rules apply.
 */
export async function postBatch(
  transport: GraphTransport,
  items: readonly BatchItem[],
  mode: BatchMode,
): Promise<ReadonlyMap<string, ItemAnswer>> {
  let answer: RawAnswer;
  try {
    answer = await transport.exchange(batch(batchPayload(items, mode)));
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return everyItem(items, error.failure);
  }
  if (!isSuccess(answer.status)) {
    return everyItem(
      items,
      graphFailure(answer.status, answer.body, answer.requestId),
      answer.retryAfter,
    );
  }
  return itemAnswers(items, answer);
}

function everyItem(
  items: readonly BatchItem[],
  failure: DirectoryFailure,
  retryAfter?: string,
): ReadonlyMap<string, ItemAnswer> {
  const answer: ItemAnswer = {
    kind: 'unanswered',
    failure,
    whole: true,
    ...(retryAfter ? { retryAfter } : {}),
  };
  return new Map(items.map((item) => [item.id, answer]));
}

/** A header's value, whatever the case of its name. */
export function header(
  headers: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
