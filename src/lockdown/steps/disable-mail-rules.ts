import { DirectoryError } from '../directory';
import type { StepId } from '../request';
import { itemOutcomes, itemsResult, listingFailed } from './item-results';
import type { Stage, StepResult } from './step';

/** Exchange's answer for a user without an Exchange Online mailbox. */
const NO_MAILBOX = 'MailboxNotEnabledForRESTAPI';

/**
 * `--disable-mail-rules`: disables (never deletes: reversible) the enabled inbox rules that
 * forward, redirect, delete or hide mail, as listed now. A user without a mailbox has none.
 */
export const disableMailRules: Stage = {
  steps: ['disable-mail-rules'],
  async run(context) {
    let result: StepResult;
    try {
      const rules = (await context.directory.listMailRules(context.target.id)).filter(
        (rule) => rule.enabled,
      );
      const results = await context.directory.disableMailRules(
        context.target.id,
        rules.map((rule) => rule.id),
      );
      result = itemsResult(
        itemOutcomes(
          'disable-mail-rules',
          rules.map((rule) => ({ id: rule.id, label: rule.name })),
          results,
        ),
        results,
        {
          what: 'inbox rules',
          done: 'disabled (not deleted)',
          none: 'No enabled inbox rule forwards, redirects, deletes or hides mail',
        },
      );
    } catch (error) {
      result =
        error instanceof DirectoryError && error.failure.code === NO_MAILBOX
          ? { status: 'done', detail: 'No Exchange Online mailbox: no inbox rules' }
          : listingFailed('disable-mail-rules', error);
    }
    return new Map<StepId, StepResult>([['disable-mail-rules', result]]);
  },
};
