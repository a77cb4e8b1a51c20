import type { DeviceOutcome, DeviceSummary } from '../../lockdown/request';
import { failureStatus } from './describe-failure';
import { STATUS_SYMBOLS } from './status-symbols';
import { CODE_BYTES, MESSAGE_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';

/** How many device lines a card lists before it says "+N more" (cards must stay under 28 KB). */
export const MAX_DEVICE_LINES = 10;
/** How many operating systems the device count names before it says "N other". */
export const MAX_OS_KINDS = 5;

/** An operating system's name as shown, for devices that did not report one too. */
function osName(operatingSystem: string): string {
  const trimmed = plain(operatingSystem, CODE_BYTES);
  return trimmed === '' ? 'unknown OS' : trimmed;
}

/** "3 Windows, 1 iOS", most common first, then "N other" past {@link MAX_OS_KINDS}. */
function osBreakdown(devices: readonly DeviceSummary[]): string {
  const counts = new Map<string, number>();
  for (const device of devices) {
    const os = osName(device.operatingSystem);
    counts.set(os, (counts.get(os) ?? 0) + 1);
  }
  // Array.prototype.sort is stable: equal counts keep the order in which they were first seen.
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const named = sorted.slice(0, MAX_OS_KINDS).map(([os, count]) => `${count} ${os}`);
  const other = sorted.slice(MAX_OS_KINDS).reduce((sum, [, count]) => sum + count, 0);
  return [...named, ...(other > 0 ? [`${other} other`] : [])].join(', ');
}

/**
 * Count and OS breakdown of registered devices, most common OS first:
 * "3 devices: 1 Windows, 1 iOS, 1 Android", "1 Windows device", or "none".
 */
export function describeDevices(devices: readonly DeviceSummary[]): string {
  if (devices.length === 0) return 'none';
  const disabled = devices.filter((d) => !d.accountEnabled).length;
  const already = disabled === 0 ? '' : ` (${disabled} already disabled)`;
  const only = devices[0];
  if (devices.length === 1 && only) return `1 ${osName(only.operatingSystem)} device${already}`;
  return `${devices.length} devices: ${osBreakdown(devices)}${already}`;
}

/**
 * One line for a device that was not disabled:
 * "❌ iPhone (iOS): <note> (403 Authorization_RequestDenied, request-id …)".
 * Each part has its own budget, so a long name or message never pushes the request id off.
 */
export function describeDeviceOutcome(device: DeviceOutcome): string {
  const why = plain(device.note ?? device.failure?.message ?? device.status, MESSAGE_BYTES);
  const failure = device.failure;
  const code =
    failure === undefined
      ? ''
      : ` (${failureStatus(failure)} ${plain(failure.code, CODE_BYTES)}${
          failure.requestId === undefined
            ? ''
            : `, request-id ${plain(failure.requestId, CODE_BYTES)}`
        })`;
  const name = plain(
    device.displayName.trim() === '' ? device.deviceId : device.displayName,
    SHORT_NAME_BYTES,
  );
  return `${STATUS_SYMBOLS[device.status]} ${name} (${osName(device.operatingSystem)}): ${why}${code}`;
}

/**
 * The devices a responder must follow up (failed first, then skipped), at most
 * {@link MAX_DEVICE_LINES} lines and then "+N more".
 */
export function deviceFollowUpLines(devices: readonly DeviceOutcome[]): string[] {
  const failed = devices.filter((d) => d.status === 'failed');
  const skipped = devices.filter((d) => d.status === 'skipped');
  const notDone = [...failed, ...skipped];
  const lines = notDone.slice(0, MAX_DEVICE_LINES).map(describeDeviceOutcome);
  const more = notDone.length - MAX_DEVICE_LINES;
  if (more > 0) lines.push(`+${more} more`);
  return lines;
}
