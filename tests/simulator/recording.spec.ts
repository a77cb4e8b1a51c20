import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, startTestSimulator, TestClient, USERS } from './helpers';

describe('simulator request recording', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  beforeEach(() => sim.resetRecording());
  after(async () => {
    client.close();
    await sim.close();
  });

  it('records top-level requests with decoded path, query, status and redacted password', async () => {
    await client.send(
      'GET',
      `/v1.0/users/${encodeURIComponent(USERS.guest.upn)}?$select=id,displayName`,
      { token },
    );
    await client.send('PATCH', `/v1.0/users/${USERS.adele.id}`, {
      token,
      body: { passwordProfile: { password: 'Secret-Pass-1', forceChangePasswordNextSignIn: true } },
    });
    const [lookup, reset] = sim.requests;
    assert.equal(sim.requests.length, 2);
    assert.equal(lookup?.method, 'GET');
    assert.equal(lookup?.path, `/users/${USERS.guest.upn}`);
    assert.deepEqual(lookup?.query, { $select: 'id,displayName' });
    assert.equal(lookup?.status, 200);
    assert.equal(lookup?.batchId, undefined);
    assert.deepEqual(reset?.body, {
      passwordProfile: { password: '[redacted]', forceChangePasswordNextSignIn: true },
    });
    assert.equal(reset?.status, 204);
    assert.ok((reset?.at ?? 0) >= (lookup?.at ?? Infinity));
    assert.deepEqual(sim.passwordsReceived, [
      { userId: USERS.adele.id, password: 'Secret-Pass-1' },
    ]);
    assert.ok(!JSON.stringify(sim.requests).includes('Secret-Pass-1'));
    assert.equal(sim.roundTrips, 2);
  });

  it('records batch sub-requests with the batch request-id, redacting their passwords too', async () => {
    const { headers } = await client.send('POST', '/v1.0/$batch', {
      token,
      body: {
        requests: [
          {
            id: 'reset',
            method: 'PATCH',
            url: `/users/${USERS.helpdesk.upn}`,
            headers: { 'Content-Type': 'application/json' },
            body: { passwordProfile: { password: 'Batch-Pass-2' } },
          },
          {
            id: 'revoke',
            method: 'POST',
            url: `/users/${USERS.helpdesk.id}/revokeSignInSessions`,
            dependsOn: ['reset'],
          },
        ],
      },
    });
    assert.equal(sim.roundTrips, 1);
    assert.deepEqual(
      sim.requests.map((r) => [r.method, r.path, r.batchItemId, r.status]),
      [
        ['POST', '/$batch', undefined, 200],
        ['PATCH', `/users/${USERS.helpdesk.upn}`, 'reset', 204],
        ['POST', `/users/${USERS.helpdesk.id}/revokeSignInSessions`, 'revoke', 200],
      ],
    );
    const batchId = headers['request-id'];
    assert.ok(sim.requests.slice(1).every((r) => r.batchId === batchId));
    assert.equal(sim.requests[0]?.requestId, batchId);
    assert.ok(!JSON.stringify(sim.requests).includes('Batch-Pass-2'));
    assert.deepEqual(sim.passwordsReceived, [
      { userId: USERS.helpdesk.id, password: 'Batch-Pass-2' },
    ]);
  });

  it('records refused requests too, and excludes token requests', async () => {
    await client.token(APPS.bot);
    await client.send('GET', `/v1.0/users/${USERS.adele.id}`);
    assert.deepEqual(
      sim.requests.map((r) => r.status),
      [401],
    );
    assert.equal(sim.tokensIssued, 1);
    sim.resetRecording();
    assert.deepEqual(
      [sim.requests.length, sim.roundTrips, sim.tokensIssued, sim.passwordsReceived.length],
      [0, 0, 0, 0],
    );
  });
});
