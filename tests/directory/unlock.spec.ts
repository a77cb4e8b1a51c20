/**
 * The unlock's writes through GraphDirectory against the Graph simulator (real SDK, real
 * credential, TLS, in a child process): `enable-account` and `enableDevices`, with the same
 * batching, retries and failure mapping as their lockdown counterparts.
 */
import assert from 'node:assert/strict';
import type { AccountOperation, OperationResult } from '../../src/lockdown/directory';
import type { DeviceSummary } from '../../src/lockdown/request';
import type { RecordedRequest } from '../../src/simulator';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };
const BATCH = /^\/\$batch$/;
const UNKNOWN_DEVICE = 'd1000000-0000-4000-8000-00000000ffff';

function failureOf(result: OperationResult | undefined) {
  assert.ok(result && !result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.failure;
}

function receiptOf(result: OperationResult | undefined) {
  assert.ok(result?.ok, `expected a receipt, got ${JSON.stringify(result)}`);
  return result.receipt;
}

describe('GraphDirectory unlock: enable-account and enableDevices (simulator, real SDK, TLS)', function () {
  this.timeout(30_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY });
    // Acquire and cache the token, so round trips count Graph requests only.
    await harness.call('findUser', TARGETS.unavailable.upn);
  });

  after(async () => {
    await harness?.stop();
  });

  beforeEach(() => {
    harness.simulator.setLatency(0);
    harness.simulator.clearFaults();
    harness.simulator.resetRecording();
  });

  /** The `$batch` sub-requests, in arrival order. */
  function items(): RecordedRequest[] {
    return harness.simulator.requests.filter((request) => request.batchId !== undefined);
  }

  function batchCount(): number {
    return new Set(items().map((request) => request.batchId)).size;
  }

  describe('runAccountOperations with enable-account', () => {
    it('re-enables a disabled user in one round trip; the reads the unlock makes next ride along', async () => {
      const id = idOf(TARGETS.locked);
      assert.equal(harness.simulator.tenant.user(id)?.accountEnabled, false);
      const [result, ...more] = await harness.call('runAccountOperations', id, [
        { kind: 'enable-account' },
      ]);
      assert.equal(more.length, 0);
      assert.match(receiptOf(result).requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(harness.simulator.tenant.user(id)?.accountEnabled, true);
      assert.deepEqual(
        items().map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)} ${r.status}`),
        [
          `PATCH /users/${id} {"accountEnabled":true} 204`,
          `GET /users/${id} null 200`,
          `GET /users/${id}/registeredDevices/microsoft.graph.device null 200`,
        ],
      );
      // The device step lists the devices, the verify step reads the account: both were read in
      // the same batch, after the write, so neither makes a round trip.
      const devices = await harness.call('listDevices', id);
      assert.equal(devices.length, TARGETS.locked.devices.length);
      assert.ok(devices.every((device) => !device.accountEnabled));
      const observed = await harness.call('readBack', id);
      assert.equal(observed.accountEnabled, true);
      assert.equal(harness.simulator.roundTrips, 1);
      // Taken once: the verify step's second listing asks Graph.
      await harness.call('listDevices', id);
      assert.equal(harness.simulator.roundTrips, 2);
    });

    it('a privileged target: the refusal is a failed result (403), not a throw', async () => {
      const results = await harness.call('runAccountOperations', idOf(TARGETS.globalAdmin), [
        { kind: 'enable-account' },
      ]);
      const failure = failureOf(results[0]);
      assert.equal(`${failure.status} ${failure.code}`, '403 Authorization_RequestDenied');
      assert.match(failure.requestId ?? '', /^[0-9a-f-]{36}$/);
    });
  });

  describe('enableDevices', () => {
    it('re-enables Windows devices; non-Windows (403) and unknown (404) ones are failed results', async () => {
      const devices = await harness.call('listDevices', idOf(TARGETS.locked));
      harness.simulator.resetRecording();
      const ids = [...devices.map((device) => device.id), UNKNOWN_DEVICE];
      const results = await harness.call('enableDevices', ids);

      const expected: Record<string, string> = {
        Windows: 'ok',
        iOS: '403 Authorization_RequestDenied',
        Android: '403 Authorization_RequestDenied',
        MacMDM: '403 Authorization_RequestDenied',
        unknown: '404 Request_ResourceNotFound',
      };
      const osOf = (id: string) => devices.find((d) => d.id === id)?.operatingSystem ?? 'unknown';
      assert.equal(results.length, ids.length);
      ids.forEach((id, index) => {
        const result = results[index];
        const got = result?.ok ? 'ok' : `${result?.failure.status} ${result?.failure.code}`;
        assert.equal(got, expected[osOf(id)], `${osOf(id)} ${id}`);
        if (result && !result.ok) assert.match(result.failure.requestId ?? '', /^[0-9a-f-]{36}$/);
        // Only the Windows devices changed; the refused ones stay as the lockdown left them.
        const device = harness.simulator.tenant.device(id);
        assert.equal(device?.accountEnabled, osOf(id) === 'unknown' ? undefined : got === 'ok');
      });
      assert.equal(harness.simulator.roundTrips, 1, 'one parallel $batch');
      assert.ok(items().every((r) => r.method === 'PATCH'));
      assert.ok(items().every((r) => JSON.stringify(r.body) === '{"accountEnabled":true}'));
    });

    it('25 devices: two batches in flight together; a throttled device is sent again', async () => {
      const devices = await harness.call('listDevices', idOf(TARGETS.lockedMany));
      harness.simulator.resetRecording();
      harness.simulator.setLatency(200);
      harness.simulator.inject({
        method: 'PATCH',
        path: new RegExp(`^/devices/${devices[22]!.id}$`),
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
        scope: 'batch-item',
      });
      const results = await harness.call(
        'enableDevices',
        devices.map((d) => d.id),
      );
      harness.simulator.setLatency(0);
      assert.equal(results.length, 25);
      results.forEach((result) => receiptOf(result));
      assert.ok(devices.every((d) => harness.simulator.tenant.device(d.id)?.accountEnabled));
      assert.equal(harness.simulator.roundTrips, 3, '20 + 5, then the throttled device again');
      const starts = harness.simulator.requests
        .filter((r) => r.path === '/$batch')
        .map((r) => r.at);
      assert.ok(starts[1]! - starts[0]! < 150, 'the two batches were in flight together');
    });

    it('sends nothing for no devices', async () => {
      assert.deepEqual(await harness.call('enableDevices', []), []);
      assert.equal(harness.simulator.roundTrips, 0);
    });
  });

  describe('recorded and retried like the lockdown', () => {
    /** A write of the lockdown and its undo, on the same target, in this order. */
    const cases: readonly {
      readonly name: string;
      readonly enabled: boolean;
      readonly run: (devices: readonly DeviceSummary[]) => Promise<readonly OperationResult[]>;
    }[] = [
      {
        name: 'disable-account',
        enabled: false,
        run: () => accountOperation({ kind: 'disable-account' }),
      },
      {
        name: 'enable-account',
        enabled: true,
        run: () => accountOperation({ kind: 'enable-account' }),
      },
      {
        name: 'disableDevices',
        enabled: false,
        run: (devices) =>
          harness.call(
            'disableDevices',
            devices.map((d) => d.id),
          ),
      },
      {
        name: 'enableDevices',
        enabled: true,
        run: (devices) =>
          harness.call(
            'enableDevices',
            devices.map((d) => d.id),
          ),
      },
    ];

    function accountOperation(operation: AccountOperation) {
      return harness.call('runAccountOperations', idOf(TARGETS.lockedFaults), [operation]);
    }

    for (const { name, enabled, run } of cases) {
      it(`${name}: a reset $batch is sent again; the receipts count the retry; one write each`, async () => {
        const id = idOf(TARGETS.lockedFaults);
        const devices = await harness.call('listDevices', id);
        harness.simulator.resetRecording();
        harness.simulator.inject({ path: BATCH, effect: 'reset', times: 1 });
        const results = await run(devices);
        for (const result of results) assert.equal(receiptOf(result).networkRetries, 1);
        assert.deepEqual(
          harness.simulator.requests.filter((r) => r.path === '/$batch').map((r) => r.network),
          ['reset', undefined],
        );
        assert.equal(batchCount(), 1, 'the reset $batch reached no item');
        const writes = items().filter((r) => r.method === 'PATCH');
        const targets = name.endsWith('Devices')
          ? devices.map((d) => `/devices/${d.id}`)
          : [`/users/${id}`];
        assert.deepEqual(
          writes.map((r) => `${r.path} ${JSON.stringify(r.body)} ${r.status}`),
          targets.map((path) => `${path} {"accountEnabled":${enabled}} 204`),
        );
        const states = name.endsWith('Devices')
          ? devices.map((d) => harness.simulator.tenant.device(d.id)?.accountEnabled)
          : [harness.simulator.tenant.user(id)?.accountEnabled];
        assert.ok(states.every((state) => state === enabled));
      });
    }
  });
});
