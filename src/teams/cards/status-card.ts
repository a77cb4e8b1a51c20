import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { callout, type AdaptiveCard, type CardElement } from './adaptive-card';
import { alertHeader } from './alert-header';
import { cardForRequest } from './card-for-request';
import { accounts } from './group-text';
import { SHORT_NAME_BYTES, plain } from './text-budget';

/**
 * "Part of a lockdown of 12 accounts (asked by Ann Responder)" for a member of a group of more
 * than one account; `undefined` otherwise.
 */
export function groupMembershipLine(request: LockdownRequest): string | undefined {
  const size = request.group?.memberIds.length ?? 0;
  if (size < 2) return undefined;
  const what = kindOf(request) === 'unlock' ? 'an unlock' : 'a lockdown';
  const by = plain(request.requestedBy.name, SHORT_NAME_BYTES);
  return `Part of ${what} of ${accounts(size)} (asked by ${by})`;
}

/**
 * `/lockdown status`: the latest request for a user as its own card shows it, read-only, and
 * for a member of a group which group it belongs to. Its buttons are left out: decisions are
 * taken on the request's own card (a group's, for a member), in its own thread.
 */
export function buildStatusCard(request: LockdownRequest, now: Date): AdaptiveCard {
  const { actions, refresh, ...card } = cardForRequest(request, { now });
  const membership = groupMembershipLine(request);
  if (membership === undefined) return card;
  // Under the headline band (and the alert's band above it, if any).
  const at = alertHeader(request.alert).length + 1;
  const body: CardElement[] = [
    ...card.body.slice(0, at),
    callout(`👥 ${membership}`, 'emphasis'),
    ...card.body.slice(at),
  ];
  return { ...card, body };
}
