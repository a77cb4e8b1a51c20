/**
 * Approving a request: each approver is checked by the policy, approvals are counted with a
 * compare-and-set on their number (two simultaneous "first" approvals cannot both land), and the
 * last one needed hands the request to the runner.
 */
import { followLeader } from './follow-leader';
import type { AccessPolicy } from './policy';
import {
  type ActionSource,
  currentResult,
  type DecisionDependencies,
  type DecisionResult,
  pendingRequest,
} from './decision';
import type { LockdownStarter } from './lockdown-service';
import type { Person } from './request';

/** What approving needs. */
export interface ApproveDependencies extends DecisionDependencies {
  readonly policy: AccessPolicy;
  readonly runner: LockdownStarter;
  /** True while the process shuts down: approvals are refused, to be clicked again. */
  readonly stopping: () => boolean;
}

/** How many times a decision is taken again after losing a compare-and-set to another click. */
const MAX_DECISION_ATTEMPTS = 5;

/** Marks a decision that lost its compare-and-set and must be taken again. */
const LOST_RACE = Symbol('lost race');

/**
 * Approves a pending request and hands it to the runner. When another click changed the
 * request first, the decision is taken again on what it now is (a second approver of a
 * privileged target is counted, not told "already approved").
 */
export async function approveRequest(
  deps: ApproveDependencies,
  requestId: string,
  approver: Person,
  source: ActionSource,
): Promise<DecisionResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await approveOnce(deps, requestId, approver, source);
    if (result !== LOST_RACE) return result;
    if (attempt >= MAX_DECISION_ATTEMPTS) return currentResult(deps.store, requestId);
  }
}

async function approveOnce(
  deps: ApproveDependencies,
  requestId: string,
  approver: Person,
  source: ActionSource,
): Promise<DecisionResult | typeof LOST_RACE> {
  const checked = await pendingRequest(deps, requestId, source);
  if (checked.kind !== 'pending') return checked.result;
  const request = checked.request;
  if (deps.stopping()) {
    return {
      kind: 'refused',
      reason: 'The bot is restarting; please click Confirm again in a minute.',
      request,
    };
  }
  const refusal = await deps.policy.approverRefusal(request, approver);
  if (refusal) {
    deps.logger.warn({ requestId, approver: approver.id, refusal }, 'approval refused');
    await deps.store.appendAudit({
      at: deps.now().toISOString(),
      requestId,
      type: 'approval-refused',
      actor: approver,
      data: { reason: refusal },
    });
    return { kind: 'refused', reason: refusal, request };
  }
  const decidedAt = deps.now().toISOString();
  const earlier = request.approvals ?? [];
  const approvals = [...earlier, { by: approver, at: decidedAt }];
  // The count guard makes two simultaneous "first" approvals impossible.
  const guard = { approvalCount: earlier.length };
  if (approvals.length < (request.requiredApprovals ?? 1)) {
    const recorded = await deps.store.transition(
      requestId,
      ['pending'],
      { state: 'pending', approvals },
      guard,
      [
        {
          at: decidedAt,
          requestId,
          type: 'approval-recorded',
          actor: approver,
          data: { approvals: approvals.length, required: request.requiredApprovals },
        },
      ],
    );
    if (!recorded) return LOST_RACE;
    deps.logger.info({ requestId, approvedBy: approver.id }, 'first approval recorded');
    deps.listener.onChange(recorded);
    return { kind: 'awaiting-approval', request: recorded };
  }
  const approved = await deps.store.transition(
    requestId,
    ['pending'],
    { state: 'approved', decidedBy: approver, decidedAt, approvals },
    guard,
    [{ at: decidedAt, requestId, type: 'approved', actor: approver }],
  );
  if (!approved) return LOST_RACE;
  deps.logger.info({ requestId, approvedBy: approver.id }, 'lockdown approved');
  // Told before the run starts: a later "approved" would overwrite the card's "running".
  deps.listener.onChange(approved);
  deps.runner.run(requestId);
  // The rest of a group follows its leader (and each member is handed to the runner).
  await followLeader(deps, approved);
  return { kind: 'approved', request: approved };
}
