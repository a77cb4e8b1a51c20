/**
 * When an unlock finishes having undone something, its lockdown is marked undone (with an audit
 * event on the lockdown), so the lockdown's card says so and a second unlock is refused.
 */
import type { Logger } from 'pino';
import type { ProgressListener } from './progress-listener';
import { kindOf, type LockdownRequest, type UndoneBy } from './request';
import type { RequestStore } from './request-store';

/** What marking needs. */
export interface MarkUndoneDependencies {
  readonly store: RequestStore;
  readonly listener: ProgressListener;
}

/**
 * Marks the lockdown `unlock` undid, if it is a finished unlock that did something. Never
 * throws: the unlock's own record is what counts (a second unlock is refused from it too).
 */
export async function markUndone(
  unlock: LockdownRequest,
  deps: MarkUndoneDependencies,
  log: Logger,
): Promise<void> {
  if (kindOf(unlock) !== 'unlock' || !unlock.undo) return;
  if (unlock.state !== 'completed' && unlock.state !== 'partial') return;
  // A read-back alone undoes nothing.
  const undidSomething = unlock.steps.some(
    (outcome) =>
      outcome.step !== 'verify' && (outcome.status === 'done' || outcome.status === 'unconfirmed'),
  );
  if (!undidSomething) return;
  const undoneBy: UndoneBy = {
    requestId: unlock.id,
    finishedAt: unlock.finishedAt ?? new Date().toISOString(),
    requestedBy: unlock.requestedBy,
    approvedBy: (unlock.approvals ?? []).map((approval) => approval.by),
    state: unlock.state,
  };
  try {
    const lockdown = await deps.store.markUndone(unlock.undo.lockdownId, undoneBy, [
      {
        at: undoneBy.finishedAt,
        requestId: unlock.undo.lockdownId,
        type: 'unlocked',
        data: { unlockId: unlock.id, state: unlock.state },
      },
    ]);
    if (lockdown) deps.listener.onChange(lockdown);
  } catch (error) {
    log.warn(
      { err: error, lockdownId: unlock.undo.lockdownId },
      'could not mark the lockdown undone',
    );
  }
}
