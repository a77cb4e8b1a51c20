import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, TestClient, USERS } from './helpers';

describe('simulator request timing', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator({ latencyMs: 20 });
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const read = () => client.send('GET', `/v1.0/users/${USERS.adele.id}?$select=id`, { token });

  it('times each request on the high-resolution clock, the added latency included', async () => {
    sim.resetRecording();
    const before = performance.now();
    await read();
    await read();
    const [first, second] = sim.requests;
    assert.ok(first?.timing && second?.timing);
    assert.ok(first.timing.startedAt >= before);
    assert.ok(first.timing.endedAt - first.timing.startedAt >= 19, 'the latency is inside');
    assert.ok(second.timing.startedAt >= first.timing.endedAt, 'one after the other');
  });

  it('tells requests in flight together apart from requests one after the other', async () => {
    sim.resetRecording();
    await Promise.all([read(), read()]);
    const [a, b] = sim.requests;
    assert.ok(a?.timing && b?.timing);
    assert.ok(b.timing.startedAt < a.timing.endedAt, 'the second arrived before the first ended');
  });

  it('times batch items too, within their batch', async () => {
    sim.resetRecording();
    await client.send('POST', '/v1.0/$batch', {
      token,
      body: { requests: [{ id: '1', method: 'GET', url: `/users/${USERS.adele.id}?$select=id` }] },
    });
    const [batch, item] = sim.requests;
    assert.ok(batch?.timing && item?.timing);
    assert.equal(item.batchId, batch.requestId);
    assert.ok(item.timing.startedAt >= batch.timing.startedAt);
    assert.ok(item.timing.endedAt <= batch.timing.endedAt);
  });
});
