/**
 * The one card of a group of requests (several accounts asked for together), chosen by the
 * group's state: pending, running or finished, or closed without running.
 */
import { groupState, type GroupView } from '../../lockdown/group';
import type { AdaptiveCard } from './adaptive-card';
import type { ConfirmationCardOptions } from './decision-footer';
import { buildGroupClosedCard } from './group-closed-card';
import { buildGroupConfirmationCard } from './group-confirmation-card';
import { buildGroupProgressCard } from './group-progress-card';

/**
 * The card a group shows in its current state (see `groupState`): its confirmation card, with
 * the leader's Confirm and Cancel as `options` say one person sees them, while pending; its
 * progress card from approval to the end; its closed card when it ended without running.
 */
export function buildGroupCard(view: GroupView, options: ConfirmationCardOptions): AdaptiveCard {
  switch (groupState(view)) {
    case 'pending':
      return buildGroupConfirmationCard(view, options);
    case 'approved':
    case 'running':
    case 'completed':
    case 'partial':
    case 'failed':
      return buildGroupProgressCard(view);
    case 'cancelled':
    case 'expired':
    case 'rejected':
      return buildGroupClosedCard(view);
  }
}
