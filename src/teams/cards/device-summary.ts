import type { DeviceOutcome, DeviceSummary } from '../../lockdown/request';
import { failureStatus } from './describe-failure';
import { STATUS_SYMBOLS } from './status-symbols';

/** How many device lines a card lists before it says "+N more" (cards must stay under 28 KB). */
export const MAX_DEVICE_LINES = 10;

/** An operating system's name as shown, for devices that did not report one too. */
function osName(operatingSystem: string): string {
  const trimmed = operatingSystem.trim();
  return trimmed === '' ? 'unknown OS' : trimmed;
}

/**
 * Count and OS breakdown of registered devices, most common OS first:
 * "3 devices: 1 Windows, 1 iOS, 1 Android", "1 Windows device", or "none".
 */
export function describeDevices(devices: readonly DeviceSummary[]): string {
  if (devices.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const device of devices) {
    const os = osName(device.operatingSystem);
    counts.set(os, (counts.get(os) ?? 0) + 1);
  }
  // Array.prototype.sort is stable: equal counts keep the order in which they were first seen.
  const breakdown = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([os, count]) => `${count} ${os}`)
    .join(', ');
  const disabled = devices.filter((d) => !d.accountEnabled).length;
  const already = disabled === 0 ? '' : ` (${disabled} already disabled)`;
  const only = devices[0];
  if (devices.length === 1 && only) return `1 ${osName(only.operatingSystem)} device${already}`;
  return `${devices.length} devices: ${breakdown}${already}`;
}

/**
 * One line for a device that was not disabled:
 * "❌ iPhone (iOS): <note> (403 Authorization_RequestDenied, request-id …)".
 */
export function describeDeviceOutcome(device: DeviceOutcome): string {
  const why = device.note ?? device.failure?.message ?? device.status;
  const failure = device.failure;
  const code =
    failure === undefined
      ? ''
      : ` (${failureStatus(failure)} ${failure.code}${
          failure.requestId === undefined ? '' : `, request-id ${failure.requestId}`
        })`;
  const name = device.displayName.trim() === '' ? device.deviceId : device.displayName;
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
