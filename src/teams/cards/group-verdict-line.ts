/**
 * The one-line thread reply that says how a group ended, e.g. "Locked down 12 of 13 accounts in
 * 2.1 s; partial: a@contoso.com (2 devices failed); failed: b@contoso.com
 * (Authorization_RequestDenied)". Bounded: at most {@link MAX_NAMED_PROBLEMS} accounts are named.
 */
import { countStates, groupState, type GroupView } from '../../lockdown/group';
import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { formatDuration } from './format-duration';
import { accounts, groupWallMs, groupWords } from './group-text';
import { firstProblem } from './member-outcome';
import { SHORT_NAME_BYTES, plain } from './text-budget';
import { undecidedLine } from './verdict-line';

/** How many partial or failed accounts the line names (failed ones first) before "and N more". */
export const MAX_NAMED_PROBLEMS = 10;
/** What the line may take: ten long UPNs with their reasons fit. */
export const GROUP_VERDICT_BYTES = 2048;

/** "a@contoso.com (2 devices failed)". */
function named(member: LockdownRequest): string {
  const problem = firstProblem(member);
  const upn = plain(member.target.userPrincipalName, SHORT_NAME_BYTES);
  const why = problem?.reason ?? problem?.step;
  return why === undefined ? upn : `${upn} (${why})`;
}

/** "; partial: a@x (…), b@x (…) and 3 more" ("; partial: 3 accounts" when none is named), or ''. */
function listed(label: string, members: readonly LockdownRequest[], max: number): string {
  if (members.length === 0) return '';
  const shown = members.slice(0, max).map(named);
  const more = members.length - shown.length;
  if (shown.length === 0) return `; ${label}: ${accounts(more)}`;
  return `; ${label}: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The partial and failed members, failed ones named first when not all can be. */
function problems(members: readonly LockdownRequest[]): string {
  const partial = members.filter((m) => m.state === 'partial');
  const failed = members.filter((m) => m.state === 'failed');
  const failedNamed = Math.min(failed.length, MAX_NAMED_PROBLEMS);
  return (
    listed('partial', partial, MAX_NAMED_PROBLEMS - failedNamed) +
    listed('failed', failed, failedNamed)
  );
}

/** The verdict line of a group (see the file's comment), in every state. */
export function groupVerdictLine(view: GroupView): string {
  const { leader, members } = view;
  const words = groupWords(view);
  const what = accounts(members.length);
  const counts = countStates(members);
  const contained = (counts.completed ?? 0) + (counts.partial ?? 0);
  const wall = groupWallMs(members);
  const took = wall === undefined ? '' : ` in ${formatDuration(wall)}`;
  const keepEnabled =
    kindOf(leader) === 'lockdown' && leader.mode === 'keep-enabled'
      ? ' (keep-enabled: accounts left enabled)'
      : '';
  const by = plain(leader.decidedBy?.name ?? 'someone', SHORT_NAME_BYTES);
  let line: string;
  const state = groupState(view);
  switch (state) {
    case 'completed':
    case 'partial':
      line = `${words.done} ${contained} of ${what}${took}${keepEnabled}${problems(members)}`;
      break;
    case 'failed':
      line = `${words.noun} of ${what} failed${took}${keepEnabled}${problems(members)}`;
      break;
    case 'approved':
    case 'running':
      line = `${words.doing} ${what}: ${counts.completed ?? 0} done so far`;
      break;
    default:
      line = undecidedLine(words.noun, what, state, by, leader.expiresAt);
  }
  // The reply is rendered as markdown too: keep it one plain line.
  return plain(line, GROUP_VERDICT_BYTES);
}
