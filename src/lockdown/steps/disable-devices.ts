import type { OperationResult } from '../directory';
import type { DeviceOutcome, DeviceSummary, StepId } from '../request';
import { networkNote, networkRetriesOf } from './network-note';
import type { Stage, StepResult } from './step';

/** Disables every device registered to the target, reporting each device's outcome. */
export const disableDevices: Stage = {
  steps: ['disable-devices'],
  async run(context) {
    const devices = await context.directory.listDevices(context.target.id);
    const results = await context.directory.disableDevices(devices.map((device) => device.id));
    const outcomes = devices.map((device, index) => deviceOutcome(device, results[index]));
    const disabled = outcomes.filter((outcome) => outcome.status !== 'failed').length;
    const networkRetries = networkRetriesOf(results);
    const note = `${intuneNote(devices)}${networkNote(networkRetries)}`;
    const result: StepResult =
      devices.length === 0
        ? { status: 'done', detail: `No registered devices${note}`, devices: [] }
        : {
            status: disabled === devices.length ? 'done' : 'failed',
            detail: `${disabled} of ${devices.length} devices disabled${note}`,
            devices: outcomes,
            ...(networkRetries ? { networkRetries } : {}),
          };
    return new Map<StepId, StepResult>([['disable-devices', result]]);
  },
};

function deviceOutcome(device: DeviceSummary, result: OperationResult | undefined): DeviceOutcome {
  const base = {
    deviceId: device.id,
    displayName: device.displayName,
    operatingSystem: device.operatingSystem,
    // An unlock re-enables only the devices that were enabled before this step.
    wasEnabled: device.accountEnabled,
  };
  if (result?.ok) return { ...base, status: 'done' };
  if (!result) return { ...base, status: 'failed', note: 'The directory returned no result' };
  return { ...base, status: 'failed', failure: result.failure, note: failureNote(device, result) };
}

/** Says when the devices came from Intune because the directory refused to list them. */
function intuneNote(devices: readonly DeviceSummary[]): string {
  return devices.some((device) => device.foundThrough === 'intune')
    ? ' (found through Intune managed devices: the registered-devices listing was refused; devices Intune does not manage may be missed)'
    : '';
}

/** Graph lets app-only callers disable only Windows devices; say what to do instead. */
function failureNote(
  device: DeviceSummary,
  result: Extract<OperationResult, { ok: false }>,
): string {
  const windows = device.operatingSystem.toLowerCase().startsWith('windows');
  if (result.failure.status === 403 && !windows) {
    return 'app-only access cannot disable non-Windows devices; block or wipe it in Intune';
  }
  return result.failure.message;
}
