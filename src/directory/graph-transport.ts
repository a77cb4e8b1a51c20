/**
 * One Graph HTTP exchange through the SDK (auth middleware, token cache), and the same with the
 * retry policy applied. Logs method, path, status and Graph's request id: never a body, so a
 * password in a PATCH or inside a `$batch` payload cannot reach the logs.
 */
import { type Client, ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { DirectoryError, type DirectoryReceipt } from '../lockdown/directory';
import { graphFailure, parseJson, transportFailure } from './graph-failure';
import type { GraphRequest } from './graph-requests';
import { gaveUpMessage, isRetryableStatus, type RetryBudget } from './retry-policy';

/** What Graph answered to one HTTP request, whatever the status. */
export interface RawAnswer extends DirectoryReceipt {
  readonly status: number;
  /** Parsed JSON, or `undefined` for an empty or non-JSON body. */
  readonly body: unknown;
  /** The raw `Retry-After` header, if any. */
  readonly retryAfter?: string;
}

/** A successful Graph answer. */
export interface GraphAnswer<T> extends DirectoryReceipt {
  readonly status: number;
  readonly body: T | undefined;
}

/**
 * The SDK's own retry handler is switched off for our requests: it would wait up to 180 s per
 * `Retry-After`, three times, outside any budget, and it does not retry 502. {@link RetryBudget}
 * does all retrying instead, for top-level answers and batch sub-responses alike.
 */
const NO_SDK_RETRIES = new RetryHandlerOptions(0, 0);

/** Sends Graph requests through the SDK client. */
export class GraphTransport {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends one request and answers whatever status came back.
   *
   * @throws DirectoryError `NetworkError` when no answer came back at all.
   */
  async exchange(request: GraphRequest): Promise<RawAnswer> {
    let response: Response;
    try {
      const api = this.client
        .api(request.url)
        .headers({ ...request.headers })
        .middlewareOptions([NO_SDK_RETRIES])
        .responseType(ResponseType.RAW);
      response = (await (request.method === 'GET'
        ? api.get()
        : request.method === 'PATCH'
          ? api.patch(request.body)
          : api.post(request.body))) as Response;
    } catch (error) {
      throw new DirectoryError(transportFailure(error));
    }
    const requestId = response.headers.get('request-id') ?? undefined;
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    const text = await response.text();
    this.logger.debug(
      {
        method: request.method,
        path: pathOf(request.url),
        status: response.status,
        graphRequestId: requestId,
      },
      'graph call',
    );
    return {
      status: response.status,
      body: text ? parseJson(text) : undefined,
      ...(requestId ? { requestId } : {}),
      ...(retryAfter ? { retryAfter } : {}),
    };
  }

  /**
   * Sends one request, again after a throttling or gateway answer while `budget` allows.
   *
   * @throws DirectoryError with Graph's status, code, message and request id when Graph refuses
   *   it, or a "kept throttling ... gave up after ..." message when the budget is spent.
   */
  async send<T = unknown>(request: GraphRequest, budget: RetryBudget): Promise<GraphAnswer<T>> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.exchange(request);
      if (answer.status >= 200 && answer.status < 300) {
        const { status, body, requestId } = answer;
        return { status, body: body as T | undefined, ...(requestId ? { requestId } : {}) };
      }
      const failure = graphFailure(answer.status, answer.body, answer.requestId);
      if (!isRetryableStatus(answer.status)) throw new DirectoryError(failure);
      const decision = budget.decide(attempt, answer.retryAfter);
      if (!decision.retry) {
        throw new DirectoryError({
          ...failure,
          message: gaveUpMessage(failure.status, failure.message, decision.reason),
        });
      }
      this.logger.info(
        { path: pathOf(request.url), status: answer.status, attempt, delayMs: decision.delayMs },
        'graph asked to retry later',
      );
      await budget.wait(decision.delayMs);
    }
  }
}

/** The path without the query string: short, and enough to tell requests apart in logs. */
export function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}
