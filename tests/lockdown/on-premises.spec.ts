/**
 * A synced account's on-premises AD account, reached through Defender for Identity when the
 * deployment says so (fake directory, SQLite store, the real runner).
 */
import assert from 'node:assert/strict';
import type { LockdownMode, LockdownRequest } from '../../src/lockdown/request';
import { FakeDirectory, JANE } from './fake-directory';
import { type ServiceHarness, serviceHarness } from './service-harness';

const RILEY = { id: 'riley', name: 'Riley' };
const ALEX = { id: 'alex', name: 'Alex' };
const SOURCE = { tenantId: 't1', conversationId: 'c1' };
const ORIGIN = { ...SOURCE, reply: '{}' };
const SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const SYNCED = { ...JANE, onPremisesSyncEnabled: true, onPremisesSecurityIdentifier: SID };

describe('on-premises AD through Defender for Identity', () => {
  let directory: FakeDirectory;
  let harness: ServiceHarness;

  function start(onPremises: boolean, user: typeof JANE = SYNCED): void {
    directory = new FakeDirectory(user, []);
    harness = serviceHarness(
      directory,
      {},
      onPremises ? { onPremises: 'defender-for-identity' } : {},
    );
  }
  afterEach(async () => harness.close());

  async function run(request: LockdownRequest): Promise<LockdownRequest> {
    await harness.svc.approve(request.id, ALEX, SOURCE);
    await harness.runner.drain();
    return (await harness.store.get(request.id))!;
  }

  async function lockDown(mode: LockdownMode = 'full'): Promise<LockdownRequest> {
    const asked = await harness.svc.request({
      userPrincipalName: JANE.userPrincipalName,
      mode,
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(asked.kind, 'created');
    return run((asked as { request: LockdownRequest }).request);
  }

  const onPremCalls = () => directory.calls.filter((call) => call.startsWith('onPrem'));

  it('disables the synced account on-premises and forces a password reset there', async () => {
    start(true);
    const done = await lockDown();
    assert.equal(done.onPremises, 'defender-for-identity');
    assert.deepEqual(onPremCalls(), [`onPrem disable ${SID}`, `onPrem forcePasswordReset ${SID}`]);
    const step = done.steps.find((s) => s.step === 'contain-onprem')!;
    assert.equal(step.status, 'done');
    assert.ok(done.preflight?.checks.some((check) => check.step === 'contain-onprem'));
    assert.equal(done.state, 'completed');
  });

  it('only forces the password reset in keep-enabled mode', async () => {
    start(true);
    await lockDown('keep-enabled');
    assert.deepEqual(onPremCalls(), [`onPrem forcePasswordReset ${SID}`]);
  });

  it('does nothing on-premises without the setting, or for a cloud-only account', async () => {
    start(false);
    const done = await lockDown();
    assert.equal(done.onPremises, undefined);
    assert.ok(!done.steps.some((s) => s.step === 'contain-onprem'));
    await harness.close();
    start(true, { ...JANE, onPremisesSyncEnabled: false });
    const cloud = await lockDown();
    assert.ok(!cloud.steps.some((s) => s.step === 'contain-onprem'));
    assert.deepEqual(onPremCalls(), []);
  });

  it('fails the step, naming the permission, when Defender for Identity refuses; the rest runs', async () => {
    start(true);
    directory.failOn('onPrem disable');
    const done = await lockDown();
    const step = done.steps.find((s) => s.step === 'contain-onprem')!;
    assert.equal(step.status, 'failed');
    assert.match(step.detail!, /SecurityIdentitiesActions\.ReadWrite\.All/);
    assert.equal(done.steps.find((s) => s.step === 'disable-account')?.status, 'done');
    assert.equal(done.state, 'partial');
  });

  it('an unlock enables the on-premises account again', async () => {
    start(true);
    await lockDown();
    directory.calls.length = 0;
    const asked = await harness.svc.requestUnlock({
      userPrincipalName: JANE.userPrincipalName,
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(asked.kind, 'created');
    const unlock = (asked as { request: LockdownRequest }).request;
    assert.equal(unlock.undo?.enableOnPremises, true);
    const done = await run(unlock);
    assert.deepEqual(onPremCalls(), [`onPrem enable ${SID}`]);
    assert.equal(done.steps.find((s) => s.step === 'enable-onprem')?.status, 'done');
  });
});
