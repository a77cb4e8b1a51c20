/**
 * What the start-up log says about the configuration: everything an operator checks, no secret
 * (only whether one is set and where it comes from).
 */
import type { Config } from './config';

/** A description of the configuration that is safe to log: no secrets, only their presence. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    bot: config.bot
      ? { appId: config.bot.appId, appType: config.bot.appType, tenantId: config.bot.tenantId }
      : 'anonymous (local clients only)',
    graph: {
      tenantId: config.graph.tenantId,
      endpoint: config.graph.endpoint,
      authorityHost: config.graph.authorityHost,
      credential: config.graph.credential.kind,
      clientId: config.graph.credential.clientId,
      // A certificate's PEM holds its private key: only where it comes from.
      ...(config.graph.credential.kind === 'certificate'
        ? {
            certificate:
              'certificatePath' in config.graph.credential
                ? config.graph.credential.certificatePath
                : 'AZURE_CLIENT_CERTIFICATE',
          }
        : {}),
    },
    // A connection string carries the account key: never describe it.
    store:
      config.store.kind === 'sqlite' || 'endpoint' in config.store
        ? config.store
        : { kind: config.store.kind, connectionString: '[set]' },
    approval: config.approval,
    runner: config.runner,
    access: config.access,
    containment: config.containment,
    alerts: config.alerts ?? 'off',
  };
}
