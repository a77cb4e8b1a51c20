/**
 * Devices are listed through the OData cast `registeredDevices/microsoft.graph.device`, as
 * Graph's schema describes. When Graph answers 400 to the cast, the look-up, the account batch's
 * prefetch and listDevices fall back to the un-cast form; other refusals are not a reason to.
 */
import assert from 'node:assert/strict';
import type { AccountOperation } from '../../src/lockdown/directory';
import { DirectoryError } from '../../src/lockdown/directory';
import type { RecordedRequest } from '../../src/simulator';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 3, maxWaitMs: 2_000, baseDelayMs: 10, maxBackoffMs: 50 };
const CAST = /\/registeredDevices\/microsoft\.graph\.device$/;
const UNCAST = /\/registeredDevices$/;
const CAST_REFUSED = {
  method: 'GET',
  path: CAST,
  status: 400,
  code: 'BadRequest',
  message: "Resource not found for the segment 'microsoft.graph.device'.",
} as const;

/** How a device listing request went: `cast 400`, `uncast 200`, ... (batch items marked). */
function listings(requests: readonly RecordedRequest[]): string[] {
  return requests
    .filter((request) => CAST.test(request.path) || UNCAST.test(request.path))
    .map((request) => {
      const form = CAST.test(request.path) ? 'cast' : 'uncast';
      return `${request.batchId ? 'batch ' : ''}${form} ${request.status}`;
    });
}

describe('device listing: the cast, and the un-cast fallback after a 400', function () {
  this.timeout(30_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY });
  });
  after(async () => {
    await harness?.stop();
  });
  beforeEach(() => {
    harness.simulator.clearFaults();
    harness.simulator.resetRecording();
  });

  it('asks through the cast, selecting device properties, when Graph takes it', async () => {
    const devices = await harness.call('listDevices', idOf(TARGETS.helpdesk));
    assert.deepEqual(
      devices.map((device) => device.operatingSystem),
      ['Windows', 'iOS'],
    );
    const [request] = harness.simulator.requests;
    assert.match(request?.path ?? '', CAST);
    assert.equal(request?.query['$select'], 'id,displayName,operatingSystem,accountEnabled');
  });

  it('findUser: a 400 for the cast in the batch is followed by the un-cast pages', async () => {
    harness.simulator.inject(CAST_REFUSED);
    const user = await harness.call('findUser', TARGETS.fifty.upn);
    assert.equal(user?.devices.length, 50);
    assert.equal(new Set(user?.devices.map((device) => device.id)).size, 50);
    assert.deepEqual(listings(harness.simulator.requests), [
      'batch cast 400',
      'uncast 200',
      'uncast 200',
      'uncast 200',
    ]);
    assert.match(harness.logs(), /graph refused the device cast/);
  });

  it('listDevices: a 400 for the cast is asked again without it', async () => {
    harness.simulator.inject(CAST_REFUSED);
    const devices = await harness.call('listDevices', idOf(TARGETS.helpdesk));
    assert.equal(devices.length, 2);
    assert.deepEqual(listings(harness.simulator.requests), ['cast 400', 'uncast 200']);
  });

  it("the account batch's prefetch refused: the writes stand, listDevices falls back", async () => {
    harness.simulator.inject(CAST_REFUSED);
    const target = TARGETS.ordered;
    const operations: AccountOperation[] = [
      { kind: 'disable-account' },
      { kind: 'revoke-sessions' },
    ];
    const results = await harness.call('runAccountOperations', idOf(target), operations);
    assert.ok(
      results.every((result) => result.ok),
      JSON.stringify(results),
    );
    const devices = await harness.call('listDevices', idOf(target));
    assert.equal(devices.length, 2);
    assert.deepEqual(listings(harness.simulator.requests), [
      'batch cast 400',
      'cast 400',
      'uncast 200',
    ]);
  });

  it('a refusal other than 400 (403) does not drop the cast; without Intune it is the answer', async () => {
    harness.simulator.inject({ ...CAST_REFUSED, status: 403, code: 'Authorization_RequestDenied' });
    const error = await harness.call('listDevices', idOf(TARGETS.helpdesk)).then(
      () => assert.fail('expected a refusal'),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof DirectoryError);
    assert.equal(error.failure.status, 403);
    // The managed-devices fallback (managed-device-fallback.spec.ts) was refused: no Intune grant.
    assert.deepEqual(listings(harness.simulator.requests), ['cast 403']);
  });

  it('when the fallback is refused as well, its refusal is the answer', async () => {
    harness.simulator.inject(CAST_REFUSED);
    harness.simulator.inject({ ...CAST_REFUSED, path: UNCAST, message: 'Not today.' });
    const error = await harness.call('listDevices', idOf(TARGETS.helpdesk)).then(
      () => assert.fail('expected a refusal'),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof DirectoryError);
    assert.equal(error.failure.status, 400);
    assert.equal(error.failure.message, 'Not today.');
    assert.deepEqual(listings(harness.simulator.requests), ['cast 400', 'uncast 400']);
  });
});
