/**
 * `GET /servicePrincipals/{id}` in the simulator: a consented app's names and verified
 * publisher (null fields when unverified), the seed apps' own service principals, 403 without
 * Application.Read.All or Directory.Read.All, 404 for an unknown id, 400 for one that is no GUID.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../src/simulator';
import { parseTenantSeed, startSimulator } from '../../src/simulator';
import { ATTACKER_APP, FOOTHOLD_APP, footholdSeed, VERIFIED_APP } from './foothold-fixture';
import { APPS, TestClient, testCertificates } from './helpers';

/** Reads service principals and nothing else. */
const APP_READER = {
  clientId: 'a0000000-0000-4000-8000-0000000000c1',
  clientSecret: 'app-reader-secret',
  servicePrincipalId: 'a1000000-0000-4000-8000-0000000000c1',
};

const SELECT = '$select=id,appDisplayName,displayName,verifiedPublisher';

describe('simulator: the consented apps’ service principals', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    const seed = footholdSeed();
    sim = await startSimulator({
      seed: {
        ...seed,
        apps: [
          ...seed.apps,
          {
            ...APP_READER,
            displayName: 'App reader',
            permissions: ['Application.Read.All'],
            directoryRoles: [],
          },
        ],
      },
      tls: testCertificates(),
    });
    client = new TestClient(sim.origin);
    token = await client.token(APP_READER);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const get = (path: string, as = token) => client.send('GET', `/v1.0${path}`, { token: as });

  it('an unverified publisher: names, and a verifiedPublisher of nulls', async () => {
    const { status, body } = await get(`/servicePrincipals/${ATTACKER_APP}?${SELECT}`);
    assert.equal(status, 200);
    const { '@odata.context': context, ...principal } = body;
    assert.match(
      context,
      /\$metadata#servicePrincipals\(id,appDisplayName,displayName,verifiedPublisher\)\/\$entity$/,
    );
    assert.deepEqual(principal, {
      id: ATTACKER_APP,
      appDisplayName: 'Mail Helper',
      displayName: 'Mail Helper',
      verifiedPublisher: { displayName: null, verifiedPublisherId: null, addedDateTime: null },
    });
  });

  it('a verified publisher, by an id in any case; every property without $select', async () => {
    const { status, body } = await get(`/servicePrincipals/${VERIFIED_APP.toUpperCase()}`);
    assert.equal(status, 200);
    assert.equal(body.displayName, 'Zoom');
    assert.equal(body.appDisplayName, 'Zoom for Outlook');
    assert.equal(body.appId, 'e2000000-0000-4000-8000-000000000003');
    assert.equal(body.servicePrincipalType, 'Application');
    assert.deepEqual(body.verifiedPublisher, {
      displayName: 'Zoom Video Communications, Inc.',
      verifiedPublisherId: '6240211',
      addedDateTime: '2021-04-01T00:00:00Z',
    });
  });

  it("a seed app's own service principal, and Directory.Read.All reads it too", async () => {
    const footholdToken = await client.token(FOOTHOLD_APP);
    const { status, body } = await get(
      `/servicePrincipals/${APP_READER.servicePrincipalId}?${SELECT}`,
      footholdToken,
    );
    assert.equal(status, 200);
    assert.equal(body.displayName, 'App reader');
    assert.equal(body.verifiedPublisher.verifiedPublisherId, null);
  });

  it('403 without Application.Read.All or Directory.Read.All; 404 unknown; 400 no GUID', async () => {
    const reader = await client.token(APPS.reader);
    const refused = await get(`/servicePrincipals/${ATTACKER_APP}`, reader);
    assert.deepEqual(
      [refused.status, refused.body.error.code],
      [403, 'Authorization_RequestDenied'],
    );
    const unknown = await get('/servicePrincipals/e1000000-0000-4000-8000-0000000000ff');
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'Request_ResourceNotFound']);
    const malformed = await get('/servicePrincipals/not-a-guid');
    assert.deepEqual([malformed.status, malformed.body.error.code], [400, 'Request_BadRequest']);
    const badSelect = await get(`/servicePrincipals/${ATTACKER_APP}?$select=publisherName`);
    assert.equal(badSelect.status, 400, 'v1.0 has no publisherName');
  });

  it('a seed whose service principal reuses an object id is refused', () => {
    const seed = footholdSeed();
    const clash = { id: seed.users[0]!.id, appId: ATTACKER_APP, displayName: 'Clash' };
    assert.throws(
      () => parseTenantSeed({ ...seed, servicePrincipals: [clash] }),
      /servicePrincipals\[0\]\.id: duplicate object id/,
    );
  });
});
