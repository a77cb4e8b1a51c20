import type { OperationResult } from '../directory';
import type { DeviceOutcome, DeviceSummary, StepId } from '../request';
import { networkNote, networkRetriesOf } from './network-note';
import type { Stage, StepResult } from './step';

/**
 * An unlock's device step: enable again exactly the devices the lockdown disabled that were
 * enabled before it (the plan made when the unlock was asked for). The user's devices are listed
 * first: one already enabled again is reported as such, not written. When the listing fails,
 * every planned device is enabled (enabling twice is harmless).
 */
export const enableDevices: Stage = {
  steps: ['enable-devices'],
  async run(context) {
    const planned = context.request.undo?.devices ?? [];
    const current = await context.directory.listDevices(context.target.id).catch(() => undefined);
    const enabledNow = new Set(
      (current ?? []).filter((device) => device.accountEnabled).map((device) => device.id),
    );
    const toEnable = planned.filter((device) => !enabledNow.has(device.id));
    const results = await context.directory.enableDevices(toEnable.map((device) => device.id));
    const outcomes = planned.map((device): DeviceOutcome => {
      const index = toEnable.indexOf(device);
      return index < 0
        ? { ...baseOf(device), status: 'done', note: 'already enabled' }
        : outcomeOf(device, results[index]);
    });
    const enabled = outcomes.filter((outcome) => outcome.status === 'done').length;
    const networkRetries = networkRetriesOf(results);
    const already = planned.length - toEnable.length;
    const leftAlone = context.request.undo?.leftAlone.length ?? 0;
    const detail =
      `${enabled} of ${planned.length} devices enabled again` +
      (already > 0 ? ` (${already} already enabled)` : '') +
      (leftAlone > 0 ? `; ${leftAlone} left as they were` : '') +
      networkNote(networkRetries);
    const result: StepResult = {
      status: enabled === planned.length ? 'done' : 'failed',
      detail,
      devices: outcomes,
      ...(networkRetries ? { networkRetries } : {}),
    };
    return new Map<StepId, StepResult>([['enable-devices', result]]);
  },
};

function baseOf(device: DeviceSummary): Omit<DeviceOutcome, 'status'> {
  return {
    deviceId: device.id,
    displayName: device.displayName,
    operatingSystem: device.operatingSystem,
  };
}

function outcomeOf(device: DeviceSummary, result: OperationResult | undefined): DeviceOutcome {
  if (result?.ok) return { ...baseOf(device), status: 'done' };
  if (!result) {
    return { ...baseOf(device), status: 'failed', note: 'The directory returned no result' };
  }
  return {
    ...baseOf(device),
    status: 'failed',
    failure: result.failure,
    note: failureNote(device, result.failure.status, result.failure.message),
  };
}

/** Graph lets app-only callers change only Windows devices; a deleted device cannot come back. */
function failureNote(device: DeviceSummary, status: number, message: string): string {
  if (status === 404) return 'no longer in the directory';
  if (status === 403 && !device.operatingSystem.toLowerCase().startsWith('windows')) {
    return 'app-only access cannot enable non-Windows devices; enable it in the Entra admin center';
  }
  return message;
}
