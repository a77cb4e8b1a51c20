/**
 * One Graph HTTP exchange through the SDK (auth middleware, token cache) within a timeout, and
 * the same with the retry policy applied. Logs method, path, status and Graph's request id:
 * never a body, so a password in a PATCH or inside a `$batch` payload cannot reach the logs.
 */
import { type Client, ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import type { Logger } from 'pino';
import { DirectoryError, type DirectoryReceipt } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import { exchangeFailure } from './exchange-failure';
import {
  graphFailure,
  isNetworkFailure,
  isRetryableFailure,
  isSuccess,
  unexpectedFailure,
  withNetworkRetries,
} from './graph-failure';
import type { GraphRequest } from './graph-requests';
import { type BodySchema, checkBody } from './graph-schemas';
import {
  checkTimeout,
  DEFAULT_GRAPH_TIMEOUT_MS,
  RequestTimeoutError,
  withDeadline,
} from './request-timeout';
import { gaveUpMessage, type RetryBudget } from './retry-policy';
import { SharedThrottle, throttleSignal } from './shared-throttle';

/** What Graph answered to one HTTP request, whatever the status. */
export interface RawAnswer extends DirectoryReceipt {
  readonly status: number;
  /** Parsed JSON, or `undefined` for an empty body or one that is not JSON. */
  readonly body: unknown;
  /** When the body was neither empty nor JSON: what it was (content type, size), never what it said. */
  readonly notJson?: string;
  /** The raw `Retry-After` header, if any. */
  readonly retryAfter?: string;
}

/** A successful Graph answer whose body has the expected shape. */
export interface GraphAnswer<T> extends DirectoryReceipt {
  readonly status: number;
  readonly body: T;
}

/** Off for every request, in case the client was built with the SDK's default chain. */
const NO_SDK_RETRIES = new RetryHandlerOptions(0, 0);

/** Sends Graph requests through the SDK client. */
export class GraphTransport {
  /**
   * @param timeoutMs - Longest time for one exchange: token (when needed), request, answer.
   * @param throttle - Shared by every request sent here: after a 429, the others wait too.
   */
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly timeoutMs: number = DEFAULT_GRAPH_TIMEOUT_MS,
    private readonly throttle: SharedThrottle = new SharedThrottle(),
  ) {
    checkTimeout(timeoutMs, 'The Graph request timeout (timeoutMs)');
  }

  /**
   * Sends one request and answers whatever status came back, with the whole body read.
   *
   * @throws DirectoryError `NetworkError` or `Timeout` (status 0) when no answer came back in
   *   time, `CredentialsRefused` when no token was given (then nothing reached Graph).
   */
  async exchange(request: GraphRequest): Promise<RawAnswer> {
    const path = pathOf(request.url);
    // Before the deadline starts: waiting out someone else's 429 is not this request's time.
    const permit = await this.throttle.acquire();
    let answer: RawAnswer;
    try {
      answer = await withDeadline(
        this.timeoutMs,
        () => new RequestTimeoutError(this.timeoutMs),
        async (signal) => {
          const response = await this.call(request, signal);
          // Inside the deadline: a body that stops half-way times out like a missing answer.
          return answerOf(response, await response.text());
        },
      );
    } catch (error) {
      permit.done(undefined);
      const failure = exchangeFailure(error, this.logger, path);
      this.logger.debug(
        { method: request.method, path, code: failure.code, reason: failure.message },
        'graph call got no answer',
      );
      throw new DirectoryError(failure);
    }
    permit.done(throttleSignal(answer.status, answer.retryAfter, answer.body));
    this.logger.debug(
      { method: request.method, path, status: answer.status, graphRequestId: answer.requestId },
      'graph call',
    );
    return answer;
  }

  private async call(request: GraphRequest, signal: AbortSignal): Promise<Response> {
    const api = this.client
      .api(request.url)
      .headers({ ...request.headers })
      .middlewareOptions([NO_SDK_RETRIES])
      // The SDK hands its options to fetch: the signal aborts the request and its body.
      .option('signal', signal)
      .responseType(ResponseType.RAW);
    switch (request.method) {
      case 'GET':
        return (await api.get()) as Response;
      case 'PATCH':
        return (await api.patch(request.body)) as Response;
      case 'POST':
        return (await api.post(request.body)) as Response;
      case 'DELETE':
        return (await api.delete()) as Response;
    }
  }

  /**
   * Sends one request until it gets a 2xx whose body has `schema`'s shape: again after a
   * throttling or gateway answer, a network error, a timeout or an unusable answer, while
   * `budget` allows.
   *
   * @throws DirectoryError with Graph's status, code, message and request id when Graph refuses
   *   it, or a "... gave up after ..." message when the budget is spent; `networkRetries` counts
   *   the re-sends after network errors.
   */
  async send<T>(
    request: GraphRequest,
    schema: BodySchema<T>,
    budget: RetryBudget,
  ): Promise<GraphAnswer<T>> {
    let networkRetries = 0;
    for (let attempt = 1; ; attempt++) {
      const tried = await this.tryOnce(request, schema);
      if (tried.ok) {
        return { ...tried.answer, ...(networkRetries > 0 ? { networkRetries } : {}) };
      }
      const { failure, retryAfter } = tried;
      if (!isRetryableFailure(failure)) {
        throw new DirectoryError(withNetworkRetries(failure, networkRetries));
      }
      const decision = budget.decide(attempt, retryAfter);
      if (!decision.retry) {
        const message = gaveUpMessage(failure.status, failure.message, decision.reason);
        throw new DirectoryError(withNetworkRetries({ ...failure, message }, networkRetries));
      }
      if (isNetworkFailure(failure)) networkRetries++;
      this.logger.info(
        {
          path: pathOf(request.url),
          status: failure.status,
          code: failure.code,
          attempt,
          delayMs: decision.delayMs,
        },
        'graph call to be sent again',
      );
      await budget.wait(decision.delayMs);
    }
  }

  private async tryOnce<T>(
    request: GraphRequest,
    schema: BodySchema<T>,
  ): Promise<
    | { readonly ok: true; readonly answer: GraphAnswer<T> }
    | { readonly ok: false; readonly failure: DirectoryFailure; readonly retryAfter?: string }
  > {
    let answer: RawAnswer;
    try {
      answer = await this.exchange(request);
    } catch (error) {
      if (error instanceof DirectoryError) return { ok: false, failure: error.failure };
      throw error;
    }
    const { status, requestId, serverTime } = answer;
    if (!isSuccess(status)) {
      return {
        ok: false,
        failure: graphFailure(status, answer.body, requestId),
        ...(answer.retryAfter ? { retryAfter: answer.retryAfter } : {}),
      };
    }
    const what = `Graph's answer to ${request.method} ${pathOf(request.url)}`;
    if (answer.notJson !== undefined) {
      const message = `${what} was not JSON (${answer.notJson}).`;
      return { ok: false, failure: unexpectedFailure(message, requestId) };
    }
    const checked = checkBody(schema, answer.body);
    if (!checked.ok) {
      const message = `${what} did not have the expected shape (${checked.problem}).`;
      return { ok: false, failure: unexpectedFailure(message, requestId) };
    }
    return {
      ok: true,
      answer: {
        status,
        body: checked.value,
        ...(requestId ? { requestId } : {}),
        ...(serverTime ? { serverTime } : {}),
      },
    };
  }
}

/** The answer as data: status, JSON body (or what it was instead), ids and Graph's clock. */
function answerOf(response: Response, text: string): RawAnswer {
  const requestId = response.headers.get('request-id') ?? undefined;
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  const serverTime = isoDate(response.headers.get('date'));
  const parsed = text === '' ? { body: undefined } : parseJson(text);
  const notJson =
    'notJson' in parsed
      ? `${response.headers.get('content-type') ?? 'no content type'}, ${text.length} characters`
      : undefined;
  return {
    status: response.status,
    body: parsed.body,
    ...(notJson ? { notJson } : {}),
    ...(requestId ? { requestId } : {}),
    ...(retryAfter ? { retryAfter } : {}),
    ...(serverTime ? { serverTime } : {}),
  };
}

function parseJson(text: string): { readonly body: unknown } | { body: undefined; notJson: true } {
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { body: undefined, notJson: true };
  }
}

/** An HTTP date (`Date` header) as ISO, or `undefined` when absent or unreadable. */
export function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The path without the query string: short, and enough to tell requests apart in logs. */
export function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}
