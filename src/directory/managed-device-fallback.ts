/**
 * When Graph refuses to list a user's registered devices (Microsoft documents that listing as not
 * supported for application permissions), the user's Intune managed devices stand in for them:
 * `GET /users/{id}/managedDevices` (DeviceManagementManagedDevices.Read.All), each mapped to its
 * directory device through `azureADDeviceId` = the device's `deviceId`, looked up 20 to a
 * `$batch`. Managed devices without a directory device are reported, not listed: they cannot be
 * disabled in the directory (the domain disables every device it is given).
 */
import type { Logger } from 'pino';
import { DirectoryError } from '../lockdown/directory';
import type { DeviceSummary, DirectoryFailure } from '../lockdown/request';
import { chunk, mapWithConcurrency } from '../lockdown/concurrency';
import { MAX_BATCH_SIZE, runBatch, type BatchOutcome } from './graph-batch';
import { followPages, toDeviceSummaries } from './graph-pages';
import * as requests from './graph-requests';
import {
  devicePageSchema,
  type GraphDevice,
  type GraphManagedDevice,
  managedDevicePageSchema,
  type Page,
} from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** The application permission the fallback needs. */
export const MANAGED_DEVICES_PERMISSION = 'DeviceManagementManagedDevices.Read.All';

/** What Intune reports as `azureADDeviceId` for a device that is not in the directory. */
const NO_DIRECTORY_DEVICE = '00000000-0000-0000-0000-000000000000';

/** Device look-up batches in flight at once. */
const LOOKUP_CONCURRENCY = 4;

/** A managed device that no directory device stands for: reported, never disabled. */
export interface UnmatchedManagedDevice {
  /** The Intune managed device id (not a directory object id). */
  readonly managedDeviceId: string;
  readonly deviceName: string;
  readonly operatingSystem: string;
  /** The `azureADDeviceId` Intune reported, when it named one. */
  readonly azureADDeviceId?: string;
  /**
   * `not-registered`: Intune names no directory device; `not-found`: no directory device has
   * that `deviceId`; `lookup-failed`: Graph refused or failed the look-up (see `failure`).
   */
  readonly reason: 'not-registered' | 'not-found' | 'lookup-failed';
  readonly failure?: DirectoryFailure;
}

/** How a user's devices were last listed. */
export interface DeviceListing {
  /**
   * `registeredDevices`: the user's registered devices, as the domain expects;
   * `managedDevices`: Graph refused that listing and the devices come from Intune.
   */
  readonly source: 'registeredDevices' | 'managedDevices';
  /** The directory devices listed (what the domain was given). */
  readonly devices: readonly DeviceSummary[];
  /** With `managedDevices` only: Intune devices that could not be mapped to directory devices. */
  readonly unmatched: readonly UnmatchedManagedDevice[];
  /** With `managedDevices` only: Graph's refusal of the registered-devices listing. */
  readonly refusal?: DirectoryFailure;
}

/** Whether a failure of the registered-devices listing is a refusal worth falling back from. */
export function listingRefused(failure: DirectoryFailure): boolean {
  return failure.status === 400 || failure.status === 403;
}

/**
 * The registered devices from `registered`; when Graph refuses them (400 or 403, after the cast
 * fallback), the managed devices. When the fallback fails as well, the original refusal.
 */
export async function devicesOrManaged(
  transport: GraphTransport,
  logger: Logger,
  userId: string,
  budget: RetryBudget,
  registered: () => Promise<DeviceSummary[]>,
): Promise<DeviceListing> {
  try {
    return { source: 'registeredDevices', devices: await registered(), unmatched: [] };
  } catch (error) {
    if (!(error instanceof DirectoryError) || !listingRefused(error.failure)) throw error;
    try {
      return await managedDeviceListing(transport, logger, userId, budget, error.failure);
    } catch (fallbackError) {
      if (!(fallbackError instanceof DirectoryError)) throw fallbackError;
      logger.warn(
        {
          code: error.failure.code,
          graphRequestId: error.failure.requestId,
          fallbackStatus: fallbackError.failure.status,
          fallbackCode: fallbackError.failure.code,
          fallbackRequestId: fallbackError.failure.requestId,
          permission: MANAGED_DEVICES_PERMISSION,
        },
        'graph refused the registered-devices listing and the managed-devices fallback',
      );
      throw error;
    }
  }
}

/** The directory devices behind the user's managed devices, after `refusal`. */
async function managedDeviceListing(
  transport: GraphTransport,
  logger: Logger,
  userId: string,
  budget: RetryBudget,
  refusal: DirectoryFailure,
): Promise<DeviceListing> {
  const { body } = await transport.send(
    requests.listManagedDevices(userId),
    managedDevicePageSchema,
    budget,
  );
  const managed = await followPages(
    transport,
    body,
    managedDevicePageSchema,
    budget,
    'managed devices',
  );
  const unmatched: UnmatchedManagedDevice[] = [];
  const byDeviceId = new Map<string, GraphManagedDevice[]>();
  for (const device of managed) {
    const deviceId = device.azureADDeviceId?.trim().toLowerCase();
    if (!deviceId || deviceId === NO_DIRECTORY_DEVICE) {
      unmatched.push(unmatchedOf(device, 'not-registered'));
    } else {
      byDeviceId.set(deviceId, [...(byDeviceId.get(deviceId) ?? []), device]);
    }
  }
  const found = await lookUpDevices(transport, logger, [...byDeviceId.keys()], budget);
  const devices = new Map<string, DeviceSummary>();
  for (const [deviceId, outcome] of found) {
    const lookedUp = outcome.ok ? firstDevice(outcome.body) : undefined;
    if (lookedUp) {
      devices.set(lookedUp.id, { ...lookedUp, foundThrough: 'intune' });
      continue;
    }
    for (const device of byDeviceId.get(deviceId) ?? []) {
      unmatched.push(
        outcome.ok
          ? unmatchedOf(device, 'not-found')
          : { ...unmatchedOf(device, 'lookup-failed'), failure: outcome.failure },
      );
    }
  }
  const listing: DeviceListing = {
    source: 'managedDevices',
    devices: [...devices.values()],
    unmatched,
    refusal,
  };
  logger.warn(
    {
      status: refusal.status,
      code: refusal.code,
      graphRequestId: refusal.requestId,
      managedDevices: managed.length,
      devices: listing.devices.length,
      unmatched: unmatched.map((device) => ({
        managedDeviceId: device.managedDeviceId,
        deviceName: device.deviceName,
        reason: device.reason,
      })),
    },
    'graph refused the registered-devices listing; devices found through Intune managed devices',
  );
  return listing;
}

/** Each `deviceId`'s look-up outcome, 20 look-ups to a parallel `$batch`. */
async function lookUpDevices(
  transport: GraphTransport,
  logger: Logger,
  deviceIds: readonly string[],
  budget: RetryBudget,
): Promise<Map<string, BatchOutcome | { ok: false; failure: DirectoryFailure }>> {
  const batches = await mapWithConcurrency(
    chunk(deviceIds, MAX_BATCH_SIZE),
    LOOKUP_CONCURRENCY,
    async (ids) => {
      const items = ids.map((deviceId, index) => ({
        id: String(index + 1),
        request: requests.findDeviceByDeviceId(deviceId),
        schema: devicePageSchema,
      }));
      const outcomes = await runBatch(transport, logger, items, 'parallel', budget);
      return ids.map((deviceId, index) => {
        const outcome = outcomes.get(String(index + 1)) ?? {
          ok: false as const,
          failure: { status: 0, code: 'NoResult', message: 'Graph returned no result.' },
        };
        return [deviceId, outcome] as const;
      });
    },
  );
  return new Map(batches.flat());
}

/** The first device of a look-up's page (one `deviceId`, one device). */
function firstDevice(body: unknown): DeviceSummary | undefined {
  return toDeviceSummaries((body as Page<GraphDevice>).value)[0];
}

function unmatchedOf(
  device: GraphManagedDevice,
  reason: UnmatchedManagedDevice['reason'],
): UnmatchedManagedDevice {
  return {
    managedDeviceId: device.id,
    deviceName: device.deviceName ?? device.id,
    operatingSystem: device.operatingSystem ?? 'unknown',
    ...(device.azureADDeviceId ? { azureADDeviceId: device.azureADDeviceId } : {}),
    reason,
  };
}
