import type { Step } from './step';

/** Blocks every new sign-in; CAE-aware apps (Exchange, SharePoint, Teams) also drop sessions. */
export const disableAccount: Step = {
  id: 'disable-account',
  async run({ directory, target }) {
    const receipt = await directory.disableAccount(target.id);
    return {
      status: 'done',
      detail: `Account disabled (request-id ${receipt.requestId ?? 'n/a'})`,
    };
  },
};
