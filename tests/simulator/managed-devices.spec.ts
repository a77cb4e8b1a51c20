/**
 * The routes of the managed-devices fallback: a user's Intune managed devices, directory devices
 * found by `deviceId`, a registered-devices listing made to answer 403, and re-enabling devices.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import {
  ADELE_INTUNE_ONLY,
  APPS,
  DEVICES,
  startTestSimulator,
  TestClient,
  TENANT_ID,
  USERS,
} from './helpers';

const deviceIdOf = (objectId: string): string => objectId.replace(/^d/, 'e');

describe('simulator managed devices and device look-ups', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let bot: string;
  let intune: string;

  before(async () => {
    sim = await startTestSimulator({ pageSize: 5 });
    client = new TestClient(sim.origin);
    bot = await client.token(APPS.bot);
    intune = await client.token(APPS.intune);
  });
  after(async () => {
    client.close();
    await sim.close();
  });
  afterEach(() => {
    sim.clearFaults();
  });

  describe('GET /users/{id}/managedDevices', () => {
    it("lists the user's registered devices as managed devices, then Intune-only ones", async () => {
      const { status, body } = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.upn}/managedDevices`,
        { token: intune },
      );
      assert.equal(status, 200);
      assert.match(body['@odata.context'], /\/v1\.0\/\$metadata#users\('.+'\)\/managedDevices$/);
      const devices = body.value as Record<string, unknown>[];
      assert.deepEqual(
        devices.map((device) => [device['deviceName'], device['operatingSystem']]),
        [
          ['ADELE-LAPTOP', 'Windows'],
          ["Adele's iPhone", 'iOS'],
          ['Adele-Pixel', 'Android'],
          [ADELE_INTUNE_ONLY.deviceName, ADELE_INTUNE_ONLY.operatingSystem],
        ],
      );
      assert.deepEqual(
        devices.map((device) => device['azureADDeviceId']),
        [
          deviceIdOf(DEVICES.adeleWindows),
          deviceIdOf(DEVICES.adeleIphone),
          deviceIdOf(DEVICES.adeleAndroid),
          '00000000-0000-0000-0000-000000000000',
        ],
      );
      // Intune ids are not directory object ids, and stay the same across calls.
      assert.ok(devices.every((device) => sim.tenant.device(String(device['id'])) === undefined));
      assert.equal(devices[3]?.['id'], ADELE_INTUNE_ONLY.id);
      const again = await client.send('GET', `/v1.0/users/${USERS.adele.id}/managedDevices`, {
        token: intune,
      });
      assert.deepEqual(
        again.body.value.map((device: Record<string, unknown>) => device['id']),
        devices.map((device) => device['id']),
      );
    });

    it('honours $select and refuses properties the simulator does not have', async () => {
      const { body } = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/managedDevices?$select=id,azureADDeviceId`,
        { token: intune },
      );
      assert.deepEqual(Object.keys(body.value[0]), ['id', 'azureADDeviceId']);
      assert.match(body['@odata.context'], /managedDevices\(id,azureADDeviceId\)$/);
      const wrong = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/managedDevices?$select=displayName`,
        { token: intune },
      );
      assert.equal(wrong.status, 400);
    });

    it('pages through absolute nextLinks, keeping $select', async () => {
      const ids: string[] = [];
      let url: string | undefined =
        `${sim.origin}/v1.0/users/${USERS.many.id}/managedDevices?$select=id,deviceName`;
      let pages = 0;
      while (url !== undefined) {
        assert.ok(url.startsWith(`${sim.origin}/v1.0/`), url);
        const { status, body } = await client.send('GET', url, { token: intune });
        assert.equal(status, 200);
        assert.ok(body.value.every((d: object) => Object.keys(d).join() === 'id,deviceName'));
        ids.push(...body.value.map((d: Record<string, string>) => d['id']));
        url = body['@odata.nextLink'];
        pages += 1;
      }
      assert.equal(pages, 3);
      assert.equal(new Set(ids).size, 12);
    });

    it('needs DeviceManagementManagedDevices.Read(Write).All', async () => {
      const { status, body } = await client.send(
        'GET',
        `/v1.0/users/${USERS.adele.id}/managedDevices`,
        { token: bot },
      );
      assert.equal(status, 403);
      assert.equal(body.error.code, 'Authorization_RequestDenied');
    });

    it('answers 404 for an unknown user', async () => {
      const { status } = await client.send('GET', `/v1.0/users/${TENANT_ID}/managedDevices`, {
        token: intune,
      });
      assert.equal(status, 404);
    });
  });

  describe("GET /devices?$filter=deviceId eq '...'", () => {
    it('finds the directory device by its deviceId, any case', async () => {
      const filter = encodeURIComponent(
        `deviceId eq '${deviceIdOf(DEVICES.adeleIphone).toUpperCase()}'`,
      );
      const { status, body } = await client.send(
        'GET',
        `/v1.0/devices?$filter=${filter}&$select=id,displayName,operatingSystem,accountEnabled`,
        { token: bot },
      );
      assert.equal(status, 200);
      assert.equal(body['@odata.context'], `${sim.origin}/v1.0/$metadata#devices`);
      assert.deepEqual(body.value, [
        {
          '@odata.type': '#microsoft.graph.device',
          id: DEVICES.adeleIphone,
          displayName: "Adele's iPhone",
          operatingSystem: 'iOS',
          accountEnabled: true,
        },
      ]);
    });

    it('answers an empty page when no device has that deviceId (or for an object id)', async () => {
      for (const id of ['f1000000-0000-4000-8000-000000000009', DEVICES.adeleWindows]) {
        const { status, body } = await client.send(
          'GET',
          `/v1.0/devices?$filter=${encodeURIComponent(`deviceId eq '${id}'`)}`,
          { token: bot },
        );
        assert.equal(status, 200);
        assert.deepEqual(body.value, []);
      }
    });

    it('lists every device without $filter, paged; refuses other filters', async () => {
      const { body } = await client.send('GET', '/v1.0/devices?$select=id', { token: bot });
      assert.equal(body.value.length, 5);
      assert.match(
        body['@odata.nextLink'],
        /^https:\/\/.+\/v1\.0\/devices\?\$select=id&\$skiptoken=/,
      );
      const other = await client.send(
        'GET',
        `/v1.0/devices?$filter=${encodeURIComponent("displayName eq 'ADELE-LAPTOP'")}`,
        { token: bot },
      );
      assert.equal(other.status, 400);
    });

    it('works inside a $batch, and needs a device read permission', async () => {
      const url = `/devices?$filter=${encodeURIComponent(`deviceId eq '${deviceIdOf(DEVICES.adeleWindows)}'`)}`;
      const { body } = await client.send('POST', '/v1.0/$batch', {
        token: bot,
        body: { requests: [{ id: '1', method: 'GET', url }] },
      });
      assert.equal(body.responses[0].status, 200);
      assert.equal(body.responses[0].body.value[0].id, DEVICES.adeleWindows);
      const refused = await client.send('GET', `/v1.0${url}`, { token: intune });
      assert.equal(refused.status, 403);
    });
  });

  it('a fault rule makes the registered-devices listing answer 403, top-level and batched', async () => {
    sim.inject({
      method: 'GET',
      path: /\/registeredDevices(\/microsoft\.graph\.device)?$/,
      status: 403,
      code: 'Authorization_RequestDenied',
    });
    const path = `/users/${USERS.adele.id}/registeredDevices/microsoft.graph.device`;
    const top = await client.send('GET', `/v1.0${path}`, { token: bot });
    assert.equal(top.status, 403);
    assert.equal(top.body.error.code, 'Authorization_RequestDenied');
    const { body } = await client.send('POST', '/v1.0/$batch', {
      token: bot,
      body: { requests: [{ id: '1', method: 'GET', url: path.replace(/\/microsoft.*$/, '') }] },
    });
    assert.equal(body.responses[0].status, 403);
    const managed = await client.send('GET', `/v1.0/users/${USERS.adele.id}/managedDevices`, {
      token: intune,
    });
    assert.equal(managed.status, 200);
  });

  describe('PATCH /devices/{id} accountEnabled: true (undo)', () => {
    it('re-enables a disabled Windows device', async () => {
      for (const accountEnabled of [false, true]) {
        const { status } = await client.send('PATCH', `/v1.0/devices/${DEVICES.adeleWindows}`, {
          token: bot,
          body: { accountEnabled },
        });
        assert.equal(status, 204);
        assert.equal(sim.tenant.device(DEVICES.adeleWindows)?.accountEnabled, accountEnabled);
      }
    });

    it('refuses to re-enable non-Windows devices app-only, like disabling', async () => {
      for (const id of [DEVICES.adeleIphone, DEVICES.adeleAndroid]) {
        const { status, body } = await client.send('PATCH', `/v1.0/devices/${id}`, {
          token: bot,
          body: { accountEnabled: true },
        });
        assert.equal(status, 403);
        assert.equal(body.error.code, 'Authorization_RequestDenied');
      }
    });
  });
});
