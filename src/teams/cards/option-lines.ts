/**
 * The card lines a lockdown's containment options add: under the plan (self-service password
 * reset in keep-enabled mode, what an unlock leaves as it is) and, on the progress card, the
 * items an option's step could not handle, compactly (a card must stay under 28 KB).
 */
import type { LockdownOption } from '../../lockdown/options';
import type { ItemOutcome, LockdownMode } from '../../lockdown/request';
import { textBlock, type CardElement } from './adaptive-card';
import { failureStatus } from './describe-failure';
import { OPTIONS_STAY, ssprLine } from './option-text';
import { STATUS_SYMBOLS } from './status-symbols';
import { CODE_BYTES, MESSAGE_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';

/** How many failed items a step's row names before it says "and N more failed". */
export const MAX_ITEM_LINES = 3;

/**
 * What a lockdown's plan says about its options, under the steps: in keep-enabled mode, how
 * self-service password reset is closed (or that `--remove-mfa` would close it); with options,
 * that an unlock does not undo them.
 */
export function optionPlanNotes(
  mode: LockdownMode,
  options: readonly LockdownOption[],
): CardElement[] {
  const notes: CardElement[] = [];
  const sspr = ssprLine(mode, options);
  if (sspr?.subtle === false) {
    notes.push(textBlock(`🔑 ${sspr.text}`, { size: 'small', spacing: 'small' }));
  } else if (sspr) {
    notes.push(textBlock(sspr.text, { isSubtle: true, size: 'small', spacing: 'small' }));
  }
  if (options.length > 0) {
    notes.push(textBlock(OPTIONS_STAY, { isSubtle: true, size: 'small', spacing: 'small' }));
  }
  return notes;
}

/**
 * One line for an item an option's step could not handle:
 * "❌ Microsoft Authenticator: Pixel 8 — <note> (400 invalidRequest, request-id …)".
 * Each part has its own budget, so a long label or message never pushes the request id off.
 */
export function describeItemOutcome(item: ItemOutcome): string {
  const why = plain(item.note ?? item.failure?.message ?? item.status, MESSAGE_BYTES);
  const { failure } = item;
  const requestId =
    failure?.requestId === undefined ? '' : `, request-id ${plain(failure.requestId, CODE_BYTES)}`;
  const code =
    failure === undefined
      ? ''
      : ` (${failureStatus(failure)} ${plain(failure.code, CODE_BYTES)}${requestId})`;
  const label = plain(item.label.trim() === '' ? item.id : item.label, SHORT_NAME_BYTES);
  return `${STATUS_SYMBOLS[item.status]} ${label} — ${why}${code}`;
}

/** The items a step failed on, at most {@link MAX_ITEM_LINES} lines, then "and N more failed". */
export function failedItemLines(items: readonly ItemOutcome[]): string[] {
  const failed = items.filter((item) => item.status === 'failed');
  const lines = failed.slice(0, MAX_ITEM_LINES).map(describeItemOutcome);
  const more = failed.length - MAX_ITEM_LINES;
  if (more > 0) lines.push(`and ${more} more failed`);
  return lines;
}
