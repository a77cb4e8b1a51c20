import { groupState } from '../../lockdown/group';
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
import { accounts } from './group-text';
import { KIND_WORDS } from './kind-words';
import { MODE_NAMES } from './mode-text';
import { STATE_SYMBOLS } from './status-symbols';
import { NAME_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';

export { STATE_SYMBOLS } from './status-symbols';

/** The most rows a history card shows (what `/lockdown history` asks for). */
export const MAX_HISTORY_ROWS = 20;

/** A lockdown's mode, or which lockdown an unlock undoes (it carries that lockdown's mode). */
function purpose(request: LockdownRequest): string {
  if (kindOf(request) === 'lockdown') return MODE_NAMES[request.mode];
  const of = request.undo?.lockdownFinishedAt;
  return of ? `undoes the lockdown of ${formatUtc(of)}` : 'undoes a lockdown';
}

/** A row: the symbol, a bold title, then when, what, who asked and who decided. */
function summaryRow(
  symbol: string,
  title: string,
  request: LockdownRequest,
  state: RequestState = request.state,
): CardElement {
  const decided = request.decidedBy
    ? ` · ${state} by ${plain(request.decidedBy.name, SHORT_NAME_BYTES)}`
    : '';
  const askedBy = plain(request.requestedBy.name, SHORT_NAME_BYTES);
  const undone = request.undoneBy
    ? ` · ${request.undoneBy.state === 'completed' ? 'unlocked' : 'partly unlocked'} ${formatUtc(request.undoneBy.finishedAt)}`
    : '';
  return columnSet(
    [
      column('auto', [textBlock(symbol)]),
      column('stretch', [
        textBlock(title, { weight: 'bolder' }),
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
 * One compact row: symbol, kind, target and state, then who and when. Names get a short budget:
 * twenty rows of long multi-byte names would otherwise pass Teams' 28 KB.
 */
function row(request: LockdownRequest): CardElement {
  const noun = KIND_WORDS[kindOf(request)].noun;
  const upn = plain(request.target.userPrincipalName, NAME_BYTES);
  return summaryRow(STATE_SYMBOLS[request.state], `${noun} of ${upn} — ${request.state}`, request);
}

/** A history entry: one request, or the members of one group found among the latest. */
type Entry =
  | { readonly request: LockdownRequest }
  | { readonly leader: LockdownRequest; readonly members: readonly LockdownRequest[] };

/** The latest requests with each group's members collapsed into one entry, where the first was. */
function entries(latest: readonly LockdownRequest[]): Entry[] {
  const groups = new Map<string, LockdownRequest[]>();
  const out: (Entry | string)[] = [];
  for (const request of latest) {
    const key = request.group && request.group.memberIds.length > 1 ? request.group.leaderId : '';
    if (key === '') {
      out.push({ request });
      continue;
    }
    const members = groups.get(key);
    if (members) {
      members.push(request);
    } else {
      groups.set(key, [request]);
      out.push(key);
    }
  }
  return out.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const members = groups.get(entry) ?? [];
    const leader = members.find((m) => m.id === entry) ?? (members[0] as LockdownRequest);
    return { leader, members };
  });
}

/** How many accounts a group row names before "and N more". */
const GROUP_ROW_NAMES = 3;
/** Each account's name on a group row. */
const GROUP_ROW_NAME_BYTES = 64;

/**
 * One compact row for a group: "Lockdown of 12 accounts: a@x, b@x, c@x and 9 more — partial",
 * then who and when, as the leader (or the first member found) says.
 */
function groupRow(leader: LockdownRequest, members: readonly LockdownRequest[]): CardElement {
  const size = leader.group?.memberIds.length ?? members.length;
  const shown = members
    .slice(0, GROUP_ROW_NAMES)
    .map((m) => plain(m.target.userPrincipalName, GROUP_ROW_NAME_BYTES));
  const more = size - shown.length;
  const names = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const state = groupState({ leader, members });
  const noun = KIND_WORDS[kindOf(leader)].noun;
  return summaryRow(
    STATE_SYMBOLS[state],
    `${noun} of ${accounts(size)}: ${names} — ${state}`,
    leader,
    state,
  );
}

/**
 * `/lockdown history`: the channel's latest requests (lockdowns and unlocks), newest first, one
 * compact row each (one for all the members of a group found among them), at most
 * {@link MAX_HISTORY_ROWS}.
 */
export function buildHistoryCard(latest: readonly LockdownRequest[]): AdaptiveCard {
  const rows = entries(latest).slice(0, MAX_HISTORY_ROWS);
  const body: CardElement[] = [
    cardHeader(
      'Lockdown history',
      rows.length === 0
        ? 'No lockdown or unlock requests in this channel yet.'
        : `The last ${rows.length} request${rows.length === 1 ? '' : 's'} (lockdowns and unlocks) in this channel, newest first.`,
      'emphasis',
    ),
    ...rows.map((entry) =>
      'request' in entry ? row(entry.request) : groupRow(entry.leader, entry.members),
    ),
  ];
  return adaptiveCard(body);
}
