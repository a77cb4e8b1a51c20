/**
 * A synced user's on-premises AD account, through Microsoft Defender for Identity (issue 11),
 * over the simulator with the real SDK and credential: the look-up maps the user's
 * `onPremisesSecurityIdentifier`; `onPremisesActions` finds the identity account by it and
 * invokes each action in order; an unknown SID, a missing permission and a tenant without
 * Defender for Identity fail each action, never throw.
 */
import assert from 'node:assert/strict';
import type { OperationResult } from '../../src/lockdown/directory';
import type { TenantSeed } from '../../src/simulator';
import { LOCKDOWN_APP_PERMISSIONS } from '../e2e/tenant-fixture';
import { directoryTestSeed, TARGETS } from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 3, maxWaitMs: 2_000, baseDelayMs: 50, maxBackoffMs: 200 };
const READ = 'SecurityIdentitiesAccount.Read.All';
const ACT = 'SecurityIdentitiesActions.ReadWrite.All';

const SYNCED = {
  id: 'b1000000-0000-4000-8000-0000000000a1',
  userPrincipalName: 'sam.synced@contoso.com',
  displayName: 'Sam Synced',
  accountEnabled: true,
  onPremisesSyncEnabled: true,
};

const app = (n: number, permissions: readonly string[]) => ({
  clientId: `dddddddd-0000-4000-8000-0000000000e${n}`,
  clientSecret: `directory-test-secret-mdi-${n}`,
  displayName: `Lockdown (MDI tests ${n})`,
  permissions: [...LOCKDOWN_APP_PERMISSIONS, ...permissions],
  directoryRoles: ['User Administrator'],
});
const WITH_MDI = app(0, [READ, ACT]);
const WITHOUT_ACTIONS = app(1, [READ]);
const WITHOUT_READ = app(2, [ACT]);

function seed(defenderForIdentity: boolean): TenantSeed {
  const base = directoryTestSeed();
  return {
    ...base,
    apps: [...base.apps, WITH_MDI, WITHOUT_ACTIONS, WITHOUT_READ],
    users: [...base.users, SYNCED],
    ...(defenderForIdentity ? { licenses: { defenderForIdentity: true } } : {}),
  } as TenantSeed;
}

function start(defenderForIdentity: boolean, as: ReturnType<typeof app>): Promise<Harness> {
  return startHarness({ retryPolicy: POLICY }, 20, as, {}, seed(defenderForIdentity));
}

/** `<status> <code>` of each result, `ok` for a success. */
function outcomes(results: readonly OperationResult[]): string[] {
  return results.map((r) => (r.ok ? 'ok' : `${r.failure.status} ${r.failure.code}`));
}

/** The Defender requests that reached the simulator, as `METHOD path [action]`. */
function defenderRequests(harness: Harness): string[] {
  return harness.simulator.requests
    .filter((r) => r.path.includes('/security/'))
    .map((r) => {
      const action = (r.body as { action?: string } | undefined)?.action;
      return `${r.method} ${r.path.replace(/identityAccounts\/[^/]+\//, 'identityAccounts/{id}/')}${action ? ` ${action}` : ''}`;
    });
}

async function syncedSid(harness: Harness): Promise<string> {
  const user = await harness.call('findUser', SYNCED.userPrincipalName);
  return user?.onPremisesSecurityIdentifier ?? assert.fail('the synced user has a SID');
}

describe('on-premises AD account through Defender for Identity (simulator, real SDK)', function () {
  this.timeout(60_000);
  let harness: Harness;

  before(async () => {
    harness = await start(true, WITH_MDI);
  });
  after(async () => {
    await harness?.stop();
  });

  it("the look-up selects the user's onPremisesSecurityIdentifier (synced users only)", async () => {
    const sid = await syncedSid(harness);
    assert.match(sid, /^S-1-5-21-\d+-\d+-\d+-\d+$/);
    const cloud = await harness.call('findUser', TARGETS.ordered.upn);
    assert.equal(cloud?.onPremisesSyncEnabled, false);
    assert.equal(cloud?.onPremisesSecurityIdentifier, undefined);
  });

  it('disables the AD account, then forces its password reset, in that order', async () => {
    const sid = await syncedSid(harness);
    harness.simulator.resetRecording();
    const results = await harness.call('onPremisesActions', sid, ['disable', 'forcePasswordReset']);
    assert.deepEqual(outcomes(results), ['ok', 'ok']);
    assert.ok(
      results.every((r) => r.ok && r.receipt.requestId),
      'each has a request id',
    );
    assert.deepEqual(defenderRequests(harness), [
      'GET /security/identities/identityAccounts',
      'POST /security/identities/identityAccounts/{id}/invokeAction disable',
      'POST /security/identities/identityAccounts/{id}/invokeAction forcePasswordReset',
    ]);
    const [lookUp, disable] = harness.simulator.requests.filter((r) =>
      r.path.includes('/security/'),
    );
    assert.equal(lookUp?.query['$filter'], `onPremisesSecurityIdentifier eq '${sid}'`);
    assert.equal(
      (disable?.body as { identityProvider: string }).identityProvider,
      'activeDirectory',
    );
    const state = harness.simulator.onPremisesAccount(SYNCED.id);
    assert.equal(state?.enabled, false);
    assert.equal(state?.passwordResetForced, true);

    const enabled = await harness.call('onPremisesActions', sid, ['enable']);
    assert.deepEqual(outcomes(enabled), ['ok']);
    assert.equal(harness.simulator.onPremisesAccount(SYNCED.id)?.enabled, true);
  });

  it('an SID Defender for Identity does not know: each action fails with IdentityAccountNotFound', async () => {
    harness.simulator.resetRecording();
    const results = await harness.call('onPremisesActions', 'S-1-5-21-1-2-3-4', [
      'disable',
      'forcePasswordReset',
    ]);
    assert.deepEqual(outcomes(results), ['0 IdentityAccountNotFound', '0 IdentityAccountNotFound']);
    const [first] = results;
    assert.ok(first && !first.ok);
    assert.match(
      first.failure.message,
      /Defender for Identity does not know this account \(is its sensor covering the domain\?\)/,
    );
    assert.deepEqual(defenderRequests(harness), ['GET /security/identities/identityAccounts']);
  });

  it('no actions: nothing is sent', async () => {
    harness.simulator.resetRecording();
    assert.deepEqual(await harness.call('onPremisesActions', 'S-1-5-21-1-2-3-4', []), []);
    assert.equal(harness.simulator.roundTrips, 0);
  });
});

describe('on-premises actions refused (simulator, real SDK)', function () {
  this.timeout(60_000);

  it('without SecurityIdentitiesActions.ReadWrite.All: each action 403, the look-up done once', async () => {
    const harness = await start(true, WITHOUT_ACTIONS);
    try {
      const sid = await syncedSid(harness);
      harness.simulator.resetRecording();
      const results = await harness.call('onPremisesActions', sid, [
        'disable',
        'forcePasswordReset',
      ]);
      assert.deepEqual(outcomes(results), [
        '403 Authorization_RequestDenied',
        '403 Authorization_RequestDenied',
      ]);
      assert.equal(defenderRequests(harness).length, 3);
      assert.deepEqual(harness.simulator.onPremisesAccount(SYNCED.id)?.actions, []);
    } finally {
      await harness.stop();
    }
  });

  it('without SecurityIdentitiesAccount.Read.All: the look-up is refused, each action fails with it', async () => {
    const harness = await start(true, WITHOUT_READ);
    try {
      const sid = await syncedSid(harness);
      harness.simulator.resetRecording();
      const results = await harness.call('onPremisesActions', sid, [
        'disable',
        'forcePasswordReset',
      ]);
      assert.deepEqual(outcomes(results), [
        '403 Authorization_RequestDenied',
        '403 Authorization_RequestDenied',
      ]);
      assert.deepEqual(defenderRequests(harness), ['GET /security/identities/identityAccounts']);
    } finally {
      await harness.stop();
    }
  });

  it("a tenant without Defender for Identity: each action fails with the look-up's 403", async () => {
    const harness = await start(false, WITH_MDI);
    try {
      const sid = await syncedSid(harness);
      const results = await harness.call('onPremisesActions', sid, [
        'disable',
        'forcePasswordReset',
      ]);
      assert.deepEqual(outcomes(results), ['403 Forbidden', '403 Forbidden']);
      const [first] = results;
      assert.ok(first && !first.ok);
      assert.match(first.failure.message, /Defender for Identity is not enabled/);
      assert.equal(harness.simulator.onPremisesAccount(SYNCED.id)?.enabled, true);
    } finally {
      await harness.stop();
    }
  });
});
