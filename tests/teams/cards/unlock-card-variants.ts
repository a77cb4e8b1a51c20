/**
 * Every card variant an unlock adds: its confirmation in each view, "Looking up", the running
 * and final cards, the dry run, "Nothing to undo", a lockdown's card once unlocked, and the
 * history and status cards with unlocks among lockdowns.
 */
import { preflight } from '../../../src/lockdown/preflight';
import {
  plannedSteps,
  type LockdownRequest,
  type RequestState,
  type StepOutcome,
  type UndoneBy,
} from '../../../src/lockdown/request';
import {
  buildDryRunCard,
  buildErrorCard,
  buildHistoryCard,
  buildLookingUpCard,
  buildStatusCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { renderCard } from '../../../src/teams/render-card';
import type { CardVariant, VariantInputs } from './card-variants';
import { confirmationViews } from './confirmation-variants';
import { MISSING_GRANTS, NOW, done } from './fixtures';

/** The unlock after approval, in `state`, with `steps` recorded. */
function decidedUnlock(
  inputs: VariantInputs,
  state: RequestState,
  steps: readonly StepOutcome[],
): LockdownRequest {
  const running = ['approved', 'running', 'cancelled', 'expired', 'rejected'].includes(state);
  return {
    ...inputs.pendingUnlock,
    state,
    steps,
    decidedBy: inputs.decider,
    decidedAt: '2026-11-28T15:01:00.000Z',
    ...(running ? {} : { finishedAt: '2026-11-28T15:01:01.200Z' }),
  };
}

/** The mark a lockdown gets once the unlock finished. */
function undoneBy(inputs: VariantInputs, state: 'completed' | 'partial'): UndoneBy {
  return {
    requestId: inputs.pendingUnlock.id,
    finishedAt: '2026-11-28T15:01:01.200Z',
    requestedBy: inputs.pendingUnlock.requestedBy,
    approvedBy: inputs.approvers,
    state,
  };
}

/** The unlock's running and final cards, and the lockdown's card once unlocked. */
function progressViews(inputs: VariantInputs): CardVariant[] {
  const allDone: StepOutcome[] = [
    done('enable-account', 400),
    done('enable-devices', 500),
    { ...done('verify', 300), observed: { accountEnabled: true } },
  ];
  const render = (r: LockdownRequest): AdaptiveCard =>
    renderCard(r, { now: NOW, selfApprovalAllowed: false });
  const failed = inputs.failedUnlockSteps;
  const undone = (state: 'completed' | 'partial'): LockdownRequest => ({
    ...inputs.pending,
    state: 'partial',
    steps: inputs.failedSteps,
    decidedBy: inputs.decider,
    decidedAt: '2026-11-28T14:06:00.000Z',
    finishedAt: '2026-11-28T14:06:01.400Z',
    undoneBy: undoneBy(inputs, state),
  });
  return [
    ['unlock: approved', render(decidedUnlock(inputs, 'approved', []))],
    ['unlock: running', render(decidedUnlock(inputs, 'running', [allDone[0] as StepOutcome]))],
    ['unlock: completed', render(decidedUnlock(inputs, 'completed', allDone))],
    ['unlock: partial', render(decidedUnlock(inputs, 'partial', failed))],
    ['unlock: failed', render(decidedUnlock(inputs, 'failed', failed))],
    ['unlock: cancelled', render(decidedUnlock(inputs, 'cancelled', []))],
    ['unlock: expired', render({ ...inputs.pendingUnlock, state: 'expired' })],
    ['unlock: rejected', render(decidedUnlock(inputs, 'rejected', []))],
    ['lockdown, unlocked since', render(undone('completed'))],
    ['lockdown, partly unlocked since', render(undone('partial'))],
  ];
}

/** The unlock's dry run, with grants missing and unreadable. */
function dryRunViews(inputs: VariantInputs): CardVariant[] {
  const { target, undo } = inputs.pendingUnlock;
  const steps = plannedSteps(inputs.pendingUnlock);
  const view = (grants: typeof MISSING_GRANTS | undefined): AdaptiveCard =>
    buildDryRunCard({
      requestKind: 'unlock',
      target,
      mode: 'full',
      requiredApprovals: 2,
      preflight: preflight(steps, target, grants),
      ...(undo ? { undo } : {}),
    });
  return [
    ['unlock dry run (grants missing)', view(MISSING_GRANTS)],
    ['unlock dry run (grants unreadable)', view(undefined)],
  ];
}

/** Twenty requests, lockdowns and unlocks, for the history card. */
function historyRows(inputs: VariantInputs): LockdownRequest[] {
  const states = ['completed', 'partial', 'failed', 'cancelled', 'pending'] as const;
  return Array.from({ length: 20 }, (_, i) => {
    const state = states[i % states.length] ?? 'completed';
    if (i % 2 === 0) return decidedUnlock(inputs, state, []);
    const lockdown = { ...decidedUnlock(inputs, state, []), kind: 'lockdown' as const };
    return i % 4 === 1 ? { ...lockdown, undoneBy: undoneBy(inputs, 'partial') } : lockdown;
  });
}

/** Every unlock variant, built from `inputs`. */
export function unlockVariants(inputs: VariantInputs): CardVariant[] {
  const unlock = inputs.pendingUnlock;
  const upn = unlock.target.userPrincipalName;
  const accountOnly: LockdownRequest = {
    ...unlock,
    target: { ...unlock.target, onPremisesSyncEnabled: true },
    ...(unlock.undo ? { undo: { ...unlock.undo, devices: [], enableAccount: true } } : {}),
  };
  const synced = {
    ...accountOnly,
    preflight: preflight(plannedSteps(accountOnly), accountOnly.target, MISSING_GRANTS),
  };
  return [
    ...confirmationViews(inputs, unlock, 'unlock'),
    ...confirmationViews(inputs, synced, 'unlock, synced, account only, grants missing'),
    ['looking up (unlock)', buildLookingUpCard(upn, { kind: 'unlock' })],
    ['looking up (unlock, dry run)', buildLookingUpCard(upn, { kind: 'unlock' }, true)],
    ...progressViews(inputs),
    ...dryRunViews(inputs),
    [
      'error: Nothing to undo',
      buildErrorCard(
        'Nothing to undo',
        `${upn} was already unlocked by ${inputs.decider.name} at 2026-11-28 15:01 UTC. Nothing was changed.`,
      ),
    ],
    ['history (lockdowns and unlocks)', buildHistoryCard(historyRows(inputs))],
    ['status (pending unlock)', buildStatusCard(unlock, NOW)],
    [
      'status (failed unlock)',
      buildStatusCard(decidedUnlock(inputs, 'failed', inputs.failedUnlockSteps), NOW),
    ],
  ];
}
