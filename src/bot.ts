/**
 * Wires the bot together: config -> store, directory, adapter, notifier, service, app, server.
 */
import type { AddressInfo } from 'node:net';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createDirectory } from './directory';
import { LockdownService } from './lockdown/lockdown-service';
import { generatePassword } from './lockdown/password';
import { openStore } from './store';
import { createServer } from './server';
import { createTeamsApp } from './teams/app';
import { CardNotifier } from './teams/notifier';

/** A running bot. */
export interface RunningBot {
  readonly port: number;
  /** Stops taking requests, lets running lockdowns finish (up to `graceMs`), closes the store. */
  stop(graceMs?: number): Promise<void>;
}

/** Builds and starts the bot. */
export async function startBot(config: Config, logger: Logger): Promise<RunningBot> {
  const store = openStore(config.store);
  const directory = createDirectory(config.graph, logger);
  const adapter = new TeamsAdapter(
    config.bot
      ? {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword,
          MicrosoftAppType: config.bot.appType,
          MicrosoftAppTenantId: config.bot.tenantId,
        }
      : {},
  );
  const botAppId = config.bot?.appId ?? '';
  const notifier = new CardNotifier({
    adapter,
    botAppId,
    logger,
    selfApprovalAllowed: config.approval.allowSelfApproval,
  });
  const service = new LockdownService({
    directory,
    store,
    listener: notifier,
    logger,
    generatePassword: () => generatePassword(),
    approvalTtlMinutes: config.approval.ttlMinutes,
    allowSelfApproval: config.approval.allowSelfApproval,
  });
  const app = createTeamsApp({
    adapter,
    botAppId,
    service,
    logger,
    selfApprovalAllowed: config.approval.allowSelfApproval,
  });
  const server = createServer({
    adapter,
    app,
    logger,
    health: async () => {
      await store.get('healthz');
    },
  });

  if (!config.bot) {
    logger.warn(
      'BOT_ID is not set: accepting unauthenticated activities, so listening on 127.0.0.1 only. Set BOT_ID and BOT_PASSWORD to serve Teams.',
    );
  }
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.host }, 'listening');

  const resumed = await service.resumeInterrupted();
  if (resumed > 0) logger.warn({ resumed }, 'resumed interrupted lockdowns');

  return {
    port,
    async stop(graceMs = 8000) {
      server.close();
      const drained = Promise.all([service.drain(), notifier.idle()]);
      const timedOut = await Promise.race([
        drained.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(resolve, graceMs, true).unref()),
      ]);
      if (timedOut) logger.warn('stopping with lockdowns still running; they resume at next start');
      await store.close();
    },
  };
}
