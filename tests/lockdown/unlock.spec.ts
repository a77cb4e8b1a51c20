/**
 * The unlock use case on the SQLite store with a fake directory: asked like a lockdown, planned
 * from the latest finished lockdown, run by the same runner under a lease.
 */
import assert from 'node:assert/strict';
import type { LockdownService } from '../../src/lockdown/lockdown-service';
import type { LockdownRequest } from '../../src/lockdown/request';
import type { LockdownRunner } from '../../src/lockdown/runner';
import type { SqliteStore } from '../../src/store';
import { FakeDirectory, JANE } from './fake-directory';
import { serviceHarness } from './service-harness';

const RILEY = { id: 'riley', name: 'Riley' };
const ALEX = { id: 'alex', name: 'Alex' };
const DANA = { id: 'dana', name: 'Dana' };
const SOURCE = { tenantId: 't1', conversationId: 'c1' };
const ORIGIN = { ...SOURCE, reply: '{}' };
const UPN = JANE.userPrincipalName;

describe('unlock (LockdownService with the SQLite store)', () => {
  let store: SqliteStore;
  let directory: FakeDirectory;
  let changes: LockdownRequest[];
  let runner: LockdownRunner;
  let svc: LockdownService;
  let close: () => Promise<void>;

  beforeEach(() => {
    directory = new FakeDirectory(JANE, [
      { id: 'd1', displayName: 'Laptop', operatingSystem: 'Windows', accountEnabled: true },
      { id: 'd2', displayName: 'Old PC', operatingSystem: 'Windows', accountEnabled: false },
      { id: 'd3', displayName: 'iPhone', operatingSystem: 'iOS', accountEnabled: true },
    ]);
    directory.failOn('disableDevice d3');
    ({ store, runner, svc, changes, close } = serviceHarness(directory));
  });

  afterEach(async () => close());

  /** Asks, approves as `approvers`, and waits for the run; answers the finished request. */
  async function approveAndRun(
    request: LockdownRequest,
    approvers = [ALEX],
  ): Promise<LockdownRequest> {
    for (const approver of approvers) await svc.approve(request.id, approver, SOURCE);
    await runner.drain();
    return (await store.get(request.id))!;
  }

  async function lockDown(): Promise<LockdownRequest> {
    const asked = await svc.request({
      userPrincipalName: UPN,
      mode: 'full',
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(asked.kind, 'created');
    return approveAndRun((asked as { request: LockdownRequest }).request);
  }

  async function askUnlock(): Promise<LockdownRequest> {
    const asked = await svc.requestUnlock({
      userPrincipalName: UPN,
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(asked.kind, 'created', JSON.stringify(asked));
    return (asked as { request: LockdownRequest }).request;
  }

  it('enables the account and exactly the devices the lockdown disabled; no password, no revocation', async () => {
    const lockdown = await lockDown();
    assert.equal(lockdown.state, 'partial');
    const unlock = await askUnlock();
    assert.equal(unlock.kind, 'unlock');
    assert.equal(unlock.undo?.lockdownId, lockdown.id);
    assert.deepEqual(
      unlock.undo?.devices.map((d) => d.id),
      ['d1'],
    );
    assert.deepEqual(
      unlock.preflight?.checks.map((check) => check.step),
      ['enable-account', 'enable-devices', 'verify'],
    );
    directory.calls.length = 0;
    const passwords = directory.passwords.length;

    const finished = await approveAndRun(unlock);
    assert.equal(finished.state, 'completed');
    assert.deepEqual(directory.calls, [
      'readBack u-jane',
      'enableAccount u-jane',
      'listDevices u-jane',
      'enableDevice d1',
      'readBack u-jane',
      'listDevices u-jane',
    ]);
    assert.equal(directory.passwords.length, passwords);
    assert.equal(directory.accountEnabled, true);
    assert.deepEqual(
      directory.devices.map((d) => [d.id, d.accountEnabled]),
      [
        ['d1', true],
        ['d2', false],
        ['d3', true],
      ],
    );
    assert.deepEqual(
      finished.steps.map((s) => [s.step, s.status]),
      [
        ['enable-account', 'done'],
        ['enable-devices', 'done'],
        ['verify', 'done'],
      ],
    );
    assert.match(finished.steps[1]!.detail!, /1 of 1 devices enabled again; 2 left as they were/);

    const marked = await store.get(lockdown.id);
    assert.equal(marked?.undoneBy?.requestId, unlock.id);
    assert.deepEqual(marked?.undoneBy?.approvedBy, [ALEX]);
    assert.ok(
      changes.some((c) => c.id === lockdown.id && c.undoneBy),
      'the lockdown card is edited',
    );
    const trail = await store.listAudit(lockdown.id);
    assert.equal(trail.at(-1)?.type, 'unlocked');
    const finishedEvent = (await store.listAudit(unlock.id)).find((e) => e.type === 'finished');
    assert.equal(finishedEvent?.data?.kind, 'unlock');

    const again = await svc.requestUnlock({
      userPrincipalName: UPN,
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(again.kind, 'nothing-to-undo');
    assert.match((again as { reason: string }).reason, /already unlocked by Alex at/);
  });

  it('reports an account and a device someone enabled by hand as already enabled, writing nothing to them', async () => {
    await lockDown();
    const unlock = await askUnlock();
    directory.accountEnabled = true;
    directory.devices[0] = { ...directory.devices[0]!, accountEnabled: true };
    directory.calls.length = 0;
    const finished = await approveAndRun(unlock);
    assert.equal(finished.state, 'completed');
    assert.ok(!directory.calls.some((call) => call.startsWith('enable')), directory.calls.join());
    assert.match(finished.steps[0]!.detail!, /Already enabled/);
    assert.equal(finished.steps[1]!.devices?.[0]?.note, 'already enabled');
  });

  it('marks the account step unconfirmed when the read-back shows it still disabled, and ends partial', async () => {
    await lockDown();
    const unlock = await askUnlock();
    directory.ignoreEnable = true;
    const finished = await approveAndRun(unlock);
    assert.equal(finished.state, 'partial');
    assert.equal(finished.steps.find((s) => s.step === 'enable-account')?.status, 'unconfirmed');
    assert.match(finished.steps.find((s) => s.step === 'verify')!.detail!, /still disabled/);
  });

  it('marks the device step unconfirmed when a device reads back disabled twice', async () => {
    await lockDown();
    const unlock = await askUnlock();
    let reads = 0;
    directory.onCall = async (call) => {
      // From the read-back on, the laptop shows disabled again (a directory that said yes).
      if (call === 'readBack u-jane' && ++reads >= 2) {
        directory.devices[0] = { ...directory.devices[0]!, accountEnabled: false };
      }
    };
    const finished = await approveAndRun(unlock);
    assert.equal(finished.state, 'partial');
    assert.equal(finished.steps.find((s) => s.step === 'enable-devices')?.status, 'unconfirmed');
    assert.match(finished.steps.find((s) => s.step === 'verify')!.detail!, /Laptop still disabled/);
  });

  it('fails a refused enable with the permission named, still enabling the devices', async () => {
    await lockDown();
    const unlock = await askUnlock();
    directory.failOn('enableAccount');
    const finished = await approveAndRun(unlock);
    assert.equal(finished.state, 'partial');
    const account = finished.steps.find((s) => s.step === 'enable-account')!;
    assert.equal(account.status, 'failed');
    assert.match(account.detail!, /User\.EnableDisableAccount\.All/);
    assert.equal(directory.devices[0]?.accountEnabled, true);
    assert.equal((await store.get(unlock.undo!.lockdownId))?.undoneBy?.state, 'partial');
  });

  it('does not mark the lockdown undone when the unlock did nothing', async () => {
    await lockDown();
    const unlock = await askUnlock();
    directory.failOn('enableAccount');
    directory.failOn('enableDevice');
    const finished = await approveAndRun(unlock);
    assert.equal(finished.state, 'failed');
    assert.equal((await store.get(unlock.undo!.lockdownId))?.undoneBy, undefined);
    assert.equal(
      (await svc.requestUnlock({ userPrincipalName: UPN, requestedBy: RILEY, origin: ORIGIN }))
        .kind,
      'created',
    );
  });

  it('needs two approvers when the account holds a privileged role, and one approval runs nothing', async () => {
    await lockDown();
    directory.user = {
      ...JANE,
      roles: [
        {
          displayName: 'Helpdesk Administrator',
          roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
        },
      ],
    };
    const unlock = await askUnlock();
    assert.equal(unlock.requiredApprovals, 2);
    directory.calls.length = 0;
    assert.equal((await svc.approve(unlock.id, ALEX, SOURCE)).kind, 'awaiting-approval');
    await runner.drain();
    assert.ok(!directory.calls.some((call) => call.startsWith('enable')));
    assert.equal((await approveAndRun(unlock, [DANA])).state, 'completed');
  });

  it('refuses with nothing to undo, recording nothing, when no lockdown is on record', async () => {
    const answer = await svc.requestUnlock({
      userPrincipalName: UPN,
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    assert.equal(answer.kind, 'nothing-to-undo');
    assert.deepEqual(await store.listRecent({ targetUpn: UPN, limit: 5 }), []);
    assert.deepEqual(await store.listAudit(), []);
    assert.ok(!directory.calls.some((call) => call.startsWith('findUser')), 'not even looked up');
  });

  it('dry-runs an unlock: its plan and preflight, one audit event, no request, no write', async () => {
    await lockDown();
    const events = (await store.listAudit()).length;
    directory.calls.length = 0;
    const preview = await svc.previewUnlock({ userPrincipalName: UPN, requestedBy: RILEY });
    assert.equal(preview.kind, 'preview');
    if (preview.kind !== 'preview') return;
    assert.equal(preview.requestKind, 'unlock');
    assert.deepEqual(
      preview.undo?.devices.map((d) => d.id),
      ['d1'],
    );
    assert.deepEqual(directory.calls, ['findUser jane@contoso.com']);
    const audit = await store.listAudit();
    assert.equal(audit.length, events + 1);
    assert.equal(audit.at(-1)?.type, 'dry-run');
    assert.equal((await store.listRecent({ targetUpn: UPN, limit: 5 })).length, 1);
  });
});
