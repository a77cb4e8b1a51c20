import type { AccountOperation } from '../directory';
import type { StepId } from '../request';
import { operationResult } from './operation-result';
import type { Stage, StepContext, StepResult } from './step';

type AccountStep = 'disable-account' | 'reset-password' | 'revoke-sessions';

/** What a successful operation did, in a responder's words. */
const DONE: Readonly<Record<AccountStep, (context: StepContext) => string>> = {
  'disable-account': () => 'Account disabled: no new sign-ins',
  'reset-password': () =>
    'Password replaced by an unknown random one; change required at next sign-in',
  'revoke-sessions': ({ target }) =>
    target.userType === 'Guest'
      ? 'All sign-in sessions revoked; a guest’s sessions in their home tenant are not affected'
      : 'All sign-in sessions revoked',
};

function operationFor(step: AccountStep, context: StepContext): AccountOperation {
  // The password is made here, handed to the directory, and forgotten.
  return step === 'reset-password'
    ? { kind: 'reset-password', password: context.generatePassword() }
    : { kind: step };
}

/**
 * Disable, then reset the password, then revoke sessions: in this order (no new sign-ins, then no
 * known password, then every token minted before now dies), as one unit sent to the directory.
 */
export const containAccount: Stage = {
  steps: ['disable-account', 'reset-password', 'revoke-sessions'],
  async run(context, planned) {
    const steps = this.steps.filter((step) => planned.includes(step)) as AccountStep[];
    const operations = steps.map((step) => operationFor(step, context));
    const results = await context.directory.runAccountOperations(context.target.id, operations);
    return new Map<StepId, StepResult>(
      steps.map((step, index) => [
        step,
        operationResult(step, results[index], DONE[step](context)),
      ]),
    );
  },
};
