/**
 * The front door: what every HTTP request passes before the bot does any work. Encoded bodies
 * are refused unread (no gzip: a bomb cannot be inflated, a broken stream cannot kill the
 * process), bodies are read raw under a hard size limit (./json-body.ts), and every refusal,
 * ours or restify's, is a generic answer plus one rate-limited log line.
 */
import type { IncomingMessage } from 'node:http';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { answerGeneric } from './generic-answer';
import { declaredTooLarge } from './read-body';
import { clip, errorSummary } from './log-fields';
import type { RefusalDetails, RefusalLog } from './refusal-log';

/** The front door's limits. */
export interface FrontDoorLimits {
  /** Largest body read, in bytes; 1 MB. */
  readonly maxBodyBytes: number;
  /** How long a body may take to arrive. */
  readonly bodyTimeoutMs: number;
  /** How long the rest of a refused body is discarded before the connection is cut. */
  readonly discardMs: number;
  /**
   * Bodies read at once; more are refused (503) before reading. Bodies are read before
   * authentication, so this bounds what unauthenticated callers can hold in memory.
   */
  readonly maxConcurrentReads: number;
}

/** Teams' activities are a few KB; 1 MB leaves room for large cards and nothing more. */
export const DEFAULT_LIMITS: FrontDoorLimits = {
  maxBodyBytes: 1024 * 1024,
  bodyTimeoutMs: 10_000,
  discardMs: 5_000,
  maxConcurrentReads: 64,
};

/** What a refusal's log line says about the request: never its body or headers. */
export function describeRequest(req: IncomingMessage): RefusalDetails {
  return {
    method: clip(req.method, 16),
    path: clip(req.url, 120),
    remoteAddress: req.socket?.remoteAddress,
  };
}

/**
 * Answers a refusal generically and logs it. What is left of an unread body is discarded as it
 * arrives (never buffered), so the client, still sending, can read the answer; a body that has
 * not ended after a short while has its connection cut.
 */
export function refuse(
  req: IncomingMessage,
  res: Response,
  refusals: RefusalLog,
  refusal: { readonly status: number; readonly reason: string },
  limits: FrontDoorLimits = DEFAULT_LIMITS,
): void {
  refusals.refuse(refusal.reason, { status: refusal.status, ...describeRequest(req) });
  answerGeneric(res, refusal.status);
  if (req.complete) return;
  const cut = setTimeout(() => req.socket?.destroy(), limits.discardMs).unref();
  req.once('end', () => clearTimeout(cut));
  req.resume();
}

/** Why a request's encoding or declared size is refused before reading, if it is. */
function refusalOfHeaders(
  req: IncomingMessage,
  limits: FrontDoorLimits,
): { readonly status: number; readonly reason: string } | undefined {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    return { status: 415, reason: 'content encoding not accepted' };
  }
  if (declaredTooLarge(req, limits.maxBodyBytes)) {
    return { status: 413, reason: 'body over the size limit' };
  }
  return undefined;
}

/**
 * A `pre` handler for every route: refuses a `Content-Encoding` other than identity (415) and a
 * declared body over the limit (413) before a byte of the body is read.
 */
export function refuseUnreadableBodies(
  refusals: RefusalLog,
  limits: FrontDoorLimits = DEFAULT_LIMITS,
): RequestHandler {
  return function refuseUnreadable(req: Request, res: Response, next: Next): void {
    const refusal = refusalOfHeaders(req, limits);
    if (!refusal) return next();
    refuse(req, res, refusals, refusal, limits);
    return next(false);
  };
}

/**
 * Answers restify's own errors (no such route, method not allowed, a handler that failed)
 * with the generic body of their status instead of restify's message, which echoes the path
 * or an exception. Client errors are refusals; server errors are logged without a stack.
 */
export function answerErrorsGenerically(
  server: Server,
  refusals: RefusalLog,
  logger: Logger,
): void {
  server.on('restifyError', (req: Request, res: Response, err: unknown, done: () => void) => {
    const code = (err as { statusCode?: unknown } | undefined)?.statusCode;
    const status = typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
    if (status >= 500) {
      logger.error({ error: errorSummary(err), path: clip(req.url, 120) }, 'request failed');
    } else {
      refusals.refuse(`${status} from the router`, { status, ...describeRequest(req) });
    }
    answerGeneric(res, status);
    return done();
  });
}
