/**
 * Wires `POST /api/alerts` (src/http) to the Teams face that posts an alert's card
 * (src/teams/alert-card.ts): the composition root's part of the alerts, from the configuration.
 */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { AlertHandler, AlertRouteOptions } from './http/alert-endpoint';
import { createAlertTokenVerifier } from './http/alert-token';
import { resolveOptions } from './lockdown/options';
import { type AlertCardOptions, postAlert } from './teams/alert-card';

/** The alerts route, or `undefined` when the alerts are not configured (no route at all). */
export function alertRoute(
  config: Config,
  cards: Omit<AlertCardOptions, 'channelId'>,
  logger: Logger,
): AlertRouteOptions | undefined {
  const alerts = config.alerts;
  if (!alerts) return undefined;
  const handler: AlertHandler = (ask, caller) =>
    postAlert(
      { ...cards, channelId: alerts.channelId },
      {
        users: ask.users,
        alert: {
          title: ask.title,
          ...(ask.severity ? { severity: ask.severity } : {}),
          ...(ask.source ? { source: ask.source } : {}),
          ...(ask.incidentId ? { incidentId: ask.incidentId } : {}),
          ...(ask.url ? { url: ask.url } : {}),
        },
        mode: ask.mode ?? 'full',
        // As in the command: the alert's options add to the deployment's defaults.
        options: resolveOptions(config.containment.defaultOptions, {
          add: ask.options ?? [],
          remove: [],
        }),
      },
      { appId: caller.appId, ...(caller.name ? { name: caller.name } : {}) },
    );
  logger.info(
    { channelId: alerts.channelId, callers: alerts.callerIds.length },
    'alerts endpoint on',
  );
  return {
    verifier: createAlertTokenVerifier({
      authorityHost: config.graph.authorityHost,
      tenantId: config.graph.tenantId,
      audience: alerts.audience,
      callerIds: alerts.callerIds,
      timeoutMs: config.graph.timeoutMs,
    }),
    handler,
  };
}
