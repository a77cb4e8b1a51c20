/**
 * The devices an unlock enables again and the ones it leaves as they are, compactly: at most a
 * handful named in each list, then "and N more" (a card must stay under 28 KB).
 */
import type { DeviceLeftAlone, DeviceSummary, UndoPlan } from '../../lockdown/request';
import { callout, heading, textBlock, type CardElement, type Spacing } from './adaptive-card';
import { CODE_BYTES, MESSAGE_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';
import { UNLOCK_PASSWORD_NOTE } from './unlock-text';

/** How many devices each list names before it says "and N more". */
export const MAX_UNDO_DEVICE_LINES = 5;

/** "LAPTOP-1 (Windows)", each part on its own budget. */
function deviceName(device: { readonly displayName: string; readonly operatingSystem: string }) {
  const os = plain(device.operatingSystem, CODE_BYTES);
  return `${plain(device.displayName, SHORT_NAME_BYTES)} (${os === '' ? 'unknown OS' : os})`;
}

/** A small bold title and one small line per item, then "and N more". */
function list(title: string, lines: readonly string[], spacing: Spacing = 'small'): CardElement[] {
  const shown = lines.slice(0, MAX_UNDO_DEVICE_LINES);
  const more = lines.length - shown.length;
  return [
    textBlock(title, { weight: 'bolder', size: 'small', spacing }),
    ...shown.map((line) => textBlock(`• ${line}`, { size: 'small', spacing: 'none' })),
    ...(more > 0 ? [textBlock(`and ${more} more`, { size: 'small', spacing: 'none' })] : []),
  ];
}

/** "2 devices", "1 device". */
function devices(count: number): string {
  return `${count} device${count === 1 ? '' : 's'}`;
}

/** The devices to enable again, by name. */
function toEnable(planned: readonly DeviceSummary[]): CardElement[] {
  return list(
    `Enable again: ${devices(planned.length)} the lockdown disabled`,
    planned.map(deviceName),
  );
}

/** The devices left as they are, with why. */
function leftAlone(left: readonly DeviceLeftAlone[]): CardElement[] {
  return list(
    `Left as they are: ${devices(left.length)}`,
    left.map((device) => `${deviceName(device)}: ${plain(device.reason, MESSAGE_BYTES)}`),
  );
}

/**
 * The devices section of an unlock's confirmation and dry-run cards: those it enables again and
 * those it leaves alone with their reason; a plain line when the lockdown disabled none.
 */
export function undoDeviceLines(undo: UndoPlan): CardElement[] {
  const lines: CardElement[] = [];
  if (undo.devices.length > 0) lines.push(...toEnable(undo.devices));
  if (undo.leftAlone.length > 0) lines.push(...leftAlone(undo.leftAlone));
  if (lines.length === 0) {
    lines.push(
      textBlock('The lockdown disabled no device: no device is changed.', {
        isSubtle: true,
        spacing: 'small',
      }),
    );
  }
  return lines;
}

/** The title over what the lockdown's options did that an unlock never restores. */
export const STAYS_REMOVED_TITLE = 'Stays as the lockdown left it:';

/**
 * What the lockdown's options did that the unlock leaves as it is (removed methods, disabled
 * rules, revoked consents, a confirmed compromise), after the devices; nothing when none.
 */
export function staysRemovedLines(undo: UndoPlan): CardElement[] {
  const stays = undo.staysRemoved ?? [];
  if (stays.length === 0) return [];
  // Spaced from the devices above: it is about the account, not them.
  return list(
    STAYS_REMOVED_TITLE,
    stays.map((line) => plain(line, MESSAGE_BYTES)),
    'medium',
  );
}

/**
 * What an unlock's confirmation and dry-run cards add under the plan: the devices, what the
 * lockdown's options did that stays, then how the person gets back in (the password stays as
 * the lockdown left it).
 */
export function undoSection(undo: UndoPlan): CardElement[] {
  return [
    heading('Devices'),
    ...undoDeviceLines(undo),
    ...staysRemovedLines(undo),
    callout(`🔑 ${UNLOCK_PASSWORD_NOTE}`, 'emphasis'),
  ];
}

/** How many devices a one-line list names, and each name's budget, so the line stays whole. */
const INLINE_NAMES = 3;
const INLINE_NAME_BYTES = 64;

/** "LAPTOP-1, iPhone, Tablet and 4 more": the devices an unlock left as they are, in one line. */
export function leftAloneNames(undo: UndoPlan): string {
  const named = undo.leftAlone
    .slice(0, INLINE_NAMES)
    .map((device) => plain(device.displayName, INLINE_NAME_BYTES));
  const more = undo.leftAlone.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}
