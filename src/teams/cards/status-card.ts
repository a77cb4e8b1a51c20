import type { LockdownRequest } from '../../lockdown/request';
import type { AdaptiveCard } from './adaptive-card';
import { cardForRequest } from './card-for-request';

/**
 * `/lockdown status`: the latest request for a user as its own card shows it, read-only. Its
 * buttons are left out: decisions are taken on the request's own card, in its own thread.
 */
export function buildStatusCard(request: LockdownRequest, now: Date): AdaptiveCard {
  const { actions, refresh, ...card } = cardForRequest(request, { now });
  return card;
}
