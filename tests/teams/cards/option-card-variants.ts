/**
 * The card variants containment options add: a lockdown with `--all` pending (each view), running,
 * partial and failed with failed items, keep-enabled with and without `--remove-mfa`, its dry
 * runs, and an unlock of it whose cards list what stays as the lockdown left it.
 */
import type { LockdownOption } from '../../../src/lockdown/options';
import { preflight } from '../../../src/lockdown/preflight';
import {
  plannedSteps,
  type LockdownMode,
  type LockdownRequest,
  type RequestState,
  type StepOutcome,
} from '../../../src/lockdown/request';
import { buildDryRunCard, buildStatusCard, type AdaptiveCard } from '../../../src/teams/cards';
import { renderCard } from '../../../src/teams/render-card';
import type { CardVariant, VariantInputs } from './card-variants';
import { confirmationViews } from './confirmation-variants';
import { MISSING_GRANTS, NOW, done } from './fixtures';
import { ALL_OPTIONS } from './option-fixtures';

/** The pending lockdown of `inputs` with `options`, its preflight read with grants missing. */
function pendingWith(
  inputs: VariantInputs,
  mode: LockdownMode,
  options: readonly LockdownOption[],
): LockdownRequest {
  const base = { ...inputs.pending, mode, options };
  return { ...base, preflight: preflight(plannedSteps(base), base.target, MISSING_GRANTS) };
}

/** The `--all` lockdown after approval, in `state`, with `steps` recorded. */
function decided(
  inputs: VariantInputs,
  state: RequestState,
  steps: readonly StepOutcome[],
  mode: LockdownMode = 'full',
): LockdownRequest {
  const running = state === 'approved' || state === 'running';
  return {
    ...pendingWith(inputs, mode, ALL_OPTIONS),
    state,
    steps,
    decidedBy: inputs.decider,
    decidedAt: '2026-11-28T14:06:00.000Z',
    ...(running ? {} : { finishedAt: '2026-11-28T14:08:00.000Z' }),
  };
}

/** The running and final cards of a `--all` lockdown. */
function progressViews(inputs: VariantInputs): CardVariant[] {
  const render = (r: LockdownRequest): AdaptiveCard =>
    renderCard(r, { now: NOW, selfApprovalAllowed: false });
  const article = inputs.failedSteps;
  const withOptions = [...article, ...inputs.optionSteps];
  const contained = [done('reset-password', 300), done('revoke-sessions', 85)];
  return [
    ['--all: approved', render(decided(inputs, 'approved', []))],
    [
      '--all: running',
      render(decided(inputs, 'running', [...contained, inputs.optionSteps[0] as StepOutcome])),
    ],
    ['--all: partial, failed items', render(decided(inputs, 'partial', withOptions))],
    ['--all: failed', render(decided(inputs, 'failed', withOptions))],
    [
      '--all: partial (keep-enabled)',
      render(decided(inputs, 'partial', [...contained, ...inputs.optionSteps], 'keep-enabled')),
    ],
    ['--all: status (partial)', buildStatusCard(decided(inputs, 'partial', withOptions), NOW)],
  ];
}

/** The dry run of a lockdown with `options` in `mode`, grants missing. */
function dryRun(
  inputs: VariantInputs,
  mode: LockdownMode,
  options: readonly LockdownOption[],
): AdaptiveCard {
  const { target, preflight: checked } = pendingWith(inputs, mode, options);
  return buildDryRunCard({
    target,
    mode,
    options,
    requiredApprovals: 2,
    preflight: checked ?? { checks: [] },
    now: NOW,
  });
}

/** An unlock of the `--all` lockdown: its confirmation, dry run and final cards. */
function unlockViews(inputs: VariantInputs): CardVariant[] {
  const { pendingUnlock } = inputs;
  const undo = pendingUnlock.undo && { ...pendingUnlock.undo, staysRemoved: inputs.staysRemoved };
  const unlock: LockdownRequest = { ...pendingUnlock, ...(undo ? { undo } : {}) };
  const completed: LockdownRequest = {
    ...unlock,
    state: 'completed',
    steps: [done('enable-account', 400), done('enable-devices', 500), done('verify', 300)],
    decidedBy: inputs.decider,
    decidedAt: '2026-11-28T15:01:00.000Z',
    finishedAt: '2026-11-28T15:01:01.200Z',
  };
  return [
    ...confirmationViews(inputs, unlock, 'unlock, options stay').slice(0, 2),
    [
      'unlock dry run (options stay)',
      buildDryRunCard({
        requestKind: 'unlock',
        target: unlock.target,
        mode: 'full',
        requiredApprovals: 1,
        preflight: preflight(plannedSteps(unlock), unlock.target, MISSING_GRANTS),
        ...(undo ? { undo } : {}),
      }),
    ],
    [
      'unlock: completed (options stay)',
      renderCard(completed, { now: NOW, selfApprovalAllowed: false }),
    ],
    [
      'unlock: partial (options stay)',
      renderCard(
        { ...completed, state: 'partial', steps: inputs.failedUnlockSteps },
        { now: NOW, selfApprovalAllowed: false },
      ),
    ],
  ];
}

/** Every variant the containment options add, built from `inputs`. */
export function optionVariants(inputs: VariantInputs): CardVariant[] {
  return [
    ...confirmationViews(inputs, pendingWith(inputs, 'full', ALL_OPTIONS), 'full, --all'),
    ...confirmationViews(
      inputs,
      pendingWith(inputs, 'keep-enabled', ['remove-mfa']),
      'keep-enabled, --remove-mfa',
    ).slice(0, 1),
    ...progressViews(inputs),
    ['dry run (full, --all, grants missing)', dryRun(inputs, 'full', ALL_OPTIONS)],
    ['dry run (keep-enabled, --remove-mfa)', dryRun(inputs, 'keep-enabled', ['remove-mfa'])],
    ['dry run (keep-enabled, no options)', dryRun(inputs, 'keep-enabled', [])],
    ...unlockViews(inputs),
  ];
}
