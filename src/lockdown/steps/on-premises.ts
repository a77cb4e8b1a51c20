import type { OnPremisesAction } from '../directory';
import type { StepId } from '../request';
import { operationResult } from './operation-result';
import type { Stage, StepContext, StepResult } from './step';

/** One step's actions through Defender for Identity, as one result (the first failure wins). */
async function runActions(
  step: StepId,
  context: StepContext,
  actions: readonly OnPremisesAction[],
  doneDetail: string,
): Promise<ReadonlyMap<StepId, StepResult>> {
  const sid = context.target.onPremisesSecurityIdentifier;
  if (!sid) {
    return new Map<StepId, StepResult>([
      [
        step,
        {
          status: 'failed',
          detail:
            'The directory gave no on-premises security identifier for this account: act in on-premises AD by hand',
        },
      ],
    ]);
  }
  const results = await context.directory.onPremisesActions(sid, actions);
  const failed = results.find((result) => !result.ok);
  return new Map<StepId, StepResult>([
    [step, operationResult(step, failed ?? results[results.length - 1], doneDetail)],
  ]);
}

/**
 * A synced account's on-premises AD account, through Microsoft Defender for Identity: disabled
 * and its password reset forced (keep-enabled: only the reset), so the next directory sync
 * cannot undo the cloud-only disable.
 */
export const containOnPremises: Stage = {
  steps: ['contain-onprem'],
  run(context) {
    return context.mode === 'full'
      ? runActions(
          'contain-onprem',
          context,
          ['disable', 'forcePasswordReset'],
          'Disabled in on-premises AD and a password reset forced there',
        )
      : runActions(
          'contain-onprem',
          context,
          ['forcePasswordReset'],
          'Password reset forced in on-premises AD (keep-enabled: the account stays enabled)',
        );
  },
};

/** An unlock enables the on-premises AD account the lockdown disabled. */
export const enableOnPremises: Stage = {
  steps: ['enable-onprem'],
  run(context) {
    return runActions(
      'enable-onprem',
      context,
      ['enable'],
      'Enabled in on-premises AD; its forced password reset stays',
    );
  },
};
