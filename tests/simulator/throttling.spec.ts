import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { TokenBuckets } from '../../src/simulator/throttling';
import { APPS, startTestSimulator, TestClient, USERS } from './helpers';

const TENANT = 'tenant-1';

describe('simulator token buckets', () => {
  let clock = 0;
  const buckets = (options: Partial<ConstructorParameters<typeof TokenBuckets>[0]> = {}) =>
    new TokenBuckets({ capacity: 5, refillPerSecond: 2, ...options }, () => clock);
  beforeEach(() => (clock = 1_000));

  it('charges a read 1 and a write 2 by default, and refuses what it cannot pay', () => {
    const b = buckets();
    assert.equal(b.charge('app', TENANT, 'PATCH', 'request'), undefined);
    assert.equal(b.charge('app', TENANT, 'POST', 'request'), undefined);
    assert.equal(b.charge('app', TENANT, 'GET', 'request'), undefined);
    assert.equal(b.tokens('app', TENANT), 0);
    const refused = b.charge('app', TENANT, 'GET', 'request');
    assert.equal(refused?.status, 429);
    assert.equal(refused?.code, 'TooManyRequests');
    assert.equal(b.tokens('app', TENANT), 0, 'a refused request takes nothing');
    assert.equal(b.throttled, 1);
  });

  it('answers Retry-After as the time until enough tokens are back: whole seconds or fractional', () => {
    const whole = buckets({ capacity: 2, refillPerSecond: 4 });
    whole.charge('app', TENANT, 'DELETE', 'request');
    // 2 tokens at 4 per second: 0.5 s, which Graph would round up to 1.
    assert.equal(whole.charge('app', TENANT, 'DELETE', 'request')?.headers['Retry-After'], '1');
    const fractional = buckets({ capacity: 2, refillPerSecond: 4, retryAfter: 'fractional' });
    fractional.charge('app', TENANT, 'DELETE', 'request');
    clock += 100; // 0.4 tokens back: 1.6 to go, 0.4 s
    const refused = fractional.charge('app', TENANT, 'DELETE', 'request');
    assert.equal(refused?.headers['Retry-After'], '0.4');
    clock += 400;
    assert.equal(fractional.charge('app', TENANT, 'DELETE', 'request'), undefined);
  });

  it('refills at the rate, never beyond the capacity', () => {
    const b = buckets();
    b.charge('app', TENANT, 'PATCH', 'request');
    b.charge('app', TENANT, 'PATCH', 'request');
    assert.equal(b.tokens('app', TENANT), 1);
    clock += 1_000;
    assert.equal(b.tokens('app', TENANT), 3);
    clock += 60_000;
    assert.equal(b.tokens('app', TENANT), 5);
  });

  it('keeps one bucket per app and tenant, and reset fills them all', () => {
    const b = buckets({ capacity: 2 });
    b.charge('app', TENANT, 'PATCH', 'request');
    assert.equal(b.tokens('app', TENANT), 0);
    assert.equal(b.tokens('other-app', TENANT), 2);
    assert.equal(b.tokens('app', 'tenant-2'), 2);
    b.charge('app', TENANT, 'PATCH', 'request');
    b.reset();
    assert.equal(b.tokens('app', TENANT), 2);
    assert.equal(b.throttled, 0);
  });

  it('takes configurable costs; the batch envelope is free unless priced', () => {
    const b = buckets({ readCost: 2, writeCost: 3 });
    assert.equal(b.charge('app', TENANT, 'POST', 'batch'), undefined);
    assert.equal(b.tokens('app', TENANT), 5);
    b.charge('app', TENANT, 'GET', 'request');
    assert.equal(b.tokens('app', TENANT), 3);
    b.charge('app', TENANT, 'PATCH', 'request');
    assert.equal(b.tokens('app', TENANT), 0);
    const priced = buckets({ batchCost: 1 });
    priced.charge('app', TENANT, 'POST', 'batch');
    assert.equal(priced.tokens('app', TENANT), 4);
  });

  it('refuses numbers that cannot work', () => {
    assert.throws(() => buckets({ capacity: 0 }), /capacity/);
    assert.throws(() => buckets({ refillPerSecond: -1 }), /refillPerSecond/);
    assert.throws(() => buckets({ writeCost: 6 }), /writeCost/);
    assert.throws(() => buckets({ readCost: -1 }), /readCost/);
    assert.throws(() => buckets({ retryAfter: 'minutes' as never }), /retryAfter/);
  });
});

describe('simulator throttling', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  afterEach(() => {
    sim.setThrottling(undefined);
    sim.clearFaults();
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const read = (id: string, as = token) =>
    client.send('GET', `/v1.0/users/${id}?$select=id`, { token: as });
  const write = (id: string, accountEnabled: boolean) =>
    client.send('PATCH', `/v1.0/users/${id}`, { token, body: { accountEnabled } });
  const batch = (requests: readonly unknown[]) =>
    client.send('POST', '/v1.0/$batch', { token, body: { requests } });
  const patchItem = (id: string, userId: string, extra: Record<string, unknown> = {}) => ({
    id,
    method: 'PATCH',
    url: `/users/${userId}`,
    headers: { 'Content-Type': 'application/json' },
    body: { accountEnabled: false },
    ...extra,
  });

  it('is off by default', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => read(USERS.adele.id)));
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
  });

  it('answers 429 TooManyRequests with Retry-After once the bucket is empty, changing nothing', async () => {
    // Slow enough that nothing comes back during the test.
    sim.setThrottling({ capacity: 3, refillPerSecond: 0.01 });
    assert.equal((await write(USERS.helpdesk.id, false)).status, 204);
    assert.equal((await read(USERS.adele.id)).status, 200);
    const refused = await write(USERS.responder.id, false);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'TooManyRequests');
    assert.equal(refused.headers['retry-after'], '200', '2 tokens at 0.01 per second');
    assert.equal(sim.tenant.user(USERS.responder.id)?.accountEnabled, true);
    const other = await client.token(APPS.reader);
    assert.equal((await read(USERS.adele.id, other)).status, 200, 'another app, another bucket');
    sim.resetThrottling();
    assert.equal((await write(USERS.helpdesk.id, true)).status, 204, 'full again');
  });

  it('charges every batch item on its own; those it cannot pay answer 429 inside the batch', async () => {
    sim.setThrottling({ capacity: 5, refillPerSecond: 0.5, retryAfter: 'fractional' });
    const { status, headers, body } = await batch([
      patchItem('1', USERS.helpdesk.id),
      patchItem('2', USERS.responder.id),
      patchItem('3', USERS.guest.id),
      { id: '4', method: 'GET', url: `/users/${USERS.adele.id}?$select=id` },
    ]);
    assert.equal(status, 200);
    assert.equal(headers['retry-after'], undefined);
    const byId = new Map(body.responses.map((r: { id: string }) => [r.id, r]));
    const item = (id: string) =>
      byId.get(id) as { status: number; headers: Record<string, string> };
    assert.equal(item('1').status, 204);
    assert.equal(item('2').status, 204);
    // One token left: the third write waits for one more (2 s at 0.5 per second), the read passes.
    assert.equal(item('3').status, 429);
    const retryAfter = Number(item('3').headers['Retry-After']);
    assert.ok(retryAfter > 1.9 && retryAfter <= 2, `Retry-After ${retryAfter}`);
    assert.equal(item('4').status, 200);
    assert.equal(sim.tenant.user(USERS.guest.id)?.accountEnabled, true);
  });

  it('stops a dependsOn chain at the item it cannot pay: the rest answer 424, unpaid', async () => {
    sim.setThrottling({ capacity: 2, refillPerSecond: 0.01 });
    const { body } = await batch([
      patchItem('1', USERS.helpdesk.id),
      patchItem('2', USERS.responder.id, { dependsOn: ['1'] }),
      patchItem('3', USERS.guest.id, { dependsOn: ['2'] }),
    ]);
    const statuses = Object.fromEntries(
      body.responses.map((r: { id: string; status: number }) => [r.id, r.status]),
    );
    assert.deepEqual(statuses, { '1': 204, '2': 429, '3': 424 });
  });

  it('answers the whole batch 429 when its envelope is priced and cannot be paid', async () => {
    sim.setThrottling({ capacity: 3, refillPerSecond: 0.01, batchCost: 1 });
    assert.equal((await write(USERS.helpdesk.id, false)).status, 204);
    assert.equal((await read(USERS.adele.id)).status, 200);
    const { status, headers } = await batch([patchItem('1', USERS.helpdesk.id)]);
    assert.equal(status, 429);
    assert.ok(headers['retry-after']);
  });

  it('keeps injected faults working: a faulted request is answered by its rule, unpaid', async () => {
    sim.setThrottling({ capacity: 2, refillPerSecond: 0.01 });
    sim.inject({ method: 'PATCH', status: 429, retryAfterSeconds: 7, times: 1 });
    const faulted = await write(USERS.helpdesk.id, false);
    assert.equal(faulted.headers['retry-after'], '7');
    assert.equal((await write(USERS.helpdesk.id, false)).status, 204, 'the bucket was still full');
  });
});
