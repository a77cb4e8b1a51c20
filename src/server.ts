/**
 * The HTTP face: `POST /api/messages` for the Bot Framework channel, `GET /healthz` for probes,
 * `POST /api/alerts` for SIEM alerts when they are configured,
 * every request through the front door (src/http/front-door.ts) and answered by the bot's own
 * code only, so nothing a request contains can end the process or see an internal message.
 */
import type { Application, TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import type { Logger } from 'pino';
import {
  answerErrorsGenerically,
  DEFAULT_LIMITS,
  describeRequest,
  type FrontDoorLimits,
  refuse,
  refuseUnreadableBodies,
} from './http/front-door';
import { type AlertRouteOptions, registerAlertRoute } from './http/alert-endpoint';
import { answerGeneric, answerJson } from './http/generic-answer';
import { readJsonObject } from './http/json-body';
import { errorSummary } from './http/log-fields';
import type { LockdownAdapter } from './teams/lockdown-adapter';

/** What the server routes to. */
export interface ServerOptions {
  readonly adapter: LockdownAdapter;
  readonly app: Application<TurnState>;
  readonly logger: Logger;
  /** Answers `GET /healthz`; throws when the bot cannot serve. */
  readonly health: () => Promise<void>;
  /** Body size and time limits; {@link DEFAULT_LIMITS} by default. */
  readonly limits?: FrontDoorLimits;
  /**
   * `POST /api/alerts` (src/http/alert-endpoint.ts), when the alerts are configured; absent, the
   * route does not exist and the path is answered 404 like any other unknown path.
   */
  readonly alerts?: AlertRouteOptions;
}

/** Creates (but does not start) the restify server. */
export function createServer(options: ServerOptions): restify.Server {
  const { adapter, logger } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const refusals = adapter.refusals;
  // No bodyParser: it inflates gzip without limit or error handler. Bodies are read below.
  const server = restify.createServer({ name: 'lockdown', handleUncaughtExceptions: false });
  server.pre(refuseUnreadableBodies(refusals, limits));
  answerErrorsGenerically(server, refusals, logger);

  let reading = 0;
  server.post('/api/messages', async (req, res) => {
    try {
      if (reading >= limits.maxConcurrentReads) {
        return refuse(
          req,
          res,
          refusals,
          { status: 503, reason: 'too many bodies in flight' },
          limits,
        );
      }
      reading++;
      const parsed = await readJsonObject(req, {
        maxBytes: limits.maxBodyBytes,
        timeoutMs: limits.bodyTimeoutMs,
      }).finally(() => reading--);
      if (!parsed.ok) return refuse(req, res, refusals, parsed, limits);
      const inbound = {
        body: parsed.body,
        authorization: authorizationOf(req),
        origin: describeRequest(req),
      };
      const answer = await adapter.handle(inbound, async (context) => {
        await options.app.run(context);
      });
      const body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
      answerJson(res, answer.status, body);
    } catch (error) {
      logger.error({ error: errorSummary(error) }, 'request failed');
      answerGeneric(res, 500);
    }
  });

  if (options.alerts) {
    registerAlertRoute(server, {
      ...options.alerts,
      logger,
      refusals,
      bodyTimeoutMs: limits.bodyTimeoutMs,
      discardMs: limits.discardMs,
    });
  }

  server.get('/healthz', async (_req, res) => {
    try {
      await options.health();
      answerJson(res, 200, JSON.stringify({ status: 'ok' }));
    } catch (error) {
      logger.warn({ error: errorSummary(error) }, 'health check failed');
      answerJson(res, 503, JSON.stringify({ status: 'unavailable' }));
    }
  });
  return server;
}

/** The Authorization header ('' when absent). */
function authorizationOf(req: restify.Request): string {
  const value = req.headers.authorization;
  return typeof value === 'string' ? value : '';
}
