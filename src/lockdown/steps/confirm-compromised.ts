import type { StepId } from '../request';
import { operationResult } from './operation-result';
import type { Stage, StepResult } from './step';

/**
 * `--compromised`: confirms the user compromised in Identity Protection, so risk-based
 * Conditional Access applies everywhere. Not undone by an unlock.
 */
export const confirmCompromised: Stage = {
  steps: ['confirm-compromised'],
  async run(context) {
    const result = await context.directory.confirmCompromised(context.target.id);
    return new Map<StepId, StepResult>([
      [
        'confirm-compromised',
        operationResult(
          'confirm-compromised',
          result,
          'Confirmed compromised: high risk in Identity Protection until an administrator dismisses it',
        ),
      ],
    ]);
  },
};
