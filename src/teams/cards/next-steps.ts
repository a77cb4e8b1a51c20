import { FINAL_STATES, kindOf, type LockdownRequest } from '../../lockdown/request';
import { lockdownCommand } from './mode-text';
import { optionNextSteps } from './option-next-steps';
import { optionsOf } from './option-text';
import { unlockNextSteps } from './unlock-next-steps';

/**
 * What a responder still has to do once the bot is finished: the limits of what it can do
 * from Graph, made specific to this account, this kind of request and this outcome.
 */
export function nextSteps(request: LockdownRequest): string[] {
  if (!FINAL_STATES.includes(request.state)) return [];
  // Once an unlock undid a lockdown, what the lockdown left to do no longer applies.
  if (request.undoneBy) return [];
  return kindOf(request) === 'unlock' ? unlockNextSteps(request) : lockdownNextSteps(request);
}

/** How long issued tokens outlive a lockdown: the first thing left to do after any. */
export const ACCESS_TOKENS_NOTE =
  'Access tokens already issued stay valid for up to about an hour in apps without continuous access evaluation; CAE-aware apps (Exchange Online, SharePoint, Teams) react within minutes.';

/**
 * Whether a finished lockdown needs running again: it failed, or a step failed for a reason
 * other than the expected refusal of non-Windows devices app-only (which Intune covers).
 */
export function needsRetry(request: LockdownRequest): boolean {
  const unexpectedFailure = request.steps.some(
    (s) =>
      s.status === 'failed' &&
      (s.step !== 'disable-devices' ||
        !s.devices?.length ||
        s.devices.some((d) => d.status === 'failed' && d.failure?.status !== 403)),
  );
  return request.state === 'failed' || unexpectedFailure;
}

/** What is left to do after a lockdown. */
function lockdownNextSteps(request: LockdownRequest): string[] {
  const { target, mode } = request;
  const lines = [ACCESS_TOKENS_NOTE];
  const onPremisesDone = request.steps.some(
    (s) => s.step === 'contain-onprem' && s.status === 'done',
  );
  if (target.onPremisesSyncEnabled && !onPremisesDone) {
    lines.push(
      mode === 'full'
        ? 'Synced account: disable it in on-premises AD too (the next sync undoes a cloud-only disable) and reset its on-premises password.'
        : 'Synced account: reset its password in on-premises AD too; the cloud reset does not reach it.',
    );
  }
  const deviceFailed = request.steps.some((s) => s.devices?.some((d) => d.status === 'failed'));
  if (deviceFailed) {
    lines.push(
      'In Intune, block the devices that could not be disabled here (mark them non-compliant or retire them).',
    );
  }
  if (target.userType === 'Guest') {
    lines.push("Guest account: ask the guest's home tenant to revoke its sessions there.");
  }
  lines.push(...optionNextSteps(request));
  // Non-Windows devices refused app-only are expected (the Intune line covers them); anything
  // else that failed points at the app's permissions or role.
  if (needsRetry(request)) {
    lines.push(
      `A step failed: check the app's Graph permissions and Entra role, then run ${lockdownCommand(target.userPrincipalName, mode, optionsOf(request))} again (every step is safe to repeat).`,
    );
  }
  if (mode === 'keep-enabled') {
    lines.push(
      `The account is still enabled: run a full ${lockdownCommand(target.userPrincipalName, 'full')} if the compromise is confirmed.`,
    );
  }
  return lines;
}
