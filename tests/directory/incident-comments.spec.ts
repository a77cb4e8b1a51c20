/**
 * A comment on a Defender XDR incident through GraphDirectory, against the Graph simulator with
 * the real SDK and credential over TLS: the comment lands on the incident (Graph's documented
 * body, sent like the other writes, a throttled try retried); a refusal is a failed result,
 * never a throw: 403 without SecurityIncident.ReadWrite.All (the permission named), 404 for an
 * unknown incident; an id that could change the path, or an empty comment, is refused without a
 * request.
 */
import assert from 'node:assert/strict';
import type { OperationResult } from '../../src/lockdown/directory';
import type { TenantSeed } from '../../src/simulator';
import { LOCKDOWN_APP_PERMISSIONS } from '../e2e/tenant-fixture';
import { directoryTestSeed } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 3, maxWaitMs: 2_000, baseDelayMs: 50, maxBackoffMs: 200 };
const PERMISSION = 'SecurityIncident.ReadWrite.All';
const INCIDENT = '3962396';
const COMMENT = 'Lockdown: adele@contoso.com contained (sign-in blocked, sessions revoked).';

const app = (n: number, permissions: readonly string[]) => ({
  clientId: `dddddddd-0000-4000-8000-0000000000f${n}`,
  clientSecret: `directory-test-secret-incident-${n}`,
  displayName: `Lockdown (incident tests ${n})`,
  permissions: [...LOCKDOWN_APP_PERMISSIONS, ...permissions],
  directoryRoles: ['User Administrator'],
});
const WITH_INCIDENTS = app(0, [PERMISSION]);
const READ_ONLY = app(1, ['SecurityIncident.Read.All']);

function seed(): TenantSeed {
  const base = directoryTestSeed();
  return {
    ...base,
    apps: [...base.apps, WITH_INCIDENTS, READ_ONLY],
    incidents: [{ id: INCIDENT, displayName: 'Password spray against one user' }],
  };
}

function start(as: ReturnType<typeof app>): Promise<Harness> {
  return startHarness({ retryPolicy: POLICY }, 20, as, {}, seed());
}

function failureOf(result: OperationResult) {
  assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.failure;
}

/** The incident requests that reached the simulator, as `METHOD path status`. */
function incidentRequests(harness: Harness): string[] {
  return harness.simulator.requests
    .filter((r) => r.path.startsWith('/security/incidents/'))
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

describe('a comment on a Defender XDR incident (simulator, real SDK)', function () {
  this.timeout(60_000);
  let harness: Harness;

  before(async () => {
    harness = await start(WITH_INCIDENTS);
  });
  after(async () => {
    await harness?.stop();
  });
  beforeEach(() => {
    harness.simulator.clearFaults();
    harness.simulator.resetRecording();
  });

  it("lands on the incident's timeline, with Graph's documented body and a receipt", async () => {
    const result = await harness.call('commentOnIncident', INCIDENT, COMMENT);
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.receipt.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(result.receipt.serverTime);
    const [landed] = harness.simulator.incidentComments(INCIDENT) ?? [];
    assert.equal(landed?.comment, COMMENT);
    assert.equal(landed?.createdByDisplayName, WITH_INCIDENTS.displayName);
    const [sent] = harness.simulator.requests.filter((r) => r.path.includes('/incidents/'));
    assert.ok(sent?.batchId, 'sent like the other writes: a $batch item');
    assert.equal(`${sent.method} ${sent.path}`, `POST /security/incidents/${INCIDENT}/comments`);
    assert.deepEqual(sent.body, {
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: COMMENT,
    });
  });

  it('a throttled try is retried within the budget: the comment lands once', async () => {
    const before = harness.simulator.incidentComments(INCIDENT)?.length ?? 0;
    harness.simulator.inject({
      method: 'POST',
      path: /^\/security\/incidents\//,
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    const result = await harness.call('commentOnIncident', INCIDENT, 'Lockdown: retried.');
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(incidentRequests(harness), [
      `POST /security/incidents/${INCIDENT}/comments 429`,
      `POST /security/incidents/${INCIDENT}/comments 200`,
    ]);
    assert.equal(harness.simulator.incidentComments(INCIDENT)?.length, before + 1);
  });

  it('404 for an incident Defender does not know: a failed result, never a throw', async () => {
    const failure = failureOf(await harness.call('commentOnIncident', '4711', COMMENT));
    assert.deepEqual([failure.status, failure.code], [404, 'NotFound']);
    assert.equal(failure.message, "The incident '4711' was not found.");
    assert.match(failure.requestId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('an id that could change the path, or is not an id, is refused without a request', async () => {
    const invalid = [
      '../../users/x',
      '1/comments',
      '3962396?x=1',
      '3962396#',
      '%2e%2e',
      '12 34',
      '',
      'x'.repeat(101),
      '٣٩٦',
    ];
    for (const id of invalid) {
      const failure = failureOf(await harness.call('commentOnIncident', id, COMMENT));
      assert.equal(failure.status, 0, id);
      assert.equal(failure.code, 'InvalidIncidentId', id);
      assert.match(failure.message, /^Not sent: the incident id must be 1 to 100 letters/);
      assert.ok(!failure.message.includes(id) || id === '', 'the id is not echoed');
    }
    // What Defender XDR and Sentinel give is sent (100 characters at most).
    const accepted = await harness.call('commentOnIncident', `a_-${'9'.repeat(97)}`, COMMENT);
    assert.equal(failureOf(accepted).status, 404);
    assert.equal(harness.simulator.roundTrips, 1, 'only the valid id was sent');
  });

  it('an empty comment is refused without a request', async () => {
    const failure = failureOf(await harness.call('commentOnIncident', INCIDENT, '  \n'));
    assert.deepEqual([failure.status, failure.code], [0, 'EmptyIncidentComment']);
    assert.equal(harness.simulator.roundTrips, 0);
  });

  describe('without SecurityIncident.ReadWrite.All (Read.All only)', () => {
    let readOnly: Harness;

    before(async () => {
      readOnly = await start(READ_ONLY);
    });
    after(async () => {
      await readOnly?.stop();
    });

    it('403: a failed result naming the permission; nothing lands', async () => {
      const failure = failureOf(await readOnly.call('commentOnIncident', INCIDENT, COMMENT));
      assert.deepEqual([failure.status, failure.code], [403, 'Authorization_RequestDenied']);
      assert.equal(
        failure.message,
        `Insufficient privileges to complete the operation. (the app needs ${PERMISSION})`,
      );
      assert.match(failure.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(readOnly.simulator.incidentComments(INCIDENT), []);
    });
  });
});
