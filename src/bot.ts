/**
 * Wires the bot together: config -> store, directory, adapter, notifier, service, app, server.
 */
import { alertRoute } from './alert-route';
import { ChannelMemory } from './teams/channel-memory';
import { loadGroup } from './lockdown/group-store';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createCredential, createDirectory, createGrantsReader } from './directory';
import { LockdownService } from './lockdown/lockdown-service';
import { LockdownRunner } from './lockdown/runner';
import { generatePassword } from './lockdown/password';
import { AccessPolicy } from './lockdown/policy';
import { openConfiguredStore } from './open-store';
import { createServer } from './server';
import { createTeamsApp } from './teams/app';
import { DetachedWork } from './teams/detached-work';
import { LockdownAdapter } from './teams/lockdown-adapter';
import { CardNotifier } from './teams/notifier';

/**
 * The Bot Framework settings. With a custom OpenID metadata URL (a sovereign cloud, or a test
 * authority) botbuilder uses the given values verbatim, so the outbound ones are named too.
 */
function botFrameworkAuthentication(bot: Config['bot']): Record<string, string | undefined> {
  if (!bot) return {};
  const identity = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
  };
  if (!bot.openIdMetadataUrl) return identity;
  return {
    ...identity,
    ToBotFromChannelOpenIdMetadataUrl: bot.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: bot.tokenIssuer,
    ToChannelFromBotLoginUrl: `https://login.microsoftonline.com/${bot.tenantId ?? 'botframework.com'}`,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  };
}

/** How often pending requests past their time to live are expired and old message ids forgotten. */
const EXPIRY_SWEEP_MS = 30_000;

/** A running bot. */
export interface RunningBot {
  readonly port: number;
  /**
   * Stops taking requests, lets running lockdowns reach a stage boundary (up to `graceMs`),
   * closes the store.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Builds and starts the bot. */
export async function startBot(config: Config, logger: Logger): Promise<RunningBot> {
  // Every token request has a time limit, like every Graph call: nothing may hang a lockdown.
  const credential = createCredential(config.graph, config.graph.timeoutMs);
  const store = openConfiguredStore(config);
  const directory = createDirectory(config.graph, credential, logger, {
    timeoutMs: config.graph.timeoutMs,
  });
  const adapter = new LockdownAdapter(botFrameworkAuthentication(config.bot), logger);
  const botAppId = config.bot?.appId ?? '';
  const notifier = new CardNotifier({
    adapter,
    botAppId,
    logger,
    selfApprovalAllowed: config.approval.allowSelfApproval,
    loadGroup: (request) => loadGroup(store, request),
  });
  const policy = new AccessPolicy(
    { ...config.access, allowSelfApproval: config.approval.allowSelfApproval },
    directory,
  );
  logger.info(
    { policy: policy.describe(), channels: config.access.channelIds },
    config.access.channelIds.length === 0
      ? 'access policy in force; LOCKDOWN_CHANNEL_IDS is empty, so no lockdown runs anywhere yet'
      : 'access policy in force',
  );
  const runner = new LockdownRunner({
    store,
    logger,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.runner.leaseMs,
    sweepMs: config.runner.sweepMs,
    pipeline: {
      directory,
      listener: notifier,
      generatePassword: () => generatePassword(),
      now: () => new Date(),
    },
  });
  const service = new LockdownService({
    directory,
    store,
    listener: notifier,
    logger,
    approvalTtlMinutes: config.approval.ttlMinutes,
    maxPendingPerPerson: config.approval.maxPendingPerPerson,
    policy,
    runner,
    ...(config.containment.onPremises ? { onPremises: config.containment.onPremises } : {}),
    // What the app's token and roles allow, for the confirmation card's warnings.
    grants: createGrantsReader(config.graph, credential, logger, {
      timeoutMs: config.graph.timeoutMs,
    }),
  });
  const detached = new DetachedWork(logger);
  const channels = new ChannelMemory(service, config.access.channelIds, logger);
  const app = createTeamsApp({
    adapter,
    botAppId,
    service,
    logger,
    tenantId: config.bot?.tenantId ?? config.graph.tenantId,
    channelIds: config.access.channelIds,
    perPersonViews: config.approval.perPersonViews,
    selfApprovalAllowed: config.approval.allowSelfApproval,
    defaultOptions: config.containment.defaultOptions,
    detached,
    channels,
  });
  const alerts = alertRoute(
    config,
    {
      service,
      adapter,
      botAppId,
      channels,
      logger,
      selfApprovalAllowed: config.approval.allowSelfApproval,
      now: () => new Date(),
    },
    logger,
  );
  const server = createServer({
    adapter,
    app,
    logger,
    health: async () => {
      await store.get('healthz');
    },
    ...(alerts ? { alerts } : {}),
  });

  if (!config.bot) {
    logger.warn(
      'BOT_ID is not set: accepting unauthenticated activities, so listening on 127.0.0.1 only. Set BOT_ID and BOT_PASSWORD to serve Teams.',
    );
  }
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: config.host }, 'listening');

  // Takes over lockdowns nobody runs (this instance's last life, or a dead instance's), now and
  // on a timer.
  runner.start();
  logger.info({ owner: runner.owner, ...config.runner }, 'lockdown runner started');
  const sweep = (): void => {
    service.expireStale().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not expire stale requests');
    });
    service.forgetOldMessages().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not forget old message ids');
    });
  };
  sweep();
  const sweeper = setInterval(sweep, EXPIRY_SWEEP_MS);
  sweeper.unref();

  return {
    port,
    async stop(graceMs = 8000) {
      clearInterval(sweeper);
      server.close();
      // Running lockdowns stop at their next stage boundary and give up their leases, so another
      // instance (or the next start) resumes them at once.
      service.stop();
      const stopped = Promise.all([runner.stop(), detached.idle()]).then(() => notifier.idle());
      const timedOut = await Promise.race([
        stopped.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(resolve, graceMs, true).unref()),
      ]);
      if (timedOut) {
        logger.warn(
          'stopping mid-stage; another instance takes the lockdowns over once their leases lapse',
        );
      }
      await store.close();
    },
  };
}
