/**
 * The members of a group follow their leader's decision: approved, cancelled, expired or
 * rejected with it. Each move is the same compare-and-set on `pending` as the leader's, so
 * running this again (after a crash, or on two instances) moves nothing twice.
 */
import type { Logger } from 'pino';
import { mapWithConcurrency } from './concurrency';
import type { LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** What following needs. */
export interface FollowDependencies {
  readonly store: RequestStore;
  readonly logger: Logger;
  /** Told about each member that was approved, to run it. */
  readonly runner?: { run(requestId: string): void };
}

/** How many members are moved at once. */
const FOLLOW_CONCURRENCY = 10;

/**
 * Moves every pending member of `leader`'s group to the leader's decided state, and hands the
 * approved ones (the leader included) to the runner. Answers how many members it moved.
 */
export async function followLeader(
  deps: FollowDependencies,
  leader: LockdownRequest,
): Promise<number> {
  const group = leader.group;
  if (!group || leader.state === 'pending') return 0;
  // Several at a time: a click on Confirm waits for this, and 49 one after the other on a remote
  // store would take seconds.
  const followers = group.memberIds.filter((memberId) => memberId !== leader.id);
  const results = await mapWithConcurrency(followers, FOLLOW_CONCURRENCY, (memberId) =>
    follow(deps, leader, memberId),
  );
  const moved = results.filter(Boolean).length;
  if (leader.state === 'approved' || leader.state === 'running') {
    for (const memberId of group.memberIds) deps.runner?.run(memberId);
  }
  return moved;
}

/** Moves one pending member to the leader's state; true when it did. */
async function follow(
  deps: FollowDependencies,
  leader: LockdownRequest,
  memberId: string,
): Promise<boolean> {
  const decided = leader.state === 'running' ? 'approved' : leader.state;
  if (!['approved', 'cancelled', 'expired', 'rejected'].includes(decided)) return false;
  const at = leader.decidedAt ?? new Date().toISOString();
  const moved = await deps.store.transition(
    memberId,
    ['pending'],
    {
      state: decided,
      ...(leader.decidedBy ? { decidedBy: leader.decidedBy } : {}),
      decidedAt: at,
      ...(leader.approvals ? { approvals: leader.approvals } : {}),
    },
    {},
    [
      {
        at,
        requestId: memberId,
        type: decided,
        ...(leader.decidedBy ? { actor: leader.decidedBy } : {}),
        data: { groupLeader: leader.id },
      },
    ],
  );
  if (moved) {
    deps.logger.info(
      { requestId: memberId, groupLeader: leader.id, state: decided },
      'group member followed its leader',
    );
  }
  return moved !== undefined;
}
