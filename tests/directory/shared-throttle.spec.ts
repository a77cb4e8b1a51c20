/**
 * The shared throttling budget of a transport (src/directory/shared-throttle.ts): its rules on
 * their own, then a GraphDirectory against the simulator's token bucket, many calls at once.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  SharedThrottle,
  type ThrottlePermit,
  throttleSignal,
} from '../../src/directory/shared-throttle';
import { idOf, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

/** Resolves with the permit once granted; `granted()` says whether it has been. */
function request(throttle: SharedThrottle) {
  let permit: ThrottlePermit | undefined;
  const pending = throttle.acquire().then((given) => (permit = given));
  return { pending, granted: () => permit !== undefined };
}

describe('the shared throttle', () => {
  it('reads a 429 and its Retry-After, top-level or in the items of a $batch answer', () => {
    assert.deepEqual(throttleSignal(200, undefined, { value: [] }), { throttled: false });
    assert.deepEqual(throttleSignal(429, '2', undefined), {
      throttled: true,
      retryAfterMs: 2000,
      owedMs: 2000,
    });
    assert.deepEqual(throttleSignal(429, undefined, undefined), { throttled: true });
    const batch = {
      responses: [
        { id: '1', status: 204, headers: {} },
        { id: '2', status: 429, headers: { 'Retry-After': '0.02' } },
        { id: '3', status: 429, headers: { 'retry-after': '0.05' } },
        'not an item',
      ],
    };
    assert.deepEqual(throttleSignal(200, undefined, batch), {
      throttled: true,
      retryAfterMs: 20,
      owedMs: 70,
    });
    assert.deepEqual(throttleSignal(200, undefined, { responses: 'nope' }), { throttled: false });
  });

  it('sends nothing before the Retry-After one answer asked for', async () => {
    const throttle = new SharedThrottle();
    const first = await throttle.acquire();
    first.done({ throttled: true, retryAfterMs: 80 });
    const started = performance.now();
    (await throttle.acquire()).done({ throttled: false });
    assert.ok(performance.now() - started >= 75, 'waited for the Retry-After');
  });

  it('after a 429, one request at a time, then one more after each clean answer, paced', async () => {
    const throttle = new SharedThrottle();
    assert.equal(throttle.inFlightLimit, Number.POSITIVE_INFINITY);
    (await throttle.acquire()).done({ throttled: true, retryAfterMs: 30 });
    assert.equal(throttle.inFlightLimit, 1);
    const a = await throttle.acquire();
    const b = request(throttle);
    await sleep(10);
    assert.equal(b.granted(), false, 'the second waits for the first');
    a.done({ throttled: false });
    const answeredAt = performance.now();
    const permit = await b.pending;
    // The last Retry-After over the two that may now go at once.
    assert.ok(performance.now() - answeredAt >= 12, 'paced');
    assert.equal(throttle.inFlightLimit, 2, 'still throttled (someone was waiting): one more');
    permit.done({ throttled: false });
    assert.equal(throttle.inFlightLimit, Number.POSITIVE_INFINITY, 'nothing waits: over');
  });

  it('paces at most maxPaceMs apart, however long the Retry-After (Graph rounds it up)', async () => {
    const throttle = new SharedThrottle({ maxPaceMs: 40 });
    (await throttle.acquire()).done({ throttled: true, retryAfterMs: 200 });
    const a = await throttle.acquire();
    const b = request(throttle);
    a.done({ throttled: false });
    const answeredAt = performance.now();
    (await b.pending).done({ throttled: false });
    const waited = performance.now() - answeredAt;
    // 40 ms over the two that may now go at once, not 200 ms.
    assert.ok(waited >= 15 && waited < 80, `waited ${waited.toFixed(0)} ms`);
  });

  it('goes back to full speed after a quiet while, and does not wait out a Retry-After beyond its budget', async () => {
    const throttle = new SharedThrottle({ quietMs: 30, maxPauseMs: 1_000 });
    (await throttle.acquire()).done({ throttled: true, retryAfterMs: 120_000 });
    assert.ok(throttle.pausedUntilMs < Date.now(), 'no pause for a wait nobody can afford');
    assert.equal(throttle.inFlightLimit, 1);
    await sleep(40);
    assert.equal(throttle.inFlightLimit, Number.POSITIVE_INFINITY);
  });

  it('frees the slot of a request that got no answer', async () => {
    const throttle = new SharedThrottle();
    (await throttle.acquire()).done({ throttled: true });
    const lost = await throttle.acquire();
    const next = request(throttle);
    lost.done(undefined);
    lost.done(undefined); // a second call changes nothing
    (await next.pending).done({ throttled: false });
    assert.equal(throttle.inFlightLimit, Number.POSITIVE_INFINITY);
  });
});

describe("GraphDirectory against the simulator's token bucket (real SDK, TLS)", function () {
  this.timeout(60_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({});
    // The token, once, before the bucket is on.
    await harness.call('findUser', TARGETS.ordered.upn);
  });
  after(async () => {
    await harness?.stop();
  });

  it('many concurrent calls through one directory all complete under the bucket', async () => {
    const { simulator } = harness;
    const many = [TARGETS.manyIntune, TARGETS.staggered];
    const devices = (
      await Promise.all(many.map((target) => harness.call('listDevices', idOf(target))))
    ).flatMap((list) => list.map((device) => device.id));
    assert.ok(devices.length >= 25);
    // Every user read back four times over: that many GETs at once, each its own round trip.
    const users = Object.values(TARGETS).flatMap((target) => Array(4).fill(idOf(target)));
    // 10 tokens, 200 back per second: far less than the calls below need at once. A round trip
    // of 20 ms, as to Graph (the loopback alone is far quicker than any bucket's refill).
    simulator.setThrottling({ capacity: 10, refillPerSecond: 200, retryAfter: 'fractional' });
    simulator.setLatency(20);
    simulator.resetRecording();
    const [readBacks, written] = await Promise.all([
      Promise.all(users.map((id: string) => harness.call('readBack', id))),
      Promise.all(
        devices.map((id, i) => sleep(i % 5).then(() => harness.call('disableDevices', [id]))),
      ),
    ]);
    simulator.setLatency(0);
    assert.equal(readBacks.length, users.length);
    const results = written.flat();
    const failed = results.filter((result) => !result.ok);
    assert.deepEqual(failed, [], 'every write went through');
    const throttled = simulator.requests.filter((r) => r.status === 429).length;
    assert.ok(throttled > 0, 'the bucket did throttle');
    // Each call hitting the bucket and backing off on its own got about 300 429s here (2.6 a
    // call); waiting together, about 150.
    const calls = users.length + devices.length;
    assert.ok(throttled < 2 * calls, `${throttled} 429s for ${calls} calls`);
  });
});
