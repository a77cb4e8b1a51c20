import { DirectoryError } from '../directory';
import type { DeviceOutcome, DeviceSummary } from '../request';
import type { Step, StepContext } from './step';

/** Disables every device registered to the target, reporting each device's outcome. */
export const disableDevices: Step = {
  id: 'disable-devices',
  async run(context) {
    const devices = await context.directory.listDevices(context.target.id);
    if (devices.length === 0) {
      return { status: 'done', detail: 'No registered devices', devices: [] };
    }
    const outcomes: DeviceOutcome[] = [];
    for (const device of devices) {
      outcomes.push(await disableDevice(context, device));
    }
    const disabled = outcomes.filter((outcome) => outcome.status !== 'failed').length;
    return {
      status: disabled === devices.length ? 'done' : 'failed',
      detail: `${disabled} of ${devices.length} devices disabled`,
      devices: outcomes,
    };
  },
};

async function disableDevice(
  { directory }: StepContext,
  device: DeviceSummary,
): Promise<DeviceOutcome> {
  const base = {
    deviceId: device.id,
    displayName: device.displayName,
    operatingSystem: device.operatingSystem,
  };
  try {
    await directory.disableDevice(device.id);
    return { ...base, status: 'done' };
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return {
      ...base,
      status: 'failed',
      failure: error.failure,
      note: deviceFailureNote(device, error),
    };
  }
}

/** Graph lets app-only callers disable only Windows devices; say what to do instead. */
function deviceFailureNote(device: DeviceSummary, error: DirectoryError): string {
  const windows = device.operatingSystem.toLowerCase().startsWith('windows');
  if (error.failure.status === 403 && !windows) {
    return 'app-only access cannot disable non-Windows devices; block or wipe it in Intune';
  }
  return error.failure.message;
}
