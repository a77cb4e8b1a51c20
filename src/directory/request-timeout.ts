/**
 * Deadlines for calls that may never end (a Graph answer that never comes, a token request that
 * hangs): the call is told to stop through an AbortSignal, and the caller stops waiting at the
 * deadline even if the call ignores the signal.
 */

/** How long one Graph exchange (or one token request) may take by default, in ms. */
export const DEFAULT_GRAPH_TIMEOUT_MS = 30_000;

/** Thrown when a Graph exchange did not finish in time. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Graph did not answer within ${secondsOf(timeoutMs)} s.`);
    this.name = 'RequestTimeoutError';
  }
}

/** A timeout in ms as a short number of seconds ("30", "0.05"). */
export function secondsOf(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** `timeoutMs` if it is a usable timeout; throws otherwise, naming `what`. */
export function checkTimeout(timeoutMs: number, what: string): number {
  // setTimeout fires at once beyond 2^31 - 1 ms, which would turn a long timeout into none.
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw new Error(`${what} must be a number of ms above 0, got ${timeoutMs}.`);
  }
  return timeoutMs;
}

/** Something that can say "stop": a DOM AbortSignal or @azure/core's AbortSignalLike. */
export interface StopSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` (or when `outer` aborts), and rejects
 * with `expired()` at the deadline even if `work` has not stopped by then.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  expired: () => Error,
  work: (signal: AbortSignal) => Promise<T>,
  outer?: StopSignal,
): Promise<T> {
  const controller = new AbortController();
  const follow = (): void => controller.abort(new Error('The caller aborted the request.'));
  if (outer?.aborted) follow();
  outer?.addEventListener('abort', follow, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = expired();
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = work(controller.signal);
  // Once the deadline has won, the abandoned call's own rejection has nobody to go to.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', follow);
  }
}
