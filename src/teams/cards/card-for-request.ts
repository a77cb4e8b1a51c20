import type { LockdownRequest } from '../../lockdown/request';
import type { AdaptiveCard } from './adaptive-card';
import { buildClosedCard } from './closed-card';
import { buildConfirmationCard, type ConfirmationCardOptions } from './confirmation-card';
import { buildProgressCard } from './progress-card';

/** The card a request shows in its current state. */
export function cardForRequest(
  request: LockdownRequest,
  options: ConfirmationCardOptions,
): AdaptiveCard {
  switch (request.state) {
    case 'pending':
      return buildConfirmationCard(request, options);
    case 'approved':
    case 'running':
    case 'completed':
    case 'partial':
    case 'failed':
      return buildProgressCard(request);
    case 'cancelled':
    case 'expired':
    case 'rejected':
      return buildClosedCard(request);
  }
}
