import type { Step } from './step';

/** Invalidates refresh tokens and session cookies issued before now. */
export const revokeSessions: Step = {
  id: 'revoke-sessions',
  async run({ directory, target }) {
    const receipt = await directory.revokeSessions(target.id);
    const guestNote =
      target.userType === 'Guest'
        ? '; a guest’s sessions in their home tenant are not affected'
        : '';
    return {
      status: 'done',
      detail: `All sign-in sessions revoked${guestNote} (request-id ${receipt.requestId ?? 'n/a'})`,
    };
  },
};
