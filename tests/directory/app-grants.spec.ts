/**
 * The grants reader against the Graph simulator over TLS, with the real Graph SDK and the real
 * @azure/identity credential (in a child process that trusts the test CA, as the bot does): the
 * permissions of the app's own token, its directory roles as template ids, what a missing
 * permission or a failed read leaves out, and the cache.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCKDOWN_APP_PERMISSIONS } from '../e2e/tenant-fixture';
import { APP, APP_WITH_THREE_ROLES, APP_WITHOUT_ROLE_READ } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 3, maxWaitMs: 1_000, baseDelayMs: 20, maxBackoffMs: 50 };
const ROLE_ASSIGNMENTS = '/roleManagement/directory/roleAssignments';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const HELPDESK_ADMINISTRATOR = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const PASSWORD_ADMINISTRATOR = '966707d0-3269-4727-9be2-8c3a10f19b9d';
const WARNING = "could not read the app's directory roles";

/** The log lines (pino JSON) that warn about the role read. */
function roleWarnings(harness: Harness): Record<string, unknown>[] {
  return harness
    .logs()
    .split('\n')
    .filter((line) => line.includes(WARNING))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function roleReads(harness: Harness) {
  return harness.simulator.requests.filter((request) => request.path === ROLE_ASSIGNMENTS);
}

describe('appGrants over the Graph simulator (real SDK, real credential, TLS)', function () {
  this.timeout(30_000);

  describe('the lockdown app (RoleManagement.Read.Directory, User Administrator)', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ retryPolicy: POLICY }, 20, {}, { retryPolicy: POLICY });
    });
    after(async () => {
      await harness?.stop();
    });

    it("lists the token's permissions and the roles' template ids, in one request", async () => {
      const before = Date.now();
      const grants = await harness.appGrants();
      assert.deepEqual(grants.permissions, [...LOCKDOWN_APP_PERMISSIONS]);
      assert.deepEqual(grants.directoryRoleTemplateIds, [USER_ADMINISTRATOR]);
      assert.ok(grants.issuedAt, 'issuedAt');
      // `iat` has whole seconds.
      assert.ok(Math.abs(Date.parse(grants.issuedAt) - before) < 5_000, grants.issuedAt);
      assert.equal(harness.simulator.tokensIssued, 1);
      const [read, ...others] = roleReads(harness);
      assert.equal(others.length, 0);
      assert.equal(read?.status, 200);
      // The service principal's object id (the token's `oid`), not the client id.
      assert.equal(read?.query['$filter'], `principalId eq '${APP.servicePrincipalId}'`);
      assert.deepEqual(roleWarnings(harness), []);
    });

    it('answers from the cache: a second call makes no request and gets no token', async () => {
      await harness.appGrants();
      harness.simulator.resetRecording();
      const tokens = harness.simulator.tokensIssued;
      const grants = await harness.appGrants();
      assert.deepEqual(grants.directoryRoleTemplateIds, [USER_ADMINISTRATOR]);
      assert.equal(harness.simulator.roundTrips, 0);
      assert.equal(harness.simulator.requests.length, 0);
      assert.equal(harness.simulator.tokensIssued, tokens);
    });
  });

  describe('an app without RoleManagement.Read.Directory', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ retryPolicy: POLICY }, 20, APP_WITHOUT_ROLE_READ, {
        failedRoleReadTtlMs: 400,
      });
    });
    after(async () => {
      await harness?.stop();
    });

    it('still lists its permissions; its roles are undefined, with one warn line', async () => {
      const grants = await harness.appGrants();
      assert.deepEqual(grants.permissions, [...APP_WITHOUT_ROLE_READ.permissions]);
      assert.ok(
        !(grants.permissions as readonly string[]).includes('RoleManagement.Read.Directory'),
      );
      assert.equal(grants.directoryRoleTemplateIds, undefined);
      assert.ok(!('directoryRoleTemplateIds' in grants));
      assert.deepEqual(
        roleReads(harness).map((r) => r.status),
        [403],
        'a refusal is not retried',
      );
      const warnings = roleWarnings(harness);
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.['level'], 40);
      assert.equal(warnings[0]?.['status'], 403);
      assert.equal(warnings[0]?.['code'], 'Authorization_RequestDenied');
    });

    it('keeps a failed role read for failedRoleReadTtlMs only', async () => {
      harness.simulator.resetRecording();
      await harness.appGrants();
      assert.equal(harness.simulator.roundTrips, 0, 'cached while fresh');
      await sleep(500);
      const grants = await harness.appGrants();
      assert.equal(grants.directoryRoleTemplateIds, undefined);
      assert.equal(roleReads(harness).length, 1, 'read again once stale');
    });
  });

  describe('an app with three roles, pages of two, a short cache', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness(
        { retryPolicy: { ...POLICY, maxAttempts: 1 } },
        2,
        APP_WITH_THREE_ROLES,
        { cacheTtlMs: 300, retryPolicy: { ...POLICY, maxAttempts: 1 } },
      );
    });
    after(async () => {
      await harness?.stop();
    });

    beforeEach(() => {
      harness.simulator.clearFaults();
      harness.simulator.resetRecording();
    });

    it('follows the pages', async () => {
      const grants = await harness.appGrants();
      assert.deepEqual(grants.directoryRoleTemplateIds, [
        USER_ADMINISTRATOR,
        HELPDESK_ADMINISTRATOR,
        PASSWORD_ADMINISTRATOR,
      ]);
      assert.equal(roleReads(harness).length, 2);
    });

    it('a network failure or a garbled answer leaves the roles undefined, never throws', async () => {
      for (const fault of [
        { effect: 'reset' },
        { effect: 'garble', garble: 'html' },
        { status: 500 },
      ] as const) {
        await sleep(350); // past the cache
        harness.simulator.clearFaults();
        harness.simulator.inject({
          method: 'GET',
          path: /^\/roleManagement\//,
          times: 1,
          ...fault,
        });
        const warningsBefore = roleWarnings(harness).length;
        const grants = await harness.appGrants();
        assert.equal(grants.directoryRoleTemplateIds, undefined, JSON.stringify(fault));
        assert.deepEqual(grants.permissions, [...APP_WITH_THREE_ROLES.permissions]);
        assert.equal(roleWarnings(harness).length, warningsBefore + 1, JSON.stringify(fault));
      }
      // A failed read is kept for at most the (shorter) cache lifetime: then the roles are back.
      await sleep(350);
      const grants = await harness.appGrants();
      assert.equal(grants.directoryRoleTemplateIds?.length, 3);
    });

    it('concurrent calls share one read', async () => {
      await sleep(350); // past the cache
      harness.simulator.resetRecording();
      const answers = await Promise.all([harness.appGrants(), harness.appGrants()]);
      assert.deepEqual(answers[0], answers[1]);
      assert.equal(roleReads(harness).length, 2, 'one listing of two pages');
    });
  });
});
