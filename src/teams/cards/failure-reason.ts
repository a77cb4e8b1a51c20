/**
 * Why a step failed, in a word or two, for one-line verdicts and compact rows.
 */
import { countItems } from './option-text';
import type { StepView } from './step-view';

/**
 * Why a step failed, in a word or two: the Graph code, else how many devices (or an option's
 * methods, rules or consents) failed; `undefined` when nothing more is known.
 */
export function failureReason(view: StepView): string | undefined {
  const code = view.outcome?.failure?.code;
  if (code !== undefined) return code;
  const failedDevices = view.outcome?.devices?.filter((d) => d.status === 'failed').length ?? 0;
  if (failedDevices > 0) return `${failedDevices} device${failedDevices === 1 ? '' : 's'} failed`;
  const failedItems = view.outcome?.items?.filter((i) => i.status === 'failed').length ?? 0;
  if (failedItems > 0) return `${countItems(view.step, failedItems)} failed`;
  return undefined;
}
