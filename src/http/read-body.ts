/**
 * Reads a request body as raw bytes, with a hard size limit and a deadline. Nothing is
 * decompressed (encoded bodies are refused before this runs), so what is held in memory is at
 * most the limit, whatever the request claims.
 */
import type { IncomingMessage } from 'node:http';

/** Limits on one body. */
export interface BodyLimits {
  readonly maxBytes: number;
  /** How long the whole body may take to arrive. */
  readonly timeoutMs: number;
}

/** The body, or why it was not read to the end (the HTTP status to answer and a short reason). */
export type BodyRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly status: 400 | 408 | 413; readonly reason: string };

const TOO_LARGE: BodyRead = { ok: false, status: 413, reason: 'body over the size limit' };

/** True when the declared Content-Length is over `maxBytes` (the body need not be read). */
export function declaredTooLarge(req: IncomingMessage, maxBytes: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && !(Number(declared) <= maxBytes);
}

/**
 * Reads `req` to its end. Stops listening as soon as the limit is passed, the deadline is
 * reached or the stream fails; the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyRead> {
  if (declaredTooLarge(req, limits.maxBytes)) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onFailure);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish(TOO_LARGE);
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    // `close` before `end`: the client went away mid-body.
    const onFailure = (): void => finish({ ok: false, status: 400, reason: 'body cut short' });
    const timer = setTimeout(
      () => finish({ ok: false, status: 408, reason: 'body too slow' }),
      limits.timeoutMs,
    );
    // A listener for `error` also keeps a reset connection from becoming an uncaught exception.
    req.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onFailure);
  });
}
