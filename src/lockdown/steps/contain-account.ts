import type { AccountOperation, PrefetchList } from '../directory';
import { plannedSteps, type StepId } from '../request';
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

/** The lists the option steps after this stage will read, so they come in the same round trip. */
function prefetchFor(planned: readonly StepId[]): PrefetchList[] {
  const lists: PrefetchList[] = [];
  if (planned.includes('remove-methods')) lists.push('methods');
  if (planned.includes('disable-mail-rules')) lists.push('mailRules');
  if (planned.includes('revoke-consents')) lists.push('consents');
  return lists;
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
    const results = await context.directory.runAccountOperations(
      context.target.id,
      operations,
      prefetchFor(plannedSteps(context.request)),
    );
    return new Map<StepId, StepResult>(
      steps.map((step, index) => [
        step,
        operationResult(step, results[index], DONE[step](context)),
      ]),
    );
  },
};
