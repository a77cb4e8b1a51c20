/**
 * Asking for an unlock: the same requester rules and pending limit as a lockdown, then the plan
 * read from the target's latest finished lockdown (no plan, no request), the target looked up
 * (its current roles decide how many approvals the unlock needs) and the unlock's steps
 * preflighted. Records a pending request; writes nothing to the directory.
 */
import {
  type AskDependencies,
  type AskResult,
  newPendingRequest,
  pendingLimitRefusal,
  requestedEvent,
} from './ask';
import type { PreviewDependencies, PreviewResult } from './preview';
import {
  type LockdownMode,
  type Person,
  plannedSteps,
  type RequestOrigin,
  type StepId,
  type UndoPlan,
} from './request';
import { checkTarget, type TargetCheck, type TargetCheckDependencies } from './target-check';
import { planUndo } from './undo-plan';

/** What an unlock request needs. */
export interface UnlockAsk {
  readonly userPrincipalName: string;
  readonly requestedBy: Person;
  readonly origin: RequestOrigin;
}

/** How many of the target's latest requests are read to find the lockdown to undo. */
const RECORDS_READ = 50;

/** Looks the target's records and account up and records a pending unlock. */
export async function askForUnlock(deps: AskDependencies, ask: UnlockAsk): Promise<AskResult> {
  const checked = await checkUnlock(deps, ask, { limitPending: true });
  if (checked.kind !== 'unlockable') return checked.answer;
  const { target, preflight } = checked.checked;
  const { plan, mode } = checked;
  const request = newPendingRequest(deps, ask, {
    kind: 'unlock',
    mode,
    target,
    preflight,
    undo: plan,
  });
  await deps.store.create(request, [requestedEvent(request)]);
  deps.logger.info(
    {
      requestId: request.id,
      target: target.userPrincipalName,
      lockdownId: plan.lockdownId,
      requestedBy: ask.requestedBy.id,
    },
    'unlock requested',
  );
  return { kind: 'created', request };
}

/** The dry run of an unlock: the same checks, one audit event, nothing else recorded. */
export async function previewUnlock(
  deps: PreviewDependencies,
  ask: Omit<UnlockAsk, 'origin'>,
): Promise<PreviewResult> {
  const checked = await checkUnlock(deps, ask, { limitPending: false });
  if (checked.kind !== 'unlockable') return checked.answer;
  const { target, preflight } = checked.checked;
  await deps.store.appendAudit({
    at: deps.now().toISOString(),
    requestId: deps.newId(),
    type: 'dry-run',
    actor: ask.requestedBy,
    data: {
      kind: 'unlock',
      target: target.userPrincipalName,
      targetId: target.id,
      lockdownId: checked.plan.lockdownId,
    },
  });
  deps.logger.info(
    { target: target.userPrincipalName, requestedBy: ask.requestedBy.id },
    'unlock dry run',
  );
  return {
    kind: 'preview',
    requestKind: 'unlock',
    target,
    mode: checked.mode,
    requiredApprovals: deps.policy.requiredApprovals(target),
    preflight,
    undo: checked.plan,
  };
}

/** An unlock's checks: what it would undo, or the answer that stops it. */
export type UnlockCheck =
  | {
      readonly kind: 'unlockable';
      readonly checked: Extract<TargetCheck, { readonly kind: 'checked' }>;
      readonly plan: UndoPlan;
      readonly mode: LockdownMode;
    }
  | { readonly kind: 'stop'; readonly answer: Exclude<TargetCheck, { readonly kind: 'checked' }> };

/** How an unlock's checks differ between a request, its dry run and a group's member. */
export interface UnlockCheckOptions {
  /** Refuse a requester with too many requests waiting (a real request asked alone). */
  readonly limitPending: boolean;
  /** The requester was checked already (once for a group). */
  readonly requesterChecked?: boolean;
}

/** The requester, the pending limit (see the options), the plan, the look-up and preflight. */
export async function checkUnlock(
  deps: TargetCheckDependencies & Pick<AskDependencies, 'store' | 'maxPendingPerPerson'>,
  ask: Omit<UnlockAsk, 'origin'>,
  { limitPending, requesterChecked = false }: UnlockCheckOptions,
): Promise<UnlockCheck> {
  let plan: UndoPlan | undefined;
  let mode: LockdownMode = 'full';
  const checked = await checkTarget(
    deps,
    { ...ask, mode },
    {
      refuseProtected: false,
      requesterChecked,
      beforeLookUp: async () => {
        const tooMany = limitPending ? await pendingLimitRefusal(deps, ask.requestedBy) : undefined;
        if (tooMany) return { kind: 'refused', reason: tooMany };
        const records = await deps.store.listRecent({
          targetUpn: ask.userPrincipalName,
          limit: RECORDS_READ,
        });
        const decision = planUndo(ask.userPrincipalName, records);
        if (decision.kind === 'nothing-to-undo') return decision;
        plan = decision.plan;
        mode = records.find((request) => request.id === decision.plan.lockdownId)?.mode ?? mode;
        return undefined;
      },
      steps: (): readonly StepId[] => plannedSteps({ kind: 'unlock', mode, undo: plan }),
    },
  );
  if (checked.kind !== 'checked') return { kind: 'stop', answer: checked };
  if (!plan) throw new Error('An unlock was checked without a plan.');
  return { kind: 'unlockable', checked, plan, mode };
}
