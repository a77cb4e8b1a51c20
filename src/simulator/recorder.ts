import { parseGraphLocation } from './graph-request';

/**
 * What an injected network effect did to a top-level request:
 * - `reset`: the connection was destroyed without an answer; `status` stays 0; not processed.
 * - `held`: held for `holdMs`; `status` is 0 during the hold, then the normal answer's.
 * - `dropped`: held, and the client had gone away; `status` stays 0; not processed.
 * - `garbled`: answered 200 with a broken body; `status` is 200; not processed (no batch items).
 */
export type NetworkOutcome = 'reset' | 'held' | 'dropped' | 'garbled';

/**
 * When a request was served, on the simulator process's high-resolution clock
 * (`performance.now()`, fractional ms): precise enough to tell whether one request started
 * after another ended, which arrival times in whole ms since the epoch are not.
 */
export interface RequestTiming {
  /** When it arrived (for a top-level request, before the added latency). */
  readonly startedAt: number;
  /** When its answer was sent (for a batch item, when the item was answered). */
  readonly endedAt: number;
}

/** One Graph request as the simulator saw it. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Decoded path without `/v1.0`, e.g. `/users/abc` or `/$batch`. */
  readonly path: string;
  /** Decoded query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body with every `passwordProfile.password` replaced by `[redacted]`. */
  readonly body: unknown;
  /** Status answered (0 while the request is still being processed, or when never answered). */
  readonly status: number;
  /** Set when a network fault acted on this top-level request; see {@link NetworkOutcome}. */
  readonly network?: NetworkOutcome;
  /** For a `$batch` sub-request: the `request-id` of the enclosing `$batch` HTTP request. */
  readonly batchId?: string;
  /** For a `$batch` sub-request: its own `id` inside the batch. */
  readonly batchItemId?: string;
  /** The `request-id` answered. */
  readonly requestId: string;
  /** Arrival time, in milliseconds since the epoch. */
  readonly at: number;
  /** Set once answered; see {@link RequestTiming}. */
  readonly timing?: RequestTiming;
}

/** A password that reached the simulator, so tests can check the bot never shows it. */
export interface ReceivedPassword {
  /** Object id of the user (or the identifier used in the path when no user matched). */
  readonly userId: string;
  /** The password as received. */
  readonly password: string;
}

/** Where a recorded request came from. */
export interface RequestOrigin {
  /** `request-id` of the enclosing `$batch`, for sub-requests. */
  readonly batchId?: string;
  /** The sub-request's id, for sub-requests. */
  readonly batchItemId?: string;
}

/** Handle to complete a record once the answer is known. */
export interface PendingRecord {
  /** Sets the answered status. */
  complete(status: number): void;
  /** Notes what a network fault did to the request. */
  mark(outcome: NetworkOutcome): void;
}

/** The text that replaces passwords in recorded bodies. */
export const REDACTED = '[redacted]';

/**
 * A deep copy of a JSON value in which every `passwordProfile.password` is `[redacted]`, at any
 * depth (so the bodies of `$batch` sub-requests are covered too).
 *
 * @param value - Parsed JSON.
 */
export function redactPasswords(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactPasswords);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === 'passwordProfile' && isObject(child) && 'password' in child
        ? { ...(redactPasswords(child) as object), password: REDACTED }
        : redactPasswords(child);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds passwords in a request: `PATCH /users/{x}` bodies, and those of the items of a `$batch`.
 *
 * @param method - HTTP method.
 * @param segments - Decoded path segments without `v1.0`.
 * @param body - Parsed JSON body.
 * @returns Pairs of the user segment of the path (id or UPN) and the password.
 */
export function findPasswords(
  method: string,
  segments: readonly string[],
  body: unknown,
): readonly { readonly user: string; readonly password: string }[] {
  if (segments.length === 1 && segments[0] === '$batch' && isObject(body)) {
    const requests = Array.isArray(body['requests']) ? body['requests'] : [];
    return requests.filter(isObject).flatMap((item) => {
      const url = typeof item['url'] === 'string' ? item['url'] : '';
      let itemSegments: readonly string[];
      try {
        itemSegments = parseGraphLocation(url).segments;
      } catch {
        itemSegments = [url]; // unparseable: keep the password, attributed to the raw URL
      }
      return findPasswords(String(item['method'] ?? '').toUpperCase(), itemSegments, item['body']);
    });
  }
  const profile = isObject(body) ? body['passwordProfile'] : undefined;
  const password = isObject(profile) ? profile['password'] : undefined;
  if (method !== 'PATCH' || typeof password !== 'string') {
    return [];
  }
  return [{ user: segments[0] === 'users' ? (segments[1] ?? '') : segments.join('/'), password }];
}

/** Keeps the request log and the passwords received. */
export class Recorder {
  private readonly log: RecordedRequest[] = [];
  private readonly passwords: ReceivedPassword[] = [];
  private trips = 0;

  /** Every Graph request, in arrival order. */
  public get requests(): readonly RecordedRequest[] {
    return this.log;
  }

  /** Every password received. */
  public get passwordsReceived(): readonly ReceivedPassword[] {
    return this.passwords;
  }

  /** Top-level Graph HTTP requests (a `$batch` counts once). */
  public get roundTrips(): number {
    return this.trips;
  }

  /** Counts one top-level Graph HTTP request. */
  public countRoundTrip(): void {
    this.trips += 1;
  }

  /**
   * Logs a request on arrival; complete it when answered.
   *
   * @param request - What arrived; its body is stored redacted.
   * @param origin - Batch membership, for sub-requests.
   * @param at - Arrival time in ms since the epoch; now when absent.
   * @param startedAt - Arrival on the high-resolution clock; now when absent.
   */
  public start(
    request: Pick<RecordedRequest, 'method' | 'path' | 'query' | 'body' | 'requestId'>,
    origin: RequestOrigin = {},
    at: number = Date.now(),
    startedAt: number = performance.now(),
  ): PendingRecord {
    const record: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
      method: request.method,
      path: request.path,
      query: request.query,
      body: redactPasswords(request.body),
      status: 0,
      ...(origin.batchId === undefined ? {} : { batchId: origin.batchId }),
      ...(origin.batchItemId === undefined ? {} : { batchItemId: origin.batchItemId }),
      requestId: request.requestId,
      at,
    };
    this.log.push(record);
    return {
      complete: (status: number) => {
        record.status = status;
        record.timing = { startedAt, endedAt: performance.now() };
      },
      mark: (outcome: NetworkOutcome) => {
        record.network = outcome;
      },
    };
  }

  /**
   * Remembers a password that arrived.
   *
   * @param password - Who it was for and what it was.
   */
  public addPassword(password: ReceivedPassword): void {
    this.passwords.push(password);
  }

  /** Forgets requests, passwords and the round-trip count. */
  public reset(): void {
    this.log.length = 0;
    this.passwords.length = 0;
    this.trips = 0;
  }
}
