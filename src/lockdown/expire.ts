/**
 * Pending requests past their time to live expire, and their cards say so. Members of a group
 * follow their leader instead of expiring on their own.
 */
import type { Logger } from 'pino';
import { followLeader } from './follow-leader';
import { isLeader } from './group';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** What expiring needs. */
export interface ExpireDependencies {
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  /** Runs the members of a group whose leader was approved (a follow-up cut short). */
  readonly runner: { run(requestId: string): void };
  readonly now: () => Date;
}

/** Marks pending requests past their time to live as expired; answers how many it expired. */
export async function expireStale(deps: ExpireDependencies): Promise<number> {
  const now = deps.now();
  let expired = 0;
  const pending = await deps.store.listInStates(['pending']);
  const leaders = new Map<string, Promise<LockdownRequest | undefined>>(
    pending.filter(isLeader).map((request) => [request.id, Promise.resolve(request)]),
  );
  const sweep: LeaderSweep = {
    leaderOf: (id) => {
      const known = leaders.get(id) ?? deps.store.get(id);
      leaders.set(id, known);
      return known;
    },
    followed: new Set(),
  };
  for (const request of pending) {
    if (await followsLeader(deps, request, sweep)) continue;
    if (Date.parse(request.expiresAt) > now.getTime()) continue;
    const moved = await deps.store.transition(
      request.id,
      ['pending'],
      { state: 'expired', decidedAt: now.toISOString() },
      {},
      [{ at: now.toISOString(), requestId: request.id, type: 'expired' }],
    );
    if (!moved) continue;
    expired++;
    deps.logger.info({ requestId: request.id }, 'lockdown request expired');
    await followLeader(deps, moved);
    deps.listener.onChange(moved);
  }
  return expired;
}

/** What one sweep knows of the leaders it met. */
interface LeaderSweep {
  /** The leader, read once per sweep (a pending one is already listed). */
  readonly leaderOf: (id: string) => Promise<LockdownRequest | undefined>;
  /** Leaders whose members this sweep already made follow them. */
  readonly followed: Set<string>;
}

/**
 * True for a pending member of a group whose leader is on record: it follows its leader's
 * decision (moved now if the leader was decided and the move was cut short), never expiring on
 * its own. A member whose leader was never recorded expires like any request.
 */
async function followsLeader(
  deps: ExpireDependencies,
  request: LockdownRequest,
  sweep: LeaderSweep,
): Promise<boolean> {
  if (isLeader(request)) return false;
  const leader = await sweep.leaderOf(request.group?.leaderId ?? '');
  if (!leader) return false;
  if (leader.state !== 'pending' && !sweep.followed.has(leader.id)) {
    sweep.followed.add(leader.id);
    await followLeader(deps, leader);
    deps.listener.onChange(leader);
  }
  return true;
}
