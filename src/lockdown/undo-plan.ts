/**
 * What an unlock may undo, decided from the records alone (pure): the target's latest finished
 * lockdown, what it did, and whether it was undone already. An unlock undoes what Lockdown did
 * and only that: an account or device that was disabled before the lockdown stays disabled.
 */
import { formatUtc } from './format-utc';
import {
  type DeviceLeftAlone,
  type DeviceOutcome,
  type DeviceSummary,
  FINAL_STATES,
  kindOf,
  type LockdownRequest,
  type Person,
  type StepId,
  type UndoPlan,
} from './request';

/** The plan of an unlock, or why there is nothing to undo. */
export type UndoDecision =
  | { readonly kind: 'plan'; readonly plan: UndoPlan }
  | { readonly kind: 'nothing-to-undo'; readonly reason: string };

/** States of a lockdown that never ran anything. */
const NEVER_RAN = new Set(['cancelled', 'expired', 'rejected']);

/**
 * Plans the unlock of `userPrincipalName` from its requests (lockdowns and unlocks), newest
 * first.
 */
export function planUndo(
  userPrincipalName: string,
  records: readonly LockdownRequest[],
): UndoDecision {
  const nothing = (reason: string): UndoDecision => ({ kind: 'nothing-to-undo', reason });
  const openUnlock = records.find(
    (request) => kindOf(request) === 'unlock' && !FINAL_STATES.includes(request.state),
  );
  if (openUnlock) {
    const where = openUnlock.state === 'pending' ? 'waiting for approval' : 'running';
    return nothing(
      `An unlock of ${userPrincipalName} is already ${where} (asked by ${openUnlock.requestedBy.name} at ${formatUtc(openUnlock.requestedAt)}).`,
    );
  }
  const lockdown = records.find(
    (request) => kindOf(request) === 'lockdown' && !NEVER_RAN.has(request.state),
  );
  if (!lockdown) {
    return nothing(
      `No lockdown of ${userPrincipalName} is on record, so there is nothing to undo. An unlock only undoes what Lockdown did.`,
    );
  }
  if (lockdown.state === 'pending') {
    return nothing(
      `The lockdown of ${userPrincipalName} is still waiting for approval: cancel it on its card instead.`,
    );
  }
  if (!FINAL_STATES.includes(lockdown.state)) {
    return nothing(
      `The lockdown of ${userPrincipalName} is still running: wait for it to finish, then unlock.`,
    );
  }
  const undone = undoneAlready(lockdown, records);
  if (undone) {
    return nothing(
      `${userPrincipalName} was already unlocked by ${undone.by} at ${formatUtc(undone.at)}.`,
    );
  }
  const plan = undoPlanOf(lockdown);
  if (!plan.enableAccount && plan.devices.length === 0 && !plan.enableOnPremises) {
    return nothing(
      lockdown.mode === 'keep-enabled'
        ? `The latest lockdown of ${userPrincipalName} kept the account enabled (keep-enabled): it disabled nothing, so there is nothing to undo. A password reset and a session revocation cannot be undone.`
        : `The latest lockdown of ${userPrincipalName} disabled neither the account nor any device that was enabled before it, so there is nothing to undo.`,
    );
  }
  return { kind: 'plan', plan };
}

/** Who unlocked the lockdown and when, if an unlock of it finished having done something. */
function undoneAlready(
  lockdown: LockdownRequest,
  records: readonly LockdownRequest[],
): { readonly by: string; readonly at: string } | undefined {
  if (lockdown.undoneBy) {
    return { by: approverNames(lockdown.undoneBy.approvedBy), at: lockdown.undoneBy.finishedAt };
  }
  // The lockdown's own mark may be missing (a crash right after the unlock finished).
  const unlock = records.find(
    (request) =>
      kindOf(request) === 'unlock' &&
      request.undo?.lockdownId === lockdown.id &&
      (request.state === 'completed' || request.state === 'partial'),
  );
  if (!unlock) return undefined;
  const approvers = unlock.approvals?.map((approval) => approval.by) ?? [];
  return {
    by: approverNames(approvers.length > 0 ? approvers : [unlock.requestedBy]),
    at: unlock.finishedAt ?? unlock.requestedAt,
  };
}

function approverNames(people: readonly Person[]): string {
  return people.map((person) => person.name).join(' and ') || 'someone';
}

/** What the finished `lockdown` did that an unlock reverses. */
export function undoPlanOf(lockdown: LockdownRequest): UndoPlan {
  const disabled = lockdown.steps.find((outcome) => outcome.step === 'disable-account');
  const accountWritten = disabled?.status === 'done' || disabled?.status === 'unconfirmed';
  const devices: DeviceSummary[] = [];
  const leftAlone: DeviceLeftAlone[] = [];
  const deviceStep = lockdown.steps.find((outcome) => outcome.step === 'disable-devices');
  for (const outcome of deviceStep?.devices ?? []) {
    const reason = leftAloneReason(outcome, lockdown);
    const base = {
      displayName: outcome.displayName,
      operatingSystem: outcome.operatingSystem,
    };
    if (reason) leftAlone.push({ deviceId: outcome.deviceId, ...base, reason });
    else devices.push({ id: outcome.deviceId, ...base, accountEnabled: false });
  }
  const staysRemoved = optionsDone(lockdown);
  const onPremises = lockdown.steps.find((outcome) => outcome.step === 'contain-onprem');
  // Keep-enabled only forced a password reset on-premises: nothing to enable there.
  const enableOnPremises = lockdown.mode === 'full' && onPremises?.status === 'done';
  return {
    lockdownId: lockdown.id,
    ...(lockdown.finishedAt ? { lockdownFinishedAt: lockdown.finishedAt } : {}),
    lockdownRequestedBy: lockdown.requestedBy,
    // An account that was disabled before the lockdown stays disabled.
    enableAccount: accountWritten && lockdown.target.accountEnabled,
    devices,
    leftAlone,
    ...(enableOnPremises ? { enableOnPremises } : {}),
    ...(staysRemoved.length > 0 ? { staysRemoved } : {}),
  };
}

/** What the lockdown's options did, which no unlock restores: one line each. */
function optionsDone(lockdown: LockdownRequest): string[] {
  const lines: string[] = [];
  const done = (step: StepId): number =>
    lockdown.steps
      .find((outcome) => outcome.step === step)
      ?.items?.filter((item) => item.status === 'done').length ?? 0;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const methods = done('remove-methods');
  if (methods > 0) {
    lines.push(
      `${count(methods, 'sign-in method', 'sign-in methods')} removed: the person registers again (an administrator can issue a Temporary Access Pass)`,
    );
  }
  const rules = done('disable-mail-rules');
  if (rules > 0) {
    lines.push(
      `${count(rules, 'inbox rule', 'inbox rules')} disabled: turn back on in Outlook only those that are the person's own`,
    );
  }
  const consents = done('revoke-consents');
  if (consents > 0) {
    lines.push(
      `${count(consents, 'app consent', 'app consents')} revoked: the person consents again when they next use an app`,
    );
  }
  const confirmed = lockdown.steps.find((outcome) => outcome.step === 'confirm-compromised');
  if (confirmed?.status === 'done') {
    lines.push(
      'Confirmed compromised in Identity Protection: stays high-risk until an administrator dismisses the risk',
    );
  }
  return lines;
}

/** Why an unlock leaves this device as it is, or `undefined` when it enables it again. */
function leftAloneReason(outcome: DeviceOutcome, lockdown: LockdownRequest): string | undefined {
  if (outcome.status === 'failed') return 'the lockdown could not disable it';
  if (outcome.status === 'skipped') return 'the lockdown did not change it';
  const wasEnabled =
    outcome.wasEnabled ??
    lockdown.target.devices.find((device) => device.id === outcome.deviceId)?.accountEnabled;
  if (wasEnabled === false) return 'it was already disabled before the lockdown';
  if (wasEnabled === undefined) return 'its state before the lockdown is not on record';
  return undefined;
}
