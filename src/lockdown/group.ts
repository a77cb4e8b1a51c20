/**
 * Several targets asked for together: what the group as a whole looks like, from its members'
 * records (pure). The leader's state is the group's decision; once approved, each member runs
 * on its own and the group is finished when every member is.
 */
import {
  FINAL_STATES,
  type IncidentComment,
  type LeftOut,
  type LockdownRequest,
  type RequestState,
} from './request';

/** A group as read from the store: its members in the order asked, the leader first. */
export interface GroupView {
  readonly leader: LockdownRequest;
  /** Every member found, the leader first, in the order asked. */
  readonly members: readonly LockdownRequest[];
  readonly leftOut: readonly LeftOut[];
  /** The comment on the alert's incident, once the group finished (absent: none was due yet). */
  readonly incidentComment?: IncidentComment;
}

/** How many members are in each state. */
export type StateCounts = Readonly<Partial<Record<RequestState, number>>>;

/** Counts the members in each state. */
export function countStates(members: readonly LockdownRequest[]): StateCounts {
  const counts: Partial<Record<RequestState, number>> = {};
  for (const member of members) counts[member.state] = (counts[member.state] ?? 0) + 1;
  return counts;
}

/** True once every member reached a final state. */
export function groupFinished(members: readonly LockdownRequest[]): boolean {
  return members.every((member) => FINAL_STATES.includes(member.state));
}

/**
 * The group's state: the leader's until it is approved; then `running` while any member has
 * not finished, and at the end `completed` (all completed), `failed` (all failed) or `partial`.
 */
export function groupState(view: Pick<GroupView, 'leader' | 'members'>): RequestState {
  const { leader, members } = view;
  if (leader.state === 'pending' || leader.state === 'cancelled') return leader.state;
  if (leader.state === 'expired' || leader.state === 'rejected') return leader.state;
  if (!groupFinished(members)) {
    return members.some((member) => member.state !== 'approved') ? 'running' : 'approved';
  }
  if (members.every((member) => member.state === 'completed')) return 'completed';
  if (members.every((member) => member.state === 'failed')) return 'failed';
  return 'partial';
}

/** When the group finished (the latest member's end), or `undefined` while one runs. */
export function groupFinishedAt(members: readonly LockdownRequest[]): string | undefined {
  if (!groupFinished(members)) return undefined;
  const ends = members.map((member) => member.finishedAt ?? member.decidedAt ?? '');
  return ends.sort().at(-1) || undefined;
}

/** True for the member that carries the group's card and decisions (or an ungrouped request). */
export function isLeader(request: LockdownRequest): boolean {
  return !request.group || request.group.leaderId === request.id;
}

/**
 * The requests of the first `limit` requests or groups in `requests` (a group's members count
 * once), in their order.
 */
export function firstGroups(
  requests: readonly LockdownRequest[],
  limit: number,
): readonly LockdownRequest[] {
  const kept = new Set<string>();
  return requests.filter((request) => {
    const key = request.group?.leaderId ?? request.id;
    if (!kept.has(key) && kept.size >= limit) return false;
    kept.add(key);
    return true;
  });
}
