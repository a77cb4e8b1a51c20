/**
 * Defender XDR incidents' comments in the simulator: `POST /security/incidents/{id}/comments`
 * appends a comment to a seeded incident and answers every comment of it (Graph v1.0's "Create
 * comment for incident"), top-level or in a `$batch`; 403 without SecurityIncident.ReadWrite.All,
 * 404 for an incident the seed lacks, 400 for a body that is not an alertComment; the seed's
 * incidents are checked.
 */
import assert from 'node:assert/strict';
import {
  parseTenantSeed,
  type RunningSimulator,
  SeedValidationError,
  startSimulator,
  type TenantSeed,
} from '../../src/simulator';
import { TestClient, testCertificates, testSeed } from './helpers';
import { DENIED, errorOf } from './writes-fixture';

const app = (n: number, permissions: string[]) => ({
  clientId: `a0000000-0000-4000-8000-0000000000e${n}`,
  clientSecret: `incident-secret-${n}`,
  displayName: `Incident app ${n}`,
  permissions: ['User.Read.All', ...permissions],
  directoryRoles: [],
});
const WRITER = app(0, ['SecurityIncident.ReadWrite.All']);
const READER = app(1, ['SecurityIncident.Read.All']);

const INCIDENT = '3962396';
const OTHER = '4711';
const comments = (id: string) => `/v1.0/security/incidents/${id}/comments`;
const COMMENT_TYPE = 'microsoft.graph.security.alertComment';

function seed(): TenantSeed {
  const base = testSeed();
  return {
    ...base,
    apps: [...base.apps, WRITER, READER],
    incidents: [
      { id: INCIDENT, displayName: 'Password spray against one user' },
      { id: OTHER, displayName: 'Suspicious inbox rule' },
    ],
  };
}

describe('simulator: Defender XDR incident comments', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let writer: string;
  let reader: string;

  before(async () => {
    sim = await startSimulator({ seed: seed(), tls: testCertificates() });
    client = new TestClient(sim.origin);
    writer = await client.token(WRITER);
    reader = await client.token(READER);
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it('appends the comment and answers every comment of the incident, as Graph documents', async () => {
    const first = await client.send('POST', comments(INCIDENT), {
      token: writer,
      body: { '@odata.type': COMMENT_TYPE, comment: 'Lockdown: Adele contained.' },
    });
    assert.equal(first.status, 200);
    assert.equal(
      first.body['@odata.context'],
      `${sim.origin}/v1.0/$metadata#security/incidents('${INCIDENT}')/comments`,
    );
    assert.deepEqual(Object.keys(first.body.value[0]), [
      'comment',
      'createdByDisplayName',
      'createdDateTime',
    ]);
    assert.equal(first.body.value[0].comment, 'Lockdown: Adele contained.');
    assert.equal(first.body.value[0].createdByDisplayName, WRITER.displayName);
    assert.ok(Math.abs(Date.parse(first.body.value[0].createdDateTime) - Date.now()) < 60_000);

    // Without @odata.type too; the new comment comes last.
    const second = await client.send('POST', comments(INCIDENT), {
      token: writer,
      body: { comment: 'Lockdown: undone.' },
    });
    assert.equal(second.status, 200);
    assert.deepEqual(
      second.body.value.map((c: { comment: string }) => c.comment),
      ['Lockdown: Adele contained.', 'Lockdown: undone.'],
    );
    assert.deepEqual(sim.incidentComments(INCIDENT), second.body.value);
    assert.deepEqual(sim.incidentComments(OTHER), [], 'kept per incident');
    assert.equal(sim.incidentComments('999'), undefined);
  });

  it('in a $batch, like the bot sends its writes', async () => {
    const { status, body } = await client.send('POST', '/v1.0/$batch', {
      token: writer,
      body: {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: `/security/incidents/${OTHER}/comments`,
            headers: { 'Content-Type': 'application/json' },
            body: { '@odata.type': COMMENT_TYPE, comment: 'From a batch.' },
          },
        ],
      },
    });
    assert.equal(status, 200);
    const [item] = body.responses;
    assert.equal(item.status, 200);
    assert.equal(item.body.value[0].comment, 'From a batch.');
    assert.equal(sim.incidentComments(OTHER)?.length, 1);
  });

  it('403 without SecurityIncident.ReadWrite.All (Read.All is not enough); nothing kept', async () => {
    const before = sim.incidentComments(INCIDENT)?.length;
    const refused = await client.send('POST', comments(INCIDENT), {
      token: reader,
      body: { comment: 'x' },
    });
    assert.equal(errorOf(refused), DENIED);
    assert.match(refused.body.error.innerError['request-id'], /^[0-9a-f-]{36}$/);
    assert.equal(sim.incidentComments(INCIDENT)?.length, before);
  });

  it('404 for an incident the tenant does not have, in Graph’s error shape', async () => {
    const missing = await client.send('POST', comments('123456'), {
      token: writer,
      body: { comment: 'x' },
    });
    assert.equal(errorOf(missing), "404 NotFound The incident '123456' was not found.");
    assert.ok(missing.body.error.innerError.date);
  });

  it('400 for a body that is not one alertComment; nothing kept', async () => {
    const before = sim.incidentComments(INCIDENT)?.length;
    const bad = async (body: unknown) =>
      errorOf(await client.send('POST', comments(INCIDENT), { token: writer, body }));
    assert.match(await bad({}), /^400 BadRequest .*'comment', a non-empty string/);
    assert.match(await bad({ comment: '  ' }), /^400 BadRequest .*'comment'/);
    assert.match(await bad({ comment: 'x', text: 'y' }), /^400 BadRequest The property 'text'/);
    assert.match(
      await bad({ '@odata.type': 'microsoft.graph.security.user', comment: 'x' }),
      /^400 BadRequest The @odata.type of a comment must be/,
    );
    assert.match(await bad([{ comment: 'x' }]), /^400 /);
    assert.equal(sim.incidentComments(INCIDENT)?.length, before);
  });

  it('GET on the comments is not implemented: 405', async () => {
    const answer = await client.send('GET', comments(INCIDENT), { token: writer });
    assert.equal(answer.status, 405);
  });

  it('checks the seed: incident ids unique and shaped like ids, names not empty', () => {
    const base = testSeed();
    assert.throws(
      () =>
        parseTenantSeed({
          ...base,
          incidents: [
            { id: '1', displayName: 'A' },
            { id: '1', displayName: 'B' },
            { id: '../x', displayName: 'C' },
            { id: '2', displayName: '' },
          ],
        }),
      (error: unknown) => {
        assert.ok(error instanceof SeedValidationError);
        assert.deepEqual(error.issues, [
          'incidents[2].id: expected an incident id such as 3962396',
          'incidents[3].displayName: must not be empty',
          "incidents[1].id: duplicate incident id '1' (already used at incidents[0].id)",
        ]);
        return true;
      },
    );
  });
});
