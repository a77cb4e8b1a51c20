/**
 * The alert endpoint's settings (`POST /api/alerts`): whom its tokens are for, who may call it,
 * where its cards go, and the rules between them. None of them set: no endpoint, and nothing else
 * changes.
 */
import { GUID, list } from './config-fields';

/** `POST /api/alerts`, when `LOCKDOWN_ALERTS_AUDIENCE` is set. */
export interface AlertsConfig {
  /** The `aud` every caller's token must carry: the bot API's app ID URI (or client id). */
  readonly audience: string;
  /** App (client) ids or object ids of the apps allowed to call, in lower case. */
  readonly callerIds: readonly string[];
  /** The Teams channel alert cards are posted in; one of `LOCKDOWN_CHANNEL_IDS`. */
  readonly channelId: string;
}

/**
 * The problems of the alert settings, on the raw environment: the caller ids and the channel go
 * with the audience, the channel must be a security channel (where lockdowns are approved), and
 * the tenant must be named by its id, since every token's `tid` is compared with it.
 */
export function alertsProblems(environment: NodeJS.ProcessEnv): string[] {
  const value = (name: string): string => (environment[name] ?? '').trim();
  const problems: string[] = [];
  if (value('LOCKDOWN_ALERTS_AUDIENCE') === '') {
    const stray = ['LOCKDOWN_ALERTS_CALLER_IDS', 'LOCKDOWN_ALERTS_CHANNEL_ID'].filter(
      (name) => value(name) !== '',
    );
    if (stray.length > 0) {
      problems.push(
        `${stray.join(' and ')} apply only with LOCKDOWN_ALERTS_AUDIENCE, which turns the alert endpoint on: set it or unset them`,
      );
    }
    return problems;
  }
  if (value('LOCKDOWN_ALERTS_CALLER_IDS') === '') {
    problems.push(
      'LOCKDOWN_ALERTS_CALLER_IDS is required with LOCKDOWN_ALERTS_AUDIENCE: the app ids or object ids of the apps allowed to send alerts (a Sentinel playbook: its managed identity), comma-separated',
    );
  }
  const channel = value('LOCKDOWN_ALERTS_CHANNEL_ID');
  if (channel === '') {
    problems.push(
      'LOCKDOWN_ALERTS_CHANNEL_ID is required with LOCKDOWN_ALERTS_AUDIENCE: the Teams channel where alert cards are posted',
    );
  } else if (!list.parse(environment.LOCKDOWN_CHANNEL_IDS).includes(channel)) {
    problems.push(
      `LOCKDOWN_ALERTS_CHANNEL_ID must be one of LOCKDOWN_CHANNEL_IDS, the channels where lockdowns are approved; add ${channel} there or pick one of them`,
    );
  }
  const tenant = value('AZURE_TENANT_ID');
  if (tenant !== '' && !GUID.test(tenant)) {
    problems.push(
      'LOCKDOWN_ALERTS_AUDIENCE needs AZURE_TENANT_ID to be the tenant id (a GUID), not a domain name: every alert token carries the id, and is checked against it',
    );
  }
  return problems;
}
