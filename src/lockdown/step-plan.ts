/**
 * The steps of each kind of request, which of them a request runs, and how they are named:
 * shared by the pipeline, the preflight and the cards.
 */
import { OPTION_STEPS } from './options';
import type { LockdownRequest } from './request';

/** A lockdown contains an account; an unlock undoes what a finished lockdown did. */
export type RequestKind = 'lockdown' | 'unlock';

/** Every step of either kind, in the order they are shown and run. */
export const STEP_ORDER = [
  'disable-account',
  'reset-password',
  'revoke-sessions',
  'contain-onprem',
  'remove-methods',
  'disable-mail-rules',
  'revoke-consents',
  'confirm-compromised',
  'disable-devices',
  'enable-account',
  'enable-onprem',
  'enable-devices',
  'verify',
] as const;

/** One containment step. */
export type StepId = (typeof STEP_ORDER)[number];

/** The kind of a request (records made before unlocks existed are lockdowns). */
export function kindOf(request: Pick<LockdownRequest, 'kind'>): RequestKind {
  return request.kind ?? 'lockdown';
}

/** The article's steps of a lockdown, in order (its options add steps: {@link stepsOf}). */
export const LOCKDOWN_STEPS: readonly StepId[] = [
  'disable-account',
  'reset-password',
  'revoke-sessions',
  'disable-devices',
  'verify',
];

/** Steps only a chosen option adds. */
const OPTION_STEP_IDS: ReadonlySet<StepId> = new Set(Object.values(OPTION_STEPS));

/** The steps of an unlock, in order. It never touches the password or the sessions. */
export const UNLOCK_STEPS: readonly StepId[] = ['enable-account', 'enable-devices', 'verify'];

/** The steps a request shows, run or skipped, in order: its kind's, and its options'. */
export function stepsOf(
  request: Pick<LockdownRequest, 'kind' | 'options' | 'onPremises' | 'undo'>,
): readonly StepId[] {
  if (kindOf(request) === 'unlock') {
    return STEP_ORDER.filter(
      (step) =>
        UNLOCK_STEPS.includes(step) ||
        (step === 'enable-onprem' && request.undo?.enableOnPremises === true),
    );
  }
  const added = new Set((request.options ?? []).map((option) => OPTION_STEPS[option]));
  return STEP_ORDER.filter(
    (step) =>
      LOCKDOWN_STEPS.includes(step) ||
      (OPTION_STEP_IDS.has(step) && added.has(step)) ||
      (step === 'contain-onprem' && request.onPremises !== undefined),
  );
}

/** The steps a request runs; the others of its kind are shown as skipped, with {@link skipReason}. */
export function plannedSteps(
  request: Pick<LockdownRequest, 'kind' | 'mode' | 'undo' | 'options' | 'onPremises'>,
): readonly StepId[] {
  if (kindOf(request) === 'unlock') {
    const undo = request.undo;
    return stepsOf(request).filter(
      (step) =>
        (step === 'enable-account' && undo?.enableAccount === true) ||
        (step === 'enable-devices' && (undo?.devices.length ?? 0) > 0) ||
        step === 'enable-onprem' ||
        step === 'verify',
    );
  }
  // Options run in both modes; keep-enabled leaves the account and its devices enabled.
  const steps = stepsOf(request);
  return request.mode === 'full'
    ? steps
    : steps.filter((step) => step !== 'disable-account' && step !== 'disable-devices');
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
  'remove-methods': 'Remove every sign-in method except the password',
  'disable-mail-rules': 'Disable inbox rules that forward, redirect, delete or hide mail',
  'revoke-consents': 'Revoke the apps the user consented to',
  'confirm-compromised': 'Confirm the user compromised in Identity Protection',
  'disable-devices': 'Disable registered devices',
  'contain-onprem':
    'Contain the on-premises AD account: disable it and force a password reset (Defender for Identity)',
  'enable-account': 'Enable the account',
  'enable-onprem': 'Enable the on-premises AD account again (Defender for Identity)',
  'enable-devices': 'Re-enable the devices the lockdown disabled',
  verify: 'Read back and verify',
};
