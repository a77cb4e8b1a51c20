import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { APPS, DEVICES, startTestSimulator, TestClient, USERS } from './helpers';

describe('simulator devices', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    sim = await startTestSimulator({ pageSize: 5 });
    client = new TestClient(sim.origin);
    token = await client.token(APPS.bot);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  /** Follows nextLinks to the end, checking that each is an absolute https URL on the simulator. */
  async function allPages(
    first: string,
  ): Promise<{ pages: number; items: Record<string, unknown>[] }> {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = `${sim.origin}/v1.0${first}`;
    let pages = 0;
    while (url !== undefined) {
      assert.ok(url.startsWith(`${sim.origin}/v1.0/`), `absolute nextLink: ${url}`);
      const { status, body } = await client.send('GET', url, { token });
      assert.equal(status, 200);
      items.push(...body.value);
      url = body['@odata.nextLink'];
      pages += 1;
    }
    return { pages, items };
  }

  it('lists registered devices as directoryObjects with device fields', async () => {
    const { status, body } = await client.send(
      'GET',
      `/v1.0/users/${USERS.adele.upn}/registeredDevices`,
      { token },
    );
    assert.equal(status, 200);
    assert.equal(body['@odata.context'], `${sim.origin}/v1.0/$metadata#directoryObjects`);
    assert.equal(body['@odata.nextLink'], undefined);
    assert.deepEqual(body.value[1], {
      '@odata.type': '#microsoft.graph.device',
      id: DEVICES.adeleIphone,
      deviceId: DEVICES.adeleIphone.replace(/^d/, 'e'),
      displayName: "Adele's iPhone",
      operatingSystem: 'iOS',
      operatingSystemVersion: '1.0',
      accountEnabled: true,
    });
    const owned = await client.send(
      'GET',
      `/v1.0/users/${USERS.adele.id}/ownedDevices?$select=id`,
      { token },
    );
    assert.equal(owned.body.value.length, 3);
  });

  it('pages with the default page size through absolute nextLinks carrying $skiptoken', async () => {
    const { pages, items } = await allPages(`/users/${USERS.many.id}/registeredDevices`);
    assert.equal(pages, 3);
    assert.equal(items.length, 12);
    assert.equal(new Set(items.map((d) => d['id'])).size, 12);
  });

  it('honours $top and keeps $select across pages', async () => {
    const { pages, items } = await allPages(
      `/users/${USERS.many.id}/registeredDevices?$select=id,displayName&$top=7`,
    );
    assert.equal(pages, 2);
    assert.deepEqual(Object.keys(items[11] ?? {}), ['@odata.type', 'id', 'displayName']);
    const first = await client.send(
      'GET',
      `/v1.0/users/${USERS.many.id}/registeredDevices?$top=7`,
      { token },
    );
    assert.match(first.body['@odata.nextLink'], /[?&]\$top=7&\$skiptoken=[\w-]+$/);
    const tooBig = await client.send(
      'GET',
      `/v1.0/users/${USERS.many.id}/registeredDevices?$top=1000`,
      { token },
    );
    assert.equal(tooBig.status, 400);
    const badToken = await client.send(
      'GET',
      `/v1.0/users/${USERS.many.id}/registeredDevices?$skiptoken=abc`,
      { token },
    );
    assert.equal(badToken.status, 400);
  });

  it('shows only id and @odata.type without a device read permission', async () => {
    const reader = await client.token(APPS.reader);
    const { status, body } = await client.send(
      'GET',
      `/v1.0/users/${USERS.adele.id}/registeredDevices`,
      { token: reader },
    );
    assert.equal(status, 200);
    assert.deepEqual(body.value[0], {
      '@odata.type': '#microsoft.graph.device',
      id: DEVICES.adeleWindows,
    });
  });

  describe('the cast to microsoft.graph.device', () => {
    const cast = (user: string, rest = '') =>
      `/users/${user}/registeredDevices/microsoft.graph.device${rest}`;

    it('lists the devices with the devices context, selecting device properties', async () => {
      const { status, body } = await client.send(
        'GET',
        `/v1.0${cast(USERS.adele.upn, '?$select=id,displayName,operatingSystem,accountEnabled')}`,
        { token },
      );
      assert.equal(status, 200);
      assert.equal(body['@odata.context'], `${sim.origin}/v1.0/$metadata#devices`);
      assert.deepEqual(body.value[1], {
        '@odata.type': '#microsoft.graph.device',
        id: DEVICES.adeleIphone,
        displayName: "Adele's iPhone",
        operatingSystem: 'iOS',
        accountEnabled: true,
      });
      const owned = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/ownedDevices/microsoft.graph.device`,
        { token },
      );
      assert.equal(owned.body.value.length, 3);
    });

    it('pages through nextLinks that keep the cast and $select', async () => {
      const { pages, items } = await allPages(cast(USERS.many.id, '?$select=id,displayName'));
      assert.equal(pages, 3);
      assert.equal(new Set(items.map((d) => d['id'])).size, 12);
      const first = await client.send('GET', `/v1.0${cast(USERS.many.id)}?$top=7`, { token });
      assert.match(
        first.body['@odata.nextLink'],
        /\/registeredDevices\/microsoft\.graph\.device\?\$top=7&\$skiptoken=[\w-]+$/,
      );
    });

    it('checks $select against the device type', async () => {
      const { status, body } = await client.send(
        'GET',
        `/v1.0${cast(USERS.adele.id, '?$select=id,userPrincipalName')}`,
        { token },
      );
      assert.equal(status, 400);
      assert.equal(
        body.error.message,
        "Could not find a property named 'userPrincipalName' on type 'microsoft.graph.device'.",
      );
    });

    it('answers 400 for an unknown cast type, and keeps serving the un-cast list', async () => {
      const { status, body } = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/registeredDevices/microsoft.graph.gadget`,
        { token },
      );
      assert.equal(status, 400);
      assert.equal(body.error.code, 'BadRequest');
      assert.match(body.error.message, /segment 'microsoft\.graph\.gadget'/);
      const uncast = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/registeredDevices?$select=id,displayName`,
        { token },
      );
      assert.equal(uncast.status, 200);
      assert.equal(uncast.body.value.length, 3);
    });

    it('shows only id and @odata.type without a device read permission', async () => {
      const reader = await client.token(APPS.reader);
      const { body } = await client.send('GET', `/v1.0${cast(USERS.adele.id)}`, {
        token: reader,
      });
      assert.deepEqual(body.value[0], {
        '@odata.type': '#microsoft.graph.device',
        id: DEVICES.adeleWindows,
      });
    });

    it('serves the cast inside a $batch', async () => {
      const { status, body } = await client.send('POST', '/v1.0/$batch', {
        token,
        body: { requests: [{ id: '1', method: 'GET', url: cast(USERS.adele.id, '?$select=id') }] },
      });
      assert.equal(status, 200);
      assert.equal(body.responses[0].status, 200);
      assert.equal(body.responses[0].body.value.length, 3);
    });
  });

  it('disables a Windows device and refuses non-Windows devices with 403', async () => {
    const windows = await client.send('PATCH', `/v1.0/devices/${DEVICES.adeleWindows}`, {
      token,
      body: { accountEnabled: false },
    });
    assert.equal(windows.status, 204);
    assert.equal(sim.tenant.device(DEVICES.adeleWindows)?.accountEnabled, false);
    const read = await client.send(
      'GET',
      `/v1.0/devices/${DEVICES.adeleWindows}?$select=accountEnabled`,
      { token },
    );
    assert.equal(read.body.accountEnabled, false);
    for (const id of [DEVICES.adeleIphone, DEVICES.adeleAndroid]) {
      const { status, body } = await client.send('PATCH', `/v1.0/devices/${id}`, {
        token,
        body: { accountEnabled: false },
      });
      assert.equal(status, 403);
      assert.equal(body.error.code, 'Authorization_RequestDenied');
      assert.equal(body.error.message, 'Insufficient privileges to complete the operation.');
      assert.equal(sim.tenant.device(id)?.accountEnabled, true);
    }
  });

  it('answers 404 for an unknown device and for a deviceId used as object id', async () => {
    const deviceId = DEVICES.adeleWindows.replace(/^d/, 'e');
    const { status, body } = await client.send('PATCH', `/v1.0/devices/${deviceId}`, {
      token,
      body: { accountEnabled: false },
    });
    assert.equal(status, 404);
    assert.equal(body.error.code, 'Request_ResourceNotFound');
  });

  it('needs Device.ReadWrite.All to change a device', async () => {
    const reader = await client.token(APPS.reader);
    const { status } = await client.send('PATCH', `/v1.0/devices/${DEVICES.adeleWindows}`, {
      token: reader,
      body: { accountEnabled: true },
    });
    assert.equal(status, 403);
  });
});
