/**
 * What a responder still has to do once an unlock is finished: the person needs a way back in
 * (the unlock never restores a password), the devices it left alone stay as they are, and a
 * synced account may be disabled on-premises too.
 */
import type { LockdownRequest } from '../../lockdown/request';
import { leftAloneNames } from './undo-devices';

/** How the person gets back in, for "what to do next". */
export const WAY_BACK_IN =
  'The password is not restored: an administrator resets the password or issues a Temporary Access Pass in the Entra admin center; self-service password reset works only if the person still has registered methods.';

/** The lines of "what to do next" for a finished unlock (none for one that never ran). */
export function unlockNextSteps(request: LockdownRequest): string[] {
  const { state, target, undo } = request;
  if (state !== 'completed' && state !== 'partial' && state !== 'failed') return [];
  const upn = target.userPrincipalName;
  const lines: string[] = [];
  if (state !== 'failed') lines.push(WAY_BACK_IN);
  const leftAlone = undo?.leftAlone.length ?? 0;
  if (leftAlone > 0 && undo) {
    lines.push(
      `${leftAlone === 1 ? '1 device was' : `${leftAlone} devices were`} left as they are (${leftAloneNames(undo)}): enable one by hand in the Entra admin center (Devices) only if it is disabled and should be used again.`,
    );
  }
  const deviceFailed = request.steps.some(
    (s) => s.step === 'enable-devices' && s.devices?.some((d) => d.status === 'failed'),
  );
  if (deviceFailed) {
    lines.push(
      'Enable the devices that could not be enabled here by hand in the Entra admin center (Devices), or in Intune for the ones it manages.',
    );
  }
  if (target.onPremisesSyncEnabled) {
    lines.push(
      'Synced account: if it was disabled in on-premises AD too, enable it there as well, else the next directory sync disables it again.',
    );
  }
  if (state === 'failed') {
    lines.push(
      `The unlock failed: check the app's Graph permissions and Entra role, then run /unlock ${upn} again (enabling twice is harmless).`,
    );
  } else if (state === 'partial') {
    lines.push(
      'Not everything was undone: finish by hand in the Entra admin center what the failed steps name.',
    );
  }
  return lines;
}
