/**
 * The front door: what every HTTP request passes before the bot does any work. Encoded bodies
 * are refused unread (no gzip: a bomb cannot be inflated, a broken stream cannot kill the
 * process), bodies are read raw under a hard size limit, only a JSON object is accepted, and
 * every refusal is a generic answer plus one rate-limited log line.
 */
import type { IncomingMessage } from 'node:http';
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { answerGeneric } from './generic-answer';
import { declaredTooLarge, readBody } from './read-body';
import { clip, type RefusalDetails, type RefusalLog } from './refusal-log';

/** The front door's limits. */
export interface FrontDoorLimits {
  /** Largest body read, in bytes; 1 MB. */
  readonly maxBodyBytes: number;
  /** How long a body may take to arrive. */
  readonly bodyTimeoutMs: number;
  /** How long the rest of a refused body is discarded before the connection is cut. */
  readonly discardMs: number;
}

/** Teams' activities are a few KB; 1 MB leaves room for large cards and nothing more. */
export const DEFAULT_LIMITS: FrontDoorLimits = {
  maxBodyBytes: 1024 * 1024,
  bodyTimeoutMs: 10_000,
  discardMs: 5_000,
};

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;
const UTF8_BOM = '\uFEFF';

/** What a refusal's log line says about the request: never its body or headers. */
export function describeRequest(req: IncomingMessage, status: number): RefusalDetails {
  return {
    status,
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
  refusals.refuse(refusal.reason, describeRequest(req, refusal.status));
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

/** A parsed body, or the refusal to answer instead. */
export type JsonBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly reason: string };

/** Parses `bytes` as a JSON object; `__proto__` keys are dropped, so no copy can inherit one. */
export function parseJsonObject(bytes: Buffer): JsonBody {
  let text = bytes.toString('utf8');
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text, (key, item: unknown) => (key === '__proto__' ? undefined : item));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, reason: 'body is not a JSON object' };
  }
  return { ok: true, body: value as Record<string, unknown> };
}

/** Checks the content type, reads the body within the limits and parses it as a JSON object. */
export async function readJsonObject(
  req: IncomingMessage,
  limits: FrontDoorLimits = DEFAULT_LIMITS,
): Promise<JsonBody> {
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    return { ok: false, status: 415, reason: 'content type is not application/json' };
  }
  const read = await readBody(req, {
    maxBytes: limits.maxBodyBytes,
    timeoutMs: limits.bodyTimeoutMs,
  });
  return read.ok ? parseJsonObject(read.bytes) : read;
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
      refusals.refuse(`${status} from the router`, describeRequest(req, status));
    }
    answerGeneric(res, status);
    return done();
  });
}

/** An error's name and message, clipped: enough to find it, no stack to spray the log. */
export function errorSummary(error: unknown): string | undefined {
  if (error instanceof Error) return clip(`${error.name}: ${error.message}`, 300);
  return clip(String(error), 300);
}
