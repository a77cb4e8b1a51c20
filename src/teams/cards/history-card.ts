import { kindOf, type LockdownRequest, type RequestState } from '../../lockdown/request';
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
import { KIND_WORDS } from './kind-words';
import { MODE_NAMES } from './mode-text';
import { NAME_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';

/** The most rows a history card shows (what `/lockdown history` asks for). */
export const MAX_HISTORY_ROWS = 20;

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

/** A lockdown's mode, or which lockdown an unlock undoes (it carries that lockdown's mode). */
function purpose(request: LockdownRequest): string {
  if (kindOf(request) === 'lockdown') return MODE_NAMES[request.mode];
  const of = request.undo?.lockdownFinishedAt;
  return of ? `undoes the lockdown of ${formatUtc(of)}` : 'undoes a lockdown';
}

/**
 * One compact row: symbol, kind, target and state, then who and when. Names get a short budget:
 * twenty rows of long multi-byte names would otherwise pass Teams' 28 KB.
 */
function row(request: LockdownRequest): CardElement {
  const decided = request.decidedBy
    ? ` · ${request.state} by ${plain(request.decidedBy.name, SHORT_NAME_BYTES)}`
    : '';
  const askedBy = plain(request.requestedBy.name, SHORT_NAME_BYTES);
  const undone = request.undoneBy
    ? ` · ${request.undoneBy.state === 'completed' ? 'unlocked' : 'partly unlocked'} ${formatUtc(request.undoneBy.finishedAt)}`
    : '';
  const noun = KIND_WORDS[kindOf(request)].noun;
  const upn = plain(request.target.userPrincipalName, NAME_BYTES);
  return columnSet(
    [
      column('auto', [textBlock(STATE_SYMBOLS[request.state])]),
      column('stretch', [
        textBlock(`${noun} of ${upn} — ${request.state}`, { weight: 'bolder' }),
        textBlock(
          `${formatUtc(request.requestedAt)} · ${purpose(request)} · asked by ${askedBy}${decided}${undone}`,
          { isSubtle: true, size: 'small', spacing: 'none' },
        ),
      ]),
    ],
    { spacing: 'small' },
  );
}

/**
 * `/lockdown history`: the channel's latest requests (lockdowns and unlocks), newest first, one
 * compact row each, at most {@link MAX_HISTORY_ROWS}.
 */
export function buildHistoryCard(latest: readonly LockdownRequest[]): AdaptiveCard {
  const requests = latest.slice(0, MAX_HISTORY_ROWS);
  const body: CardElement[] = [
    cardHeader(
      'Lockdown history',
      requests.length === 0
        ? 'No lockdown or unlock requests in this channel yet.'
        : `The last ${requests.length} request${requests.length === 1 ? '' : 's'} (lockdowns and unlocks) in this channel, newest first.`,
      'emphasis',
    ),
    ...requests.map(row),
  ];
  return adaptiveCard(body);
}
