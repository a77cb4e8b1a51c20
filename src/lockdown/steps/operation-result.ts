/**
 * How the directory's answer to one account operation becomes a step result, the same for a
 * lockdown's and an unlock's steps.
 */
import type { OperationResult } from '../directory';
import type { StepId } from '../request';
import { networkNote } from './network-note';
import { STEP_REQUIREMENTS } from './requirements';
import type { StepResult } from './step';

/** `done` with `doneDetail`, or `failed` with the directory's reason and what the app needs. */
export function operationResult(
  step: StepId,
  result: OperationResult | undefined,
  doneDetail: string,
): StepResult {
  if (!result) {
    return { status: 'failed', detail: 'The directory returned no result for this operation' };
  }
  if (!result.ok) {
    const { networkRetries } = result.failure;
    return {
      status: 'failed',
      detail: `${result.failure.message}${refusalNote(step, result.failure.status)}${networkNote(networkRetries)}`,
      failure: result.failure,
      ...(networkRetries ? { networkRetries } : {}),
    };
  }
  const { requestId, serverTime, networkRetries } = result.receipt;
  return {
    status: 'done',
    detail: `${doneDetail}${networkNote(networkRetries)}`,
    ...(requestId ? { requestId } : {}),
    ...(serverTime ? { serverTime } : {}),
    ...(networkRetries ? { networkRetries } : {}),
  };
}

/** For a refusal, what the app needs for the step (a permission, and a role where needed). */
export function refusalNote(step: StepId, status: number): string {
  if (status !== 403) return '';
  const { permission, needsRole } = STEP_REQUIREMENTS[step];
  return needsRole
    ? ` (the app needs ${permission} and a directory role that covers this user)`
    : ` (the app needs ${permission})`;
}
