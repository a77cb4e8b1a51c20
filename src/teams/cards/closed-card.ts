import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { adaptiveCard, cardHeader, factSet, type AdaptiveCard } from './adaptive-card';
import { alertHeader } from './alert-header';
import { formatUtc } from './format-time';
import { KIND_WORDS } from './kind-words';
import { MODE_NAMES } from './mode-text';
import { requesterText } from './requester-text';
import { NAME_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';
import { lockdownReference } from './unlock-text';

/** What was decided and by whom, in one sentence that ends with "nothing was changed". */
function closedSentence(request: LockdownRequest): string {
  // Each name on its own budget, so that "nothing was changed" always ends the sentence.
  const name = plain(request.target.displayName, NAME_BYTES);
  const by = plain(request.decidedBy?.name ?? 'someone', SHORT_NAME_BYTES);
  const at = request.decidedAt === undefined ? '' : ` at ${formatUtc(request.decidedAt)}`;
  const noun = KIND_WORDS[kindOf(request)].noun;
  switch (request.state) {
    case 'cancelled':
      return `${noun} of ${name} cancelled by ${by}${at} — nothing was changed`;
    case 'expired':
      return `${noun} of ${name} expired at ${formatUtc(request.expiresAt)} without approval — nothing was changed`;
    case 'rejected':
      return `${noun} of ${name} rejected by ${by}${at} — nothing was changed`;
    default:
      return `${noun} of ${name}: ${request.state}`;
  }
}

/** What the request was for: a lockdown's mode, or the lockdown an unlock would have undone. */
function purpose(request: LockdownRequest): readonly [string, string] {
  return kindOf(request) === 'unlock' && request.undo
    ? ['Would undo', lockdownReference(request.undo)]
    : ['Mode', MODE_NAMES[request.mode]];
}

/**
 * The card that replaces the confirmation card when a request ends without running:
 * cancelled, expired or rejected. It keeps who and what for the record, and has no buttons.
 */
export function buildClosedCard(request: LockdownRequest): AdaptiveCard {
  const { target } = request;
  return adaptiveCard([
    ...alertHeader(request.alert),
    // Neutral: nothing happened to the account.
    cardHeader(closedSentence(request), undefined, 'emphasis'),
    factSet(
      [
        ['Account', `${target.userPrincipalName} (${target.id})`],
        purpose(request),
        ['Requested by', requesterText(request)],
      ],
      { spacing: 'medium' },
    ),
  ]);
}
