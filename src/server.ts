/**
 * The HTTP face: `POST /api/messages` for the Bot Framework channel, `GET /healthz` for probes.
 */
import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import restify from 'restify';
import type { Logger } from 'pino';

/** What the server routes to. */
export interface ServerOptions {
  readonly adapter: TeamsAdapter;
  readonly app: Application<TurnState>;
  readonly logger: Logger;
  /** Answers `GET /healthz`; throws when the bot cannot serve. */
  readonly health: () => Promise<void>;
}

/** Creates (but does not start) the restify server. */
export function createServer(options: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'lockdown', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    await options.adapter.process(req, res, async (context) => {
      await options.app.run(context);
    });
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await options.health();
      res.send(200, { status: 'ok' });
    } catch (error) {
      options.logger.warn({ err: error }, 'health check failed');
      res.send(503, { status: 'unavailable' });
    }
  });
  return server;
}
