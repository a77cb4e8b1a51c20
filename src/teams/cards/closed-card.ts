import type { LockdownRequest } from '../../lockdown/request';
import { adaptiveCard, cardHeader, factSet, type AdaptiveCard } from './adaptive-card';
import { formatUtc } from './format-time';
import { MODE_NAMES } from './mode-text';
import { NAME_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';

/** What was decided and by whom, in one sentence that ends with "nothing was changed". */
function closedSentence(request: LockdownRequest): string {
  // Each name on its own budget, so that "nothing was changed" always ends the sentence.
  const name = plain(request.target.displayName, NAME_BYTES);
  const by = plain(request.decidedBy?.name ?? 'someone', SHORT_NAME_BYTES);
  const at = request.decidedAt === undefined ? '' : ` at ${formatUtc(request.decidedAt)}`;
  switch (request.state) {
    case 'cancelled':
      return `Lockdown of ${name} cancelled by ${by}${at} — nothing was changed`;
    case 'expired':
      return `Lockdown of ${name} expired at ${formatUtc(request.expiresAt)} without approval — nothing was changed`;
    case 'rejected':
      return `Lockdown of ${name} rejected by ${by}${at} — nothing was changed`;
    default:
      return `Lockdown of ${name}: ${request.state}`;
  }
}

/**
 * The card that replaces the confirmation card when a request ends without running:
 * cancelled, expired or rejected. It keeps who and what for the record, and has no buttons.
 */
export function buildClosedCard(request: LockdownRequest): AdaptiveCard {
  const { target } = request;
  return adaptiveCard([
    // Neutral: nothing happened to the account.
    cardHeader(closedSentence(request), undefined, 'emphasis'),
    factSet(
      [
        ['Account', `${target.userPrincipalName} (${target.id})`],
        ['Mode', MODE_NAMES[request.mode]],
        [
          'Requested by',
          `${plain(request.requestedBy.name, NAME_BYTES)} at ${formatUtc(request.requestedAt)}`,
        ],
      ],
      { spacing: 'medium' },
    ),
  ]);
}
