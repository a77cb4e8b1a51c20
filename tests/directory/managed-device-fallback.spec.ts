/**
 * Listing a user's registered devices is documented as unsupported for application permissions.
 * When Graph refuses it (403, or 400 after the un-cast fallback), the devices come from the
 * user's Intune managed devices, mapped to directory devices by `azureADDeviceId` = `deviceId`
 * (looked up 20 to a `$batch`); the listing says so (`deviceListingOf`) and the log warns. When
 * the fallback is refused as well, the original refusal is the answer.
 */
import assert from 'node:assert/strict';
import { DirectoryError } from '../../src/lockdown/directory';
import type { RecordedRequest } from '../../src/simulator';
import {
  APP_WITH_INTUNE,
  idOf,
  INTUNE_ONLY_DEVICE,
  INTUNE_STALE_DEVICE,
  TARGETS,
} from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 3, maxWaitMs: 2_000, baseDelayMs: 10, maxBackoffMs: 50 };
const LISTING_REFUSED = {
  method: 'GET',
  path: /\/registeredDevices(\/microsoft\.graph\.device)?$/,
  status: 403,
  code: 'Authorization_RequestDenied',
  message: 'Listing registered devices is not supported for application permissions.',
} as const;
const MANAGED = /\/managedDevices$/;

function managedListings(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => MANAGED.test(request.path));
}

function deviceLookups(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((request) => request.path === '/devices' && request.method === 'GET');
}

async function refusal(promise: Promise<unknown>): Promise<DirectoryError> {
  const error = await promise.then(
    () => assert.fail('expected a refusal'),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof DirectoryError, String(error));
  return error;
}

describe('device listing: the Intune managed-devices fallback after a refusal', function () {
  this.timeout(30_000);

  describe('with DeviceManagementManagedDevices.Read.All', () => {
    let harness: Harness;

    before(async () => {
      harness = await startHarness({ retryPolicy: POLICY }, 20, {
        clientId: APP_WITH_INTUNE.clientId,
        clientSecret: APP_WITH_INTUNE.clientSecret,
      });
    });
    after(async () => {
      await harness?.stop();
    });
    beforeEach(() => {
      harness.simulator.clearFaults();
      harness.simulator.resetRecording();
    });

    it('listDevices: the registered devices as usual, and the listing says so', async () => {
      const devices = await harness.call('listDevices', idOf(TARGETS.intune));
      assert.equal(devices.length, 2);
      assert.deepEqual(managedListings(harness.simulator.requests), []);
      const listing = await harness.deviceListing(idOf(TARGETS.intune));
      assert.equal(listing?.source, 'registeredDevices');
      assert.deepEqual(listing?.unmatched, []);
    });

    it('listDevices: a 403 for the listing is worked around through the managed devices', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const userId = idOf(TARGETS.intune);
      const devices = await harness.call('listDevices', userId);
      const registered = harness.simulator.tenant.devicesOf(userId);
      assert.deepEqual(
        devices.map((device) => device.id).sort(),
        registered.map((device) => device.id).sort(),
      );
      assert.deepEqual(
        devices.map((device) => device.operatingSystem).sort(),
        ['Windows', 'iOS'].sort(),
      );
      const [managed] = managedListings(harness.simulator.requests);
      assert.equal(managed?.status, 200);
      assert.equal(managed?.query['$select'], 'id,deviceName,operatingSystem,azureADDeviceId');
      const lookups = deviceLookups(harness.simulator.requests);
      assert.equal(lookups.length, 3);
      assert.ok(lookups.every((lookup) => lookup.batchId !== undefined));
      assert.ok(lookups.every((lookup) => /^deviceId eq '/.test(lookup.query['$filter'] ?? '')));

      const listing = await harness.deviceListing(userId);
      assert.equal(listing?.source, 'managedDevices');
      assert.equal(listing?.refusal?.status, 403);
      assert.equal(listing?.refusal?.code, 'Authorization_RequestDenied');
      assert.match(harness.logs(), /devices found through Intune managed devices/);
    });

    it('unmatched managed devices are reported, not listed (they cannot be disabled)', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const userId = idOf(TARGETS.intune);
      const devices = await harness.call('listDevices', userId);
      assert.ok(
        devices.every((device) => harness.simulator.tenant.device(device.id) !== undefined),
      );
      const listing = await harness.deviceListing(userId);
      const unmatched = [...(listing?.unmatched ?? [])].sort((a, b) =>
        a.managedDeviceId.localeCompare(b.managedDeviceId),
      );
      assert.deepEqual(unmatched, [
        {
          managedDeviceId: INTUNE_ONLY_DEVICE.id,
          deviceName: INTUNE_ONLY_DEVICE.deviceName,
          operatingSystem: INTUNE_ONLY_DEVICE.operatingSystem,
          azureADDeviceId: '00000000-0000-0000-0000-000000000000',
          reason: 'not-registered',
        },
        {
          managedDeviceId: INTUNE_STALE_DEVICE.id,
          deviceName: INTUNE_STALE_DEVICE.deviceName,
          operatingSystem: INTUNE_STALE_DEVICE.operatingSystem,
          azureADDeviceId: INTUNE_STALE_DEVICE.azureADDeviceId,
          reason: 'not-found',
        },
      ]);
      assert.match(harness.logs(), new RegExp(INTUNE_ONLY_DEVICE.deviceName));
    });

    it('the devices found are disabled through the normal path', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const userId = idOf(TARGETS.intune);
      const devices = await harness.call('listDevices', userId);
      harness.simulator.resetRecording();
      const results = await harness.call(
        'disableDevices',
        devices.map((device) => device.id),
      );
      const byOs = new Map(devices.map((device, i) => [device.operatingSystem, results[i]]));
      assert.equal(byOs.get('Windows')?.ok, true);
      // App-only callers may not disable non-Windows devices: reported per device, as always.
      assert.equal(byOs.get('iOS')?.ok, false);
      const windows = devices.find((device) => device.operatingSystem === 'Windows');
      assert.equal(harness.simulator.tenant.device(windows?.id ?? '')?.accountEnabled, false);
      assert.ok(
        harness.simulator.requests
          .filter((request) => request.method === 'PATCH')
          .every((request) => request.path.startsWith('/devices/')),
      );
    });

    it('findUser: a 403 for the batch listing is worked around as well', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const user = await harness.call('findUser', TARGETS.intune.upn);
      assert.equal(user?.devices.length, 2);
      const listing = await harness.deviceListing(idOf(TARGETS.intune));
      assert.equal(listing?.source, 'managedDevices');
      assert.equal(listing?.unmatched.length, 2);
    });

    it('a 400 for the cast, then a 400 without it, falls back too', async () => {
      harness.simulator.inject({ ...LISTING_REFUSED, status: 400, code: 'BadRequest' });
      const devices = await harness.call('listDevices', idOf(TARGETS.intune));
      assert.equal(devices.length, 2);
      const paths = harness.simulator.requests
        .filter((request) => /Devices/.test(request.path))
        .map((request) => `${request.path.replace(/^\/users\/[^/]+/, '')} ${request.status}`);
      assert.deepEqual(paths, [
        '/registeredDevices/microsoft.graph.device 400',
        '/registeredDevices 400',
        '/managedDevices 200',
      ]);
    });

    it('many managed devices: every page, looked up 20 to a batch', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const userId = idOf(TARGETS.manyIntune);
      const devices = await harness.call('listDevices', userId);
      assert.equal(devices.length, 25);
      assert.equal(new Set(devices.map((device) => device.id)).size, 25);
      assert.equal(managedListings(harness.simulator.requests).length, 2);
      const lookups = deviceLookups(harness.simulator.requests);
      assert.equal(lookups.length, 25);
      const perBatch = new Map<string, number>();
      for (const lookup of lookups) {
        perBatch.set(lookup.batchId ?? '', (perBatch.get(lookup.batchId ?? '') ?? 0) + 1);
      }
      assert.deepEqual(
        [...perBatch.values()].sort((a, b) => a - b),
        [5, 20],
      );
    });

    it('the fallback refused as well: the original refusal is the answer', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      harness.simulator.inject({
        method: 'GET',
        path: MANAGED,
        status: 403,
        code: 'Authorization_RequestDenied',
        message: 'Not Intune either.',
      });
      const error = await refusal(harness.call('listDevices', idOf(TARGETS.intune)));
      assert.equal(error.failure.status, 403);
      assert.equal(error.failure.message, LISTING_REFUSED.message);
      assert.match(harness.logs(), /refused the registered-devices listing and the managed/);
    });
  });

  describe('without an Intune permission', () => {
    let harness: Harness;

    before(async () => {
      harness = await startHarness({ retryPolicy: POLICY });
    });
    after(async () => {
      await harness?.stop();
    });

    it('both refused: the original refusal, as before the fallback', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const error = await refusal(harness.call('listDevices', idOf(TARGETS.helpdesk)));
      assert.equal(error.failure.status, 403);
      assert.equal(error.failure.message, LISTING_REFUSED.message);
      const [managed] = managedListings(harness.simulator.requests);
      assert.equal(managed?.status, 403);
    });

    it('findUser: both refused is the original refusal too', async () => {
      harness.simulator.inject(LISTING_REFUSED);
      const error = await refusal(harness.call('findUser', TARGETS.helpdesk.upn));
      assert.equal(error.failure.status, 403);
      assert.equal(error.failure.message, LISTING_REFUSED.message);
    });
  });
});
