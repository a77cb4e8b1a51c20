/**
 * What the cards and the verdict line say about a group as a whole: how many accounts, which
 * ones (a bounded list), how long it took from the first member's start to the last one's end,
 * and which members make the group need two approvers.
 */
import type { GroupView } from '../../lockdown/group';
import { itemsOf } from '../../lockdown/foothold';
import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { KIND_WORDS, type KindWords } from './kind-words';
import { NAME_BYTES, plain } from './text-budget';

/** "1 account", "12 accounts". */
export function accounts(count: number): string {
  return `${count} account${count === 1 ? '' : 's'}`;
}

/** The words of the group's kind (its leader's). */
export function groupWords(view: Pick<GroupView, 'leader'>): KindWords {
  return KIND_WORDS[kindOf(view.leader)];
}

/**
 * "a@x, b@x and 3 more": at most `max` names, each on its own budget, then how many more;
 * `nobody` for an empty list.
 */
export function nameList(
  names: readonly string[],
  max: number,
  nameBytes: number = NAME_BYTES,
  nobody = 'none',
): string {
  if (names.length === 0) return nobody;
  const named = names.slice(0, max).map((name) => plain(name, nameBytes));
  const more = names.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${more} more`;
  if (named.length === 1) return named[0] ?? nobody;
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** The members' UPNs, in the order asked. */
export function upnsOf(members: readonly LockdownRequest[]): string[] {
  return members.map((member) => member.target.userPrincipalName);
}

/** When a member started: when it was approved, else its first step's start. */
function startOf(member: LockdownRequest): string | undefined {
  if (member.decidedAt !== undefined) return member.decidedAt;
  const starts = member.steps.flatMap((step) => (step.startedAt ? [step.startedAt] : []));
  return starts.sort()[0];
}

/**
 * The group's wall time: from the earliest member's start to the latest member's end, or
 * `undefined` while a member has not finished or when the times were not recorded.
 */
export function groupWallMs(members: readonly LockdownRequest[]): number | undefined {
  const starts = members.map((member) => Date.parse(startOf(member) ?? ''));
  const ends = members.map((member) => Date.parse(member.finishedAt ?? ''));
  if (members.length === 0 || [...starts, ...ends].some(Number.isNaN)) return undefined;
  const ms = Math.max(...ends) - Math.min(...starts);
  return ms >= 0 ? ms : undefined;
}

/** Whether the member holds, or may activate, a privileged role (it needs two approvers). */
export function isPrivilegedMember(member: LockdownRequest): boolean {
  const eligible = itemsOf(member.target.foothold?.eligibleRoles) ?? [];
  return (
    member.target.roles.some((role) => role.privileged) ||
    eligible.some((role) => role.privileged === true)
  );
}
