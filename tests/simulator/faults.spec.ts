import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, TestClient, USERS } from './helpers';

describe('simulator fault and latency injection', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  afterEach(() => {
    sim.clearFaults();
    sim.setLatency(0);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const disable = (id: string) =>
    client.send('PATCH', `/v1.0/users/${id}`, { token, body: { accountEnabled: false } });

  it('answers an injected 429 with Retry-After at top level, before any state change', async () => {
    sim.inject({
      method: 'PATCH',
      path: /^\/users\//,
      status: 429,
      retryAfterSeconds: 7,
      times: 2,
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const { status, headers, body } = await disable(USERS.adele.id);
      assert.equal(status, 429);
      assert.equal(headers['retry-after'], '7');
      assert.equal(body.error.code, 'TooManyRequests');
      assert.equal(sim.tenant.user(USERS.adele.id)?.accountEnabled, true);
    }
    assert.equal((await disable(USERS.adele.id)).status, 204, 'the rule is used up');
  });

  it('answers a 429 inside a batch with its own Retry-After, the batch itself 200', async () => {
    sim.inject({
      path: new RegExp(`^/users/${USERS.helpdesk.id}$`),
      status: 429,
      retryAfterSeconds: 3,
      scope: 'batch-item',
    });
    const { status, headers, body } = await client.send('POST', '/v1.0/$batch', {
      token,
      body: {
        requests: [
          {
            id: '1',
            method: 'PATCH',
            url: `/users/${USERS.helpdesk.id}`,
            headers: { 'Content-Type': 'application/json' },
            body: { accountEnabled: false },
          },
          { id: '2', method: 'GET', url: `/users/${USERS.responder.id}?$select=id` },
        ],
      },
    });
    assert.equal(status, 200);
    assert.equal(headers['retry-after'], undefined);
    const throttled = body.responses.find((r: { id: string }) => r.id === '1');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['Retry-After'], '3');
    assert.equal(throttled.body.error.code, 'TooManyRequests');
    assert.equal(body.responses.find((r: { id: string }) => r.id === '2').status, 200);
    assert.equal(sim.tenant.user(USERS.helpdesk.id)?.accountEnabled, true);
    // scope 'batch-item' leaves top-level requests alone
    assert.equal(
      (await client.send('GET', `/v1.0/users/${USERS.helpdesk.id}`, { token })).status,
      200,
    );
  });

  it('can fail the $batch request itself, and uses custom codes and messages', async () => {
    sim.inject({
      path: /^\/\$batch$/,
      status: 503,
      code: 'serviceNotAvailable',
      message: 'Try later.',
      scope: 'top-level',
      times: 1,
    });
    const { status, body } = await client.send('POST', '/v1.0/$batch', {
      token,
      body: { requests: [{ id: '1', method: 'GET', url: `/users/${USERS.adele.id}` }] },
    });
    assert.equal(status, 503);
    assert.deepEqual([body.error.code, body.error.message], ['serviceNotAvailable', 'Try later.']);
  });

  it('throttles at random with a probability', async () => {
    sim.inject({ status: 429, probability: 0 });
    assert.equal(
      (await client.send('GET', `/v1.0/users/${USERS.adele.id}`, { token })).status,
      200,
    );
    sim.clearFaults();
    sim.inject({ status: 500, probability: 1 });
    assert.equal(
      (await client.send('GET', `/v1.0/users/${USERS.adele.id}`, { token })).status,
      500,
    );
    assert.throws(
      () => sim.inject({ status: 429, probability: 2 }),
      /probability must be between 0 and 1/,
    );
  });

  it('adds latency once per top-level request, a $batch counting once', async () => {
    sim.setLatency(150);
    let started = Date.now();
    await client.send('GET', `/v1.0/users/${USERS.adele.id}`, { token });
    assert.ok(Date.now() - started >= 140, 'single request delayed');
    const trips = sim.roundTrips;
    started = Date.now();
    await client.send('POST', '/v1.0/$batch', {
      token,
      body: {
        requests: ['1', '2', '3', '4'].map((id) => ({
          id,
          method: 'GET',
          url: `/users/${USERS.adele.id}`,
        })),
      },
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 140 && elapsed < 450, `batch delayed once, took ${elapsed} ms`);
    assert.equal(sim.roundTrips, trips + 1);
    assert.throws(() => sim.setLatency(-1), /non-negative/);
  });
});
