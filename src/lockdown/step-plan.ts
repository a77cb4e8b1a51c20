/**
 * The steps of each kind of request, which of them a request runs, and how they are named:
 * shared by the pipeline, the preflight and the cards.
 */
import type { LockdownRequest } from './request';

/** A lockdown contains an account; an unlock undoes what a finished lockdown did. */
export type RequestKind = 'lockdown' | 'unlock';

/** Every step of either kind, in the order they are shown and run. */
export const STEP_ORDER = [
  'disable-account',
  'reset-password',
  'revoke-sessions',
  'disable-devices',
  'enable-account',
  'enable-devices',
  'verify',
] as const;

/** One containment step. */
export type StepId = (typeof STEP_ORDER)[number];

/** The kind of a request (records made before unlocks existed are lockdowns). */
export function kindOf(request: Pick<LockdownRequest, 'kind'>): RequestKind {
  return request.kind ?? 'lockdown';
}

/** The steps of a lockdown, in order. */
export const LOCKDOWN_STEPS: readonly StepId[] = [
  'disable-account',
  'reset-password',
  'revoke-sessions',
  'disable-devices',
  'verify',
];

/** The steps of an unlock, in order. It never touches the password or the sessions. */
export const UNLOCK_STEPS: readonly StepId[] = ['enable-account', 'enable-devices', 'verify'];

/** The steps a request of this kind shows, run or skipped, in order. */
export function stepsOf(request: Pick<LockdownRequest, 'kind'>): readonly StepId[] {
  return kindOf(request) === 'unlock' ? UNLOCK_STEPS : LOCKDOWN_STEPS;
}

/** The steps a request runs; the others of its kind are shown as skipped, with {@link skipReason}. */
export function plannedSteps(
  request: Pick<LockdownRequest, 'kind' | 'mode' | 'undo'>,
): readonly StepId[] {
  if (kindOf(request) === 'unlock') {
    const undo = request.undo;
    return UNLOCK_STEPS.filter(
      (step) =>
        (step === 'enable-account' && undo?.enableAccount === true) ||
        (step === 'enable-devices' && (undo?.devices.length ?? 0) > 0) ||
        step === 'verify',
    );
  }
  return request.mode === 'full'
    ? LOCKDOWN_STEPS
    : LOCKDOWN_STEPS.filter((step) => step !== 'disable-account' && step !== 'disable-devices');
}

/** Why a step of the request's kind does not run, in a responder's words. */
export function skipReason(request: Pick<LockdownRequest, 'kind'>, step: StepId): string {
  if (kindOf(request) === 'lockdown') {
    return 'Not in keep-enabled mode: the account and its devices stay enabled';
  }
  return step === 'enable-account'
    ? 'The lockdown did not disable the account: it stays as it is'
    : 'The lockdown disabled no device that was enabled before it';
}

/** Human titles for the steps, shared by cards, replies and logs. */
export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  'disable-account': 'Disable the account',
  'reset-password': 'Reset the password (random, change at next sign-in)',
  'revoke-sessions': 'Revoke all sign-in sessions',
  'disable-devices': 'Disable registered devices',
  'enable-account': 'Enable the account',
  'enable-devices': 'Re-enable the devices the lockdown disabled',
  verify: 'Read back and verify',
};
