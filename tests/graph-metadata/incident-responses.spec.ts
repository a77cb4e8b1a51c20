/**
 * The simulator's answer to an incident comment is Graph v1.0's: the bot's own request (from the
 * catalog) is accepted, and the answer is the incident's `comments`, a collection of
 * `microsoft.graph.security.alertComment` whose `@odata.context` resolves to that property.
 */
import assert from 'node:assert/strict';
import { everyRequest, ID_SAMPLE } from '../../src/directory/request-catalog';
import { type RunningSimulator, startSimulator, type TenantSeed } from '../../src/simulator';
import { TestClient, testCertificates, testSeed } from '../simulator/helpers';
import { graphV1Subset } from './csdl';
import { checkRequest } from './request-check';
import { checkValue } from './value-check';

const APP = {
  clientId: 'a0000000-0000-4000-8000-0000000000e9',
  clientSecret: 'incident-metadata-secret',
  displayName: 'Incident metadata',
  permissions: ['SecurityIncident.ReadWrite.All'],
  directoryRoles: [],
};

describe("an incident comment's answer is Graph v1.0's (vendored CSDL subset)", () => {
  const model = graphV1Subset();
  let sim: RunningSimulator;
  let client: TestClient;
  let token: string;

  before(async () => {
    const base = testSeed();
    const seed: TenantSeed = {
      ...base,
      apps: [...base.apps, APP],
      incidents: [{ id: ID_SAMPLE.incidentId, displayName: 'Sample incident' }],
    };
    sim = await startSimulator({ seed, tls: testCertificates() });
    client = new TestClient(sim.origin);
    token = await client.token(APP);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it('the collection of alertComment the POST appended to', async () => {
    const request = everyRequest(ID_SAMPLE).commentOnIncident;
    const answer = await client.send(request.method, `/v1.0${request.url}`, {
      token,
      body: request.body,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    // `security/incidents('3962396')/comments`: the key in OData's form, as a segment here.
    const fragment = String(answer.body['@odata.context']).split('$metadata#')[1] ?? '';
    const path = `/${fragment.replace(/\('([^']*)'\)/g, '/$1')}`;
    const context = checkRequest(model, { method: 'GET', url: path });
    assert.deepEqual(context.problems, []);
    assert.deepEqual(context.target, {
      kind: 'values',
      type: 'microsoft.graph.security.alertComment',
    });
    const problems: string[] = [];
    checkValue(
      model,
      { type: context.target.type, collection: true },
      answer.body.value,
      'value',
      problems,
    );
    assert.deepEqual(problems, []);
    assert.equal(answer.body.value.length, 1);
  });
});
