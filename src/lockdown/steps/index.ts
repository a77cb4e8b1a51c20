import { containAccount } from './contain-account';
import { disableDevices } from './disable-devices';
import type { Stage } from './step';
import { verify } from './verify';

export type { Stage, StepContext, StepResult } from './step';

/**
 * The stages in the order they must run: the account first (disable, password, revocation, in
 * that order, as one unit), then the devices, then the read-back.
 */
export const STAGES: readonly Stage[] = [containAccount, disableDevices, verify];
