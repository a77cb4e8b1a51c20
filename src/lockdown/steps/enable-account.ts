import type { StepId } from '../request';
import { operationResult } from './operation-result';
import type { Stage, StepResult } from './step';

/** What an unlock's account step says when it enabled the account. */
const ENABLED =
  'Account enabled: the person can sign in again once they have a password (the lockdown’s random one stays)';

/**
 * An unlock's first step: enable the account the lockdown disabled. The account is read first:
 * one someone re-enabled by hand since is reported as already enabled, not written again. When
 * the read fails, the account is enabled anyway (enabling twice is harmless).
 */
export const enableAccount: Stage = {
  steps: ['enable-account'],
  async run(context) {
    const { directory, target } = context;
    const enabledNow = await directory
      .readBack(target.id)
      .then((observed) => observed.accountEnabled)
      .catch(() => undefined);
    if (enabledNow === true) {
      return new Map<StepId, StepResult>([
        [
          'enable-account',
          {
            status: 'done',
            detail: 'Already enabled: someone enabled the account again since the lockdown',
          },
        ],
      ]);
    }
    const [result] = await directory.runAccountOperations(target.id, [{ kind: 'enable-account' }]);
    return new Map<StepId, StepResult>([
      ['enable-account', operationResult('enable-account', result, ENABLED)],
    ]);
  },
};
