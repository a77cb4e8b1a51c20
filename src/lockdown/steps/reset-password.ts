import type { Step } from './step';

/** Replaces the password with one nobody knows and forces a change at next sign-in. */
export const resetPassword: Step = {
  id: 'reset-password',
  async run({ directory, target, generatePassword }) {
    // The password lives only in this call's arguments: never logged, stored or returned.
    const receipt = await directory.resetPassword(target.id, generatePassword());
    return {
      status: 'done',
      detail: `Password replaced by an unknown random one; change required at next sign-in (request-id ${receipt.requestId ?? 'n/a'})`,
    };
  },
};
