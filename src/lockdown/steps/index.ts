import { kindOf, type LockdownRequest } from '../request';
import { confirmCompromised } from './confirm-compromised';
import { containAccount } from './contain-account';
import { disableDevices } from './disable-devices';
import { disableMailRules } from './disable-mail-rules';
import { enableAccount } from './enable-account';
import { enableDevices } from './enable-devices';
import { containOnPremises, enableOnPremises } from './on-premises';
import { removeMethods } from './remove-methods';
import { revokeConsents } from './revoke-consents';
import { concurrentStages } from './settle';
import type { Stage } from './step';
import { verify } from './verify';
import { verifyUnlock } from './verify-unlock';

export type { Stage, StepContext, StepResult } from './step';

/**
 * A lockdown's stages in the order they must run: the account first (disable, password,
 * revocation, in that order, as one unit), then the devices and the chosen options at once
 * (they touch different things), then the read-back.
 */
export const LOCKDOWN_STAGES: readonly Stage[] = [
  containAccount,
  concurrentStages(
    disableDevices,
    containOnPremises,
    removeMethods,
    disableMailRules,
    revokeConsents,
    confirmCompromised,
  ),
  verify,
];

/** An unlock's stages: the account, then the devices the lockdown disabled, then the read-back. */
export const UNLOCK_STAGES: readonly Stage[] = [
  enableAccount,
  concurrentStages(enableDevices, enableOnPremises),
  verifyUnlock,
];

/** The stages a request runs, by its kind. */
export function stagesOf(request: Pick<LockdownRequest, 'kind'>): readonly Stage[] {
  return kindOf(request) === 'unlock' ? UNLOCK_STAGES : LOCKDOWN_STAGES;
}
