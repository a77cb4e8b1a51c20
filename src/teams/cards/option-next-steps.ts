/**
 * What a responder still has to do once a lockdown's options ran: the person registers sign-in
 * methods again, a confirmed compromise stays until an administrator dismisses the risk, and
 * forwarding set on the mailbox itself is out of Graph's sight.
 */
import type { LockdownRequest, StepId } from '../../lockdown/request';
import { countItems } from './option-text';

/** How many items of `step` the lockdown handled (0 when it did not run). */
function handled(request: LockdownRequest, step: StepId): number {
  const outcome = [...request.steps].reverse().find((candidate) => candidate.step === step);
  return outcome?.items?.filter((item) => item.status === 'done').length ?? 0;
}

/** Whether the lockdown confirmed the user compromised. */
function confirmedCompromised(request: LockdownRequest): boolean {
  const outcome = [...request.steps].reverse().find((o) => o.step === 'confirm-compromised');
  return outcome?.status === 'done';
}

/** The "what to do next" lines of a finished lockdown's options (none without options). */
export function optionNextSteps(request: LockdownRequest): string[] {
  const lines: string[] = [];
  const methods = handled(request, 'remove-methods');
  if (methods > 0) {
    lines.push(
      `${countItems('remove-methods', methods)} removed: the person registers again, e.g. with a Temporary Access Pass an administrator issues in the Entra admin center (an unlock does not restore them).`,
    );
  }
  if (confirmedCompromised(request)) {
    lines.push(
      "Confirmed compromised in Identity Protection: this stays until an administrator dismisses the user's risk (an unlock does not), so risk-based Conditional Access keeps applying.",
    );
  }
  const rules = handled(request, 'disable-mail-rules');
  if (rules > 0) {
    lines.push(
      `${countItems('disable-mail-rules', rules)} disabled, not deleted: review them with the person before turning any back on. Forwarding set on the mailbox in Exchange is not visible to Graph: check it in the Exchange admin center.`,
    );
  }
  return lines;
}
