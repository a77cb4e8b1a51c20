/**
 * The card of a group from approval to the end: how many accounts are contained, running or
 * failed, one row per member with where it stands (its step while it runs, its verdict with the
 * first failure and its duration once done), who approved, the accounts left out and, once every
 * member is finished, whether the verdict reached the alert's incident and what to do next (once
 * for the group). No buttons.
 */
import {
  countStates,
  groupFinished,
  groupFinishedAt,
  groupState,
  type GroupView,
} from '../../lockdown/group';
import { kindOf } from '../../lockdown/request';
import {
  adaptiveCard,
  cardHeader,
  factSet,
  heading,
  textBlock,
  type AdaptiveCard,
  type ContainerStyle,
} from './adaptive-card';
import { alertHeader } from './alert-header';
import { formatDuration } from './format-duration';
import { formatUtc } from './format-time';
import { fitGroupCard, type GroupRows } from './group-layout';
import { groupNextSteps } from './group-next-steps';
import { statusRowLevels } from './group-rows';
import { accountsSection, groupDescription, leftOutSection } from './group-sections';
import { accounts, groupWallMs, groupWords } from './group-text';
import { incidentCommentLines } from './incident-comment-line';
import { requesterText } from './requester-text';
import { peopleNames } from './unlock-text';

/** The headline and header colour for the group's state. */
function headline(view: GroupView): { title: string; style: ContainerStyle } {
  const words = groupWords(view);
  const n = view.members.length;
  const completed = countStates(view.members).completed ?? 0;
  switch (groupState(view)) {
    case 'completed': {
      // Keep-enabled leaves the accounts usable: done, but not all clear.
      const clear = kindOf(view.leader) === 'unlock' || view.leader.mode === 'full';
      return { title: `${accounts(n)} ${words.state}`, style: clear ? 'good' : 'warning' };
    }
    case 'partial':
      return { title: `${completed} of ${accounts(n)} ${words.state}`, style: 'warning' };
    case 'failed':
      return { title: `${words.noun} of ${accounts(n)} failed`, style: 'attention' };
    default:
      // Not an outcome yet: neutral blue rather than a verdict colour.
      return { title: `${words.doing} ${accounts(n)}…`, style: 'accent' };
  }
}

/**
 * "Contained 12 of 50 · 38 running · 0 failed" (an unlock: "Unlocked …"); partial and not-run
 * members are counted when there are any, running ones until none is left.
 */
export function groupCounts(view: Pick<GroupView, 'leader' | 'members'>): string {
  const counts = countStates(view.members);
  const n = view.members.length;
  const running = (counts.running ?? 0) + (counts.approved ?? 0);
  const notRun =
    (counts.pending ?? 0) +
    (counts.cancelled ?? 0) +
    (counts.expired ?? 0) +
    (counts.rejected ?? 0);
  const done = kindOf(view.leader) === 'unlock' ? 'Unlocked' : 'Contained';
  return [
    `${done} ${counts.completed ?? 0} of ${n}`,
    ...(groupFinished(view.members) ? [] : [`${running} running`]),
    ...(counts.partial ? [`${counts.partial} partial`] : []),
    `${counts.failed ?? 0} failed`,
    ...(notRun > 0 ? [`${notRun} not run`] : []),
  ].join(' · ');
}

/** "Bob Approver and Dana Lead at 2026-11-28 14:06 UTC". */
function approvedBy(view: GroupView): string {
  const { leader } = view;
  const people = leader.approvals?.map((approval) => approval.by) ?? [];
  const names =
    people.length > 0
      ? peopleNames(people)
      : peopleNames(leader.decidedBy ? [leader.decidedBy] : [], 'unknown');
  return leader.decidedAt === undefined ? names : `${names} at ${formatUtc(leader.decidedAt)}`;
}

/** "2026-11-28 14:08 UTC · took 2.1 s", once every member is finished. */
function finished(view: GroupView): string | undefined {
  const at = groupFinishedAt(view.members);
  if (at === undefined) return undefined;
  const wall = groupWallMs(view.members);
  return `${formatUtc(at)}${wall === undefined ? '' : ` · took ${formatDuration(wall)}`}`;
}

/** The card of an approved, running or finished group, within Teams' size limit. */
export function buildGroupProgressCard(view: GroupView): AdaptiveCard {
  const { leader } = view;
  const { title, style } = headline(view);
  const next = groupNextSteps(view);
  const build = (rows: GroupRows): AdaptiveCard =>
    adaptiveCard([
      ...alertHeader(leader.alert),
      cardHeader(title, groupDescription(leader), style),
      textBlock(groupCounts(view), { weight: 'bolder', spacing: 'medium' }),
      factSet(
        [
          ['Approved by', approvedBy(view)],
          ['Requested by', requesterText(leader)],
          ['Finished', finished(view)],
        ],
        { spacing: 'small' },
      ),
      ...incidentCommentLines(view),
      ...accountsSection(view, rows),
      ...leftOutSection(view, rows),
      ...(next.length === 0
        ? []
        : [
            heading('What to do next'),
            ...next.map((line) => textBlock(`• ${line}`, { spacing: 'small' })),
          ]),
    ]);
  return fitGroupCard(view, statusRowLevels(), build);
}
