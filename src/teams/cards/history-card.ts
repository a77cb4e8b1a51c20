import type { LockdownRequest, RequestState } from '../../lockdown/request';
import {
  adaptiveCard,
  cardHeader,
  column,
  columnSet,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card';
import { formatUtc } from './format-time';
import { MODE_NAMES } from './mode-text';

/** One symbol per request state, so a long list scans at a glance. */
export const STATE_SYMBOLS: Readonly<Record<RequestState, string>> = {
  pending: '⏳',
  approved: '🔄',
  running: '🔄',
  completed: '✅',
  partial: '⚠️',
  failed: '❌',
  cancelled: '🚫',
  expired: '⌛',
  rejected: '🚫',
};

/** One compact row: symbol, target and state, then who and when. */
function row(request: LockdownRequest): CardElement {
  const decided = request.decidedBy ? ` · ${request.state} by ${request.decidedBy.name}` : '';
  return columnSet(
    [
      column('auto', [textBlock(STATE_SYMBOLS[request.state])]),
      column('stretch', [
        textBlock(`${request.target.userPrincipalName} — ${request.state}`, { weight: 'bolder' }),
        textBlock(
          `${formatUtc(request.requestedAt)} · ${MODE_NAMES[request.mode]} · asked by ${request.requestedBy.name}${decided}`,
          { isSubtle: true, size: 'small', spacing: 'none' },
        ),
      ]),
    ],
    { spacing: 'small' },
  );
}

/** `/lockdown history`: the channel's latest requests, newest first, one compact row each. */
export function buildHistoryCard(requests: readonly LockdownRequest[]): AdaptiveCard {
  const body: CardElement[] = [
    cardHeader(
      'Lockdown history',
      requests.length === 0
        ? 'No lockdown requests in this channel yet.'
        : `The last ${requests.length} request${requests.length === 1 ? '' : 's'} in this channel, newest first.`,
      'emphasis',
    ),
    ...requests.map(row),
  ];
  return adaptiveCard(body);
}
