import { disableAccount } from './disable-account';
import { disableDevices } from './disable-devices';
import { resetPassword } from './reset-password';
import { revokeSessions } from './revoke-sessions';
import type { Step } from './step';
import { verify } from './verify';

export type { Step, StepContext, StepResult } from './step';

/**
 * The steps in the order they must run: disable first (no new sign-ins), then the password,
 * then the revocation (tokens minted before it die), then the devices, then the read-back.
 */
export const STEPS: readonly Step[] = [
  disableAccount,
  resetPassword,
  revokeSessions,
  disableDevices,
  verify,
];
