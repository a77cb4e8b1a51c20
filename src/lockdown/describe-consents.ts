/**
 * The second read of the look-up: the consented apps' names and publishers. The card appears
 * after the look-up's one round trip with each app as its client id; this read then names the
 * apps (an unverified publisher standing out) and the card is edited. For a request the result
 * is stored and the listener told; for a dry run the completed foothold is simply answered.
 */
import type { Logger } from 'pino';
import type { AppDescriptions, Directory } from './directory';
import type { ConsentGrant, Foothold } from './foothold';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** What describing a request's consents needs. */
export interface DescribeConsentsDependencies {
  readonly directory: Pick<Directory, 'describeApps'>;
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
}

/** The client ids of the consents whose app has no name yet, each once, in order. */
export function unnamedApps(foothold: Foothold | undefined): string[] {
  const consents = foothold?.consents;
  if (!consents || !('items' in consents)) return [];
  const ids = consents.items.filter((grant) => grant.appName === undefined).map((g) => g.clientId);
  return [...new Set(ids)];
}

/** `grant` with its app as `described` names it (unchanged when the app is not there). */
function named(grant: ConsentGrant, described: AppDescriptions): ConsentGrant {
  const app = Object.hasOwn(described.apps, grant.clientId)
    ? described.apps[grant.clientId]
    : undefined;
  if (!app) return grant;
  const { publisher: _stale, ...rest } = grant;
  return {
    ...rest,
    appName: app.appName,
    ...(app.publisher === undefined ? {} : { publisher: app.publisher }),
    verifiedPublisher: app.verifiedPublisher,
  };
}

/**
 * `foothold` with its consents' apps named as `described` says, and why names could not be
 * read when they could not (a former reason goes once the names are read). Pure.
 */
export function withAppDescriptions(foothold: Foothold, described: AppDescriptions): Foothold {
  const consents = foothold.consents;
  if (!consents || !('items' in consents)) return foothold;
  return {
    ...foothold,
    consents: {
      items: consents.items.map((grant) => named(grant, described)),
      ...(described.unreadable === undefined ? {} : { namesUnreadable: described.unreadable }),
    },
  };
}

/**
 * Reads the names of the consented apps that have none and answers the completed foothold, or
 * `undefined` when no consent needs a name (nothing is read then).
 */
export async function describeFoothold(
  directory: Pick<Directory, 'describeApps'>,
  foothold: Foothold | undefined,
): Promise<Foothold | undefined> {
  const clientIds = unnamedApps(foothold);
  if (!foothold || clientIds.length === 0) return undefined;
  return withAppDescriptions(foothold, await directory.describeApps(clientIds));
}

/**
 * Names the consented apps of a stored request: reads them, stores the completed foothold and,
 * while the request is pending (only its confirmation card shows the foothold), tells the
 * listener so the card is edited; once decided, the card shows the decision and its progress,
 * which this stale view must not replace. Answers the request as it now stands, or `undefined`
 * when there is no such request or no consent needs a name (nothing is written).
 */
export async function describeConsents(
  deps: DescribeConsentsDependencies,
  requestId: string,
): Promise<LockdownRequest | undefined> {
  const request = await deps.store.get(requestId);
  if (!request) return undefined;
  const completed = await describeFoothold(deps.directory, request.target.foothold);
  if (!completed) return undefined;
  const stored = await deps.store.setFoothold(requestId, completed);
  if (!stored) return undefined;
  const consents = completed.consents;
  deps.logger.info(
    {
      requestId,
      apps: consents && 'items' in consents ? consents.items.length : 0,
      ...(consents && 'namesUnreadable' in consents
        ? { unreadable: consents.namesUnreadable }
        : {}),
    },
    'consented apps described',
  );
  if (stored.state === 'pending') deps.listener.onChange(stored);
  return stored;
}
