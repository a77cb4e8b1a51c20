/**
 * The only bodies the bot answers an HTTP error with: one fixed phrase per status. Nothing a
 * library or the request said (exception messages, paths, parser errors) reaches the caller.
 */
import type { Response } from 'restify';

const PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  413: 'Payload too large',
  415: 'Unsupported media type',
  500: 'Internal error',
  503: 'Unavailable',
};

/** The generic body for an error status (`{"error":"Bad request"}`, ...). */
export function genericBody(status: number): string {
  const phrase = PHRASES[status] ?? (status >= 500 ? PHRASES[500] : PHRASES[400]);
  return JSON.stringify({ error: phrase });
}

/**
 * Sends `status` with `body` (JSON text, or `undefined` for none), unformatted: restify's
 * content negotiation, which the caller's `Accept` header steers, is not involved. Does nothing
 * when an answer has already gone out.
 */
export function answerJson(res: Response, status: number, body: string | undefined): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = {
    'content-length': String(body === undefined ? 0 : Buffer.byteLength(body)),
  };
  if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  res.sendRaw(status, body ?? '', headers);
}

/** Answers `status` with its generic body. */
export function answerGeneric(res: Response, status: number): void {
  answerJson(res, status, genericBody(status));
}
