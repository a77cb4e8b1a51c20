/**
 * `POST /api/alerts`: a SIEM (a Sentinel playbook, a Defender XDR automation) asks for lockdowns
 * of the accounts an incident names. The caller's Entra token is checked first (./alert-token.ts;
 * anything wrong is a bare 401 and nothing else is read), then the body (./alert-body.ts; 400 with
 * every problem), then the injected handler creates the request and posts its card (202). Every
 * answer carries an `x-request-id` header, and the log lines about it the same id.
 *
 * | status | when                                                                  | body                                  |
 * | ------ | --------------------------------------------------------------------- | ------------------------------------- |
 * | 202    | the request exists (`existing`: it did already, for the same incident) | `{ requestId, cardUrl, existing }`    |
 * | 400    | the body is not a valid alert                                          | `{ problems: [...] }`                 |
 * | 401    | no valid token of a listed caller (`WWW-Authenticate: Bearer`)         | none                                  |
 * | 409    | the alert channel has no conversation the bot can post in yet         | `{ error }`                           |
 * | 413    | a body over 64 KB                                                      | `{ problems: [...] }`                 |
 * | 415    | a body that is not `application/json`                                  | `{ problems: [...] }`                 |
 * | 422    | a valid alert the bot refuses (a protected account, ...)               | `{ problems: [...] }`                 |
 * | 500    | the handler failed                                                    | `{ error: "Internal error" }`         |
 * | 503    | the tenant's signing keys cannot be fetched (`Retry-After`)            | `{ error: "Unavailable" }`            |
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Request, Response, Server } from 'restify';
import { type AlertAsk, MAX_ALERT_BODY_BYTES, parseAlertBody } from './alert-body';
import type { AlertCaller, AlertTokenVerifier } from './alert-token';
import { describeRequest } from './front-door';
import { answerGeneric, answerJson } from './generic-answer';
import { errorSummary } from './log-fields';
import { readBody } from './read-body';
import type { RefusalLog } from './refusal-log';

import type { AlertOutcome } from '../lockdown/alert-outcome';

export type { AlertAsk } from './alert-body';
export type { AlertCaller } from './alert-token';

/** The path of the endpoint. */
export const ALERTS_PATH = '/api/alerts';

/** What the handler made of an alert. */
export type AlertAnswer = AlertOutcome;

/** Creates the request for an alert from an authenticated caller, and posts its card. */
export type AlertHandler = (ask: AlertAsk, caller: AlertCaller) => Promise<AlertAnswer>;

/** What the route needs from the bot. */
export interface AlertRouteOptions {
  readonly verifier: AlertTokenVerifier;
  readonly handler: AlertHandler;
}

/** What the route shares with the rest of the server. */
export interface AlertRouteContext {
  readonly logger: Logger;
  /** Where refused requests are logged, rate limited (the front door's). */
  readonly refusals: RefusalLog;
  /** How long a body may take to arrive, in ms; 10 s by default. */
  readonly bodyTimeoutMs?: number;
  /** How long the rest of a refused body is discarded before the connection is cut; 5 s. */
  readonly discardMs?: number;
}

/** What a caller of a busy or broken authority is told to wait, in seconds. */
const RETRY_AFTER_SECONDS = 30;
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Registers `POST /api/alerts` on `server`. */
export function registerAlertRoute(
  server: Server,
  options: AlertRouteOptions & AlertRouteContext,
): void {
  const { logger, refusals, verifier, handler } = options;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const discardMs = options.discardMs ?? 5_000;

  server.post(ALERTS_PATH, async (req: Request, res: Response) => {
    const id = randomUUID();
    res.setHeader('x-request-id', id);
    const refused = (status: number, reason: string, extra: Record<string, string> = {}) => {
      refusals.refuse(`alert ${reason}`, {
        status,
        requestId: id,
        ...describeRequest(req),
        ...extra,
      });
      discardRest(req, discardMs);
    };
    try {
      const authorization = req.headers.authorization;
      const verdict = await verifier.verify(
        typeof authorization === 'string' ? authorization : undefined,
      );
      if (!verdict.ok) {
        if (verdict.unavailable) {
          refused(503, 'not authenticated', { reason: verdict.reason });
          res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
          return answerGeneric(res, 503);
        }
        refused(401, 'not authenticated', { reason: verdict.reason });
        res.setHeader('www-authenticate', 'Bearer');
        return answerJson(res, 401, undefined);
      }
      const { caller } = verdict;
      const who = { requestId: id, callerAppId: caller.appId, callerObjectId: caller.objectId };

      if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
        refused(415, 'body is not JSON', { callerAppId: caller.appId });
        return problems(res, 415, ['The body must be JSON (Content-Type: application/json).']);
      }
      const read = await readBody(req, {
        maxBytes: MAX_ALERT_BODY_BYTES,
        timeoutMs: bodyTimeoutMs,
      });
      if (!read.ok) {
        refused(read.status, read.reason, { callerAppId: caller.appId });
        if (read.status === 413) {
          return problems(res, 413, [`The body is larger than ${MAX_ALERT_BODY_BYTES / 1024} KB.`]);
        }
        return answerGeneric(res, read.status);
      }
      const body = parseAlertBody(read.bytes);
      if (!body.ok) {
        logger.warn(
          { ...who, status: 400, problems: body.problems.length },
          'alert refused: invalid body',
        );
        return problems(res, 400, body.problems);
      }
      const about = { ...who, incidentId: body.ask.incidentId, accounts: body.ask.users.length };
      const answer = await handler(body.ask, caller);
      switch (answer.kind) {
        case 'accepted':
          logger.info(
            {
              ...about,
              status: 202,
              lockdownRequestId: answer.requestId,
              existing: answer.existing,
            },
            'alert accepted',
          );
          return answerJson(
            res,
            202,
            JSON.stringify({
              requestId: answer.requestId,
              cardUrl: answer.cardUrl ?? null,
              existing: answer.existing,
            }),
          );
        case 'no-conversation':
          logger.warn({ ...about, status: 409 }, 'alert refused: no conversation to post in');
          return answerJson(res, 409, JSON.stringify({ error: answer.message }));
        case 'refused':
          logger.warn({ ...about, status: 422, problems: answer.problems.length }, 'alert refused');
          return problems(res, 422, answer.problems);
        default:
          throw new Error(`The alert handler answered an unknown kind.`);
      }
    } catch (error) {
      logger.error({ requestId: id, error: errorSummary(error) }, 'alert failed');
      return answerGeneric(res, 500);
    }
  });
}

/** Answers `status` with `{ problems }`. */
function problems(res: Response, status: number, list: readonly string[]): void {
  answerJson(res, status, JSON.stringify({ problems: list }));
}

/**
 * Lets what is left of an unread body arrive and be dropped (never buffered), so that the client,
 * still sending, reads the answer; cuts the connection of a body that does not end in time.
 */
function discardRest(req: IncomingMessage, discardMs: number): void {
  if (req.complete) return;
  const cut = setTimeout(() => req.socket?.destroy(), discardMs).unref();
  req.once('end', () => clearTimeout(cut));
  req.resume();
}
