/**
 * The card that replaces a group's confirmation card when it ends without running: cancelled,
 * expired or rejected. It says how many accounts, who decided, and that nothing was changed, and
 * keeps which accounts and who asked for the record. No buttons.
 */
import { groupState, type GroupView } from '../../lockdown/group';
import { kindOf } from '../../lockdown/request';
import { adaptiveCard, cardHeader, factSet, type AdaptiveCard } from './adaptive-card';
import { alertHeader } from './alert-header';
import { formatUtc } from './format-time';
import { accounts, groupWords, nameList, upnsOf } from './group-text';
import { MODE_NAMES } from './mode-text';
import { requesterText } from './requester-text';
import { SHORT_NAME_BYTES, plain } from './text-budget';

/** How many accounts the card names before "and N more" (the text must stay whole). */
const NAMED_ACCOUNTS = 3;

/** What was decided, by whom, for how many accounts, ending with "nothing was changed". */
function closedSentence(view: GroupView): string {
  const { leader } = view;
  const what = `${groupWords(view).noun} of ${accounts(view.members.length)}`;
  const by = plain(leader.decidedBy?.name ?? 'someone', SHORT_NAME_BYTES);
  const at = leader.decidedAt === undefined ? '' : ` at ${formatUtc(leader.decidedAt)}`;
  const state = groupState(view);
  switch (state) {
    case 'cancelled':
    case 'rejected':
      return `${what} ${state} by ${by}${at} — nothing was changed`;
    case 'expired':
      return `${what} expired at ${formatUtc(leader.expiresAt)} without approval — nothing was changed`;
    default:
      return `${what}: ${state}`;
  }
}

/** The card of a group that ended without running (see the file's comment). */
export function buildGroupClosedCard(view: GroupView): AdaptiveCard {
  const { leader, members, leftOut } = view;
  return adaptiveCard([
    ...alertHeader(leader.alert),
    // Neutral: nothing happened to any account.
    cardHeader(closedSentence(view), undefined, 'emphasis'),
    factSet(
      [
        ['Accounts', nameList(upnsOf(members), NAMED_ACCOUNTS, SHORT_NAME_BYTES)],
        ['Left out', leftOut.length === 0 ? undefined : accounts(leftOut.length)],
        ['Mode', kindOf(leader) === 'unlock' ? 'Unlock' : MODE_NAMES[leader.mode]],
        ['Requested by', requesterText(leader)],
      ],
      { spacing: 'medium' },
    ),
  ]);
}
