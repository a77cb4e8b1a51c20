/**
 * The plan of a pending request, as its confirmation card (and a group's, through its leader)
 * shows it: the steps of its kind in order, numbered if they run, marked skipped (and why) if the
 * plan leaves them out, with what the preflight warned about each.
 */
import {
  STEP_TITLES,
  kindOf,
  plannedSteps,
  skipReason,
  stepsOf,
  type LockdownRequest,
  type StepId,
} from '../../lockdown/request';
import { column, columnSet, textBlock, type CardElement } from './adaptive-card';
import { SKIPPED_BY_MODE } from './mode-text';
import { STATUS_SYMBOLS } from './status-symbols';
import { MESSAGE_BYTES, plain } from './text-budget';

/** What may make `step` fail for lack of a grant, as read when the request was made. */
function preflightWarnings(request: LockdownRequest, step: StepId): string[] {
  const check = request.preflight?.checks.find((candidate) => candidate.step === step);
  // "Could not be read" is said once, under the plan, not on every step.
  return (check?.warnings ?? [])
    .filter((warning) => check?.permissionState !== 'unknown' || !warning.includes('could not'))
    .map((warning) => plain(warning, MESSAGE_BYTES));
}

/** Why the plan leaves `step` out, on the confirmation card. */
function skippedLine(request: LockdownRequest, step: StepId): string {
  if (kindOf(request) === 'lockdown') return SKIPPED_BY_MODE;
  const reason = skipReason(request, step);
  return `skipped: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

/**
 * The steps of the request's kind in order: numbered if they run, marked skipped (and why) if
 * the plan leaves them out, each with the preflight's warnings.
 */
export function planRows(request: LockdownRequest): CardElement[] {
  const planned = plannedSteps(request);
  let n = 0;
  return stepsOf(request).map((step) => {
    const runs = planned.includes(step);
    if (runs) n += 1;
    const marker = runs ? `${n}.` : STATUS_SYMBOLS.skipped;
    const items: CardElement[] = [textBlock(STEP_TITLES[step], runs ? {} : { isSubtle: true })];
    if (!runs) {
      items.push(
        textBlock(skippedLine(request, step), { isSubtle: true, size: 'small', spacing: 'none' }),
      );
    }
    // The preflight's warnings, before anyone approves: the lockdown still runs what it can.
    for (const warning of preflightWarnings(request, step)) {
      items.push(textBlock(`⚠️ ${warning}`, { color: 'warning', size: 'small', spacing: 'none' }));
    }
    return columnSet(
      [column('auto', [textBlock(marker, { isSubtle: !runs })]), column('stretch', items)],
      { spacing: 'small' },
    );
  });
}
