import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, DEVICES, startTestSimulator, TestClient, type TestResponse, USERS } from './helpers';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { error?: { code: string; message: string }; [key: string]: unknown };
}

describe('simulator $batch', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator();
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  async function batch(
    requests: unknown[],
  ): Promise<{ status: number; responses: SubResponse[]; body: TestResponse['body'] }> {
    const { status, body } = await client.send('POST', '/v1.0/$batch', {
      token,
      body: { requests },
    });
    return { status, responses: body?.responses ?? [], body };
  }
  const byId = (responses: SubResponse[], id: string) => responses.find((r) => r.id === id);

  it('runs requests of every supported kind and answers each by id', async () => {
    const { status, responses } = await batch([
      {
        id: 'user',
        method: 'GET',
        url: `/users/${encodeURIComponent(USERS.guest.upn)}?$select=id`,
      },
      {
        id: 'disable',
        method: 'PATCH',
        url: `/users/${USERS.responder.id}`,
        headers: JSON_HEADERS,
        body: { accountEnabled: false },
      },
      { id: 'revoke', method: 'POST', url: `/users/${USERS.responder.id}/revokeSignInSessions` },
      {
        id: 'devices',
        method: 'GET',
        url: `${sim.origin}/v1.0/users/${USERS.adele.id}/registeredDevices`,
      },
      {
        id: 'device',
        method: 'PATCH',
        url: `/v1.0/devices/${DEVICES.adeleIphone}`,
        headers: JSON_HEADERS,
        body: { accountEnabled: false },
      },
    ]);
    assert.equal(status, 200);
    assert.equal(byId(responses, 'user')?.body?.['id'], USERS.guest.id);
    assert.equal(byId(responses, 'disable')?.status, 204);
    assert.equal(byId(responses, 'disable')?.body, undefined);
    assert.equal(byId(responses, 'revoke')?.body?.['value'], true);
    assert.equal((byId(responses, 'devices')?.body?.['value'] as unknown[]).length, 3);
    assert.equal(byId(responses, 'device')?.status, 403);
    assert.equal(byId(responses, 'device')?.body?.error?.code, 'Authorization_RequestDenied');
    assert.match(byId(responses, 'user')?.headers['Content-Type'] ?? '', /^application\/json/);
    assert.equal(sim.tenant.user(USERS.responder.id)?.accountEnabled, false);
  });

  it('does not answer in request order', async () => {
    const ids = ['1', '2', '3', '4'];
    const { responses } = await batch(
      ids.map((id) => ({ id, method: 'GET', url: `/users/${USERS.adele.id}?$select=id` })),
    );
    assert.deepEqual([...responses.map((r) => r.id)].sort(), ids);
    assert.notDeepEqual(
      responses.map((r) => r.id),
      ids,
    );
  });

  it('honours dependsOn and fails dependants of a failed request with 424', async () => {
    const { responses } = await batch([
      {
        id: 'a',
        method: 'PATCH',
        url: '/users/nobody@contoso.com',
        headers: JSON_HEADERS,
        body: { accountEnabled: false },
      },
      {
        id: 'b',
        method: 'POST',
        url: `/users/${USERS.adele.id}/revokeSignInSessions`,
        dependsOn: ['a'],
      },
      { id: 'c', method: 'GET', url: `/users/${USERS.adele.id}`, dependsOn: ['b'] },
      { id: 'd', method: 'GET', url: `/users/${USERS.adele.id}?$select=id` },
    ]);
    assert.equal(byId(responses, 'a')?.status, 404);
    assert.equal(byId(responses, 'b')?.status, 424);
    assert.equal(byId(responses, 'b')?.body?.error?.code, 'FailedDependency');
    assert.equal(byId(responses, 'c')?.status, 424);
    assert.equal(byId(responses, 'd')?.status, 200);
    assert.equal(
      sim.tenant.user(USERS.adele.id)?.signInSessionsValidFromDateTime,
      '2020-01-01T00:00:00Z',
    );
    const order = sim.requests
      .filter((r) => r.batchItemId !== undefined)
      .slice(-4)
      .map((r) => r.batchItemId);
    assert.ok(
      order.indexOf('a') < order.indexOf('b') && order.indexOf('b') < order.indexOf('c'),
      String(order),
    );
  });

  it('refuses a body without Content-Type in that item only', async () => {
    const { status, responses } = await batch([
      {
        id: '1',
        method: 'PATCH',
        url: `/users/${USERS.adele.id}`,
        body: { accountEnabled: false },
      },
      { id: '2', method: 'GET', url: `/users/${USERS.adele.id}?$select=accountEnabled` },
    ]);
    assert.equal(status, 200);
    assert.equal(byId(responses, '1')?.status, 400);
    assert.match(byId(responses, '1')?.body?.error?.message ?? '', /Content-Type/);
    assert.equal(byId(responses, '2')?.body?.['accountEnabled'], true);
  });

  it('refuses more than 20 requests, duplicate ids, unknown dependencies and bad payloads', async () => {
    const item = (id: string) => ({ id, method: 'GET', url: `/users/${USERS.adele.id}` });
    const tooMany = await batch(Array.from({ length: 21 }, (_, i) => item(String(i))));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.code, 'BadRequest');
    assert.equal((await batch([item('1'), item('1')])).status, 400);
    assert.equal((await batch([{ ...item('1'), dependsOn: ['9'] }])).status, 400);
    assert.equal(
      (
        await batch([
          { ...item('1'), dependsOn: ['2'] },
          { ...item('2'), dependsOn: ['1'] },
        ])
      ).status,
      400,
    );
    assert.equal((await batch([])).status, 400);
    const noRequests = await client.send('POST', '/v1.0/$batch', { token, body: { nope: [] } });
    assert.equal(noRequests.status, 400);
  });

  it('answers a nested $batch and a malformed url inside the batch', async () => {
    const { responses } = await batch([
      {
        id: 'nested',
        method: 'POST',
        url: '/$batch',
        headers: JSON_HEADERS,
        body: { requests: [] },
      },
      { id: 'broken', method: 'GET', url: '/users//x' },
    ]);
    assert.equal(byId(responses, 'nested')?.status, 400);
    assert.equal(byId(responses, 'broken')?.status, 400);
  });
});
