/**
 * The dry run: what a lockdown of a user would do and whether the app has what each step needs,
 * with the same checks as a real request (requester, unknown user, protected target), one audit
 * event, no stored request and no directory write.
 */
import type { LockdownOption } from './options';
import type { Preflight } from './preflight';
import type { LockdownMode, RequestKind, TargetProfile, UndoPlan } from './request';
import type { RequestStore } from './request-store';
import { checkTarget, type TargetAsk, type TargetCheckDependencies } from './target-check';

/** The answer to a dry run: what a lockdown would do, nothing recorded. */
export type PreviewResult =
  | {
      readonly kind: 'preview';
      /** What is previewed; absent: a lockdown. */
      readonly requestKind?: RequestKind;
      readonly target: TargetProfile;
      readonly mode: LockdownMode;
      /** The lockdown's containment options (absent: none). */
      readonly options?: readonly LockdownOption[];
      readonly requiredApprovals: number;
      readonly preflight: Preflight;
      /** An unlock's plan: what it would undo. */
      readonly undo?: UndoPlan;
    }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'nothing-to-undo'; readonly reason: string };

/** What a dry run needs. */
export interface PreviewDependencies extends TargetCheckDependencies {
  readonly store: RequestStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** What a dry run is asked for. */
export type PreviewAsk = TargetAsk;

/** Runs the checks of a lockdown request without recording it. */
export async function previewLockdown(
  deps: PreviewDependencies,
  ask: PreviewAsk,
): Promise<PreviewResult> {
  const checked = await checkTarget(deps, ask);
  if (checked.kind !== 'checked') return checked;
  const { target } = checked;
  await deps.store.appendAudit({
    at: deps.now().toISOString(),
    requestId: deps.newId(),
    type: 'dry-run',
    actor: ask.requestedBy,
    data: { target: target.userPrincipalName, targetId: target.id, mode: ask.mode },
  });
  deps.logger.info(
    { target: target.userPrincipalName, mode: ask.mode, requestedBy: ask.requestedBy.id },
    'dry run',
  );
  return {
    kind: 'preview',
    target,
    mode: ask.mode,
    ...(ask.options && ask.options.length > 0 ? { options: ask.options } : {}),
    requiredApprovals: deps.policy.requiredApprovals(target),
    preflight: checked.preflight,
  };
}
