/**
 * The wire format of Graph JSON batching: the `$batch` payload and its answer, one sub-response
 * per request id (in any order). A top-level failure becomes every item's answer.
 */
import { DirectoryError } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import type { GraphRequest } from './graph-requests';
import type { GraphTransport, RawAnswer } from './graph-transport';

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
export interface SubResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The request id of the `$batch` that carried it. */
  readonly batchRequestId?: string;
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
export async function postBatch(
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

/** A header's value, whatever the case of its name. */
export function header(
  headers: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
