/**
 * Several targets in one request (a group): one look-up per target, unknown and protected ones
 * left out, one approval for all (two when any target is privileged), members that follow their
 * leader's decision, and one "group finished" when the last member ends.
 */
import assert from 'node:assert/strict';
import type { DirectoryUser } from '../../src/lockdown/directory';
import { firstGroups } from '../../src/lockdown/group';
import { recentInChannel } from '../../src/lockdown/group-store';
import type { GroupAskResult } from '../../src/lockdown/lockdown-service';
import type { LockdownRequest } from '../../src/lockdown/request';
import { FakeDirectory } from './fake-directory';
import { fakeTenant } from './fake-tenant-directory';
import { type ServiceHarness, serviceHarness } from './service-harness';

const RILEY = { id: 'riley', name: 'Riley' };
const ALEX = { id: 'alex', name: 'Alex' };
const DANA = { id: 'dana', name: 'Dana' };
const SOURCE = { tenantId: 't1', conversationId: 'c1' };
const ORIGIN = { ...SOURCE, reply: '{}' };
const GLOBAL_ADMIN = {
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
};

function person(name: string, extra: Partial<DirectoryUser> = {}): FakeDirectory {
  const user: DirectoryUser = {
    id: `u-${name}`,
    userPrincipalName: `${name}@contoso.com`,
    displayName: name,
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    userType: 'Member',
    roles: [],
    devices: [],
    ...extra,
  };
  return new FakeDirectory(user, [
    {
      id: `d-${name}`,
      displayName: `${name}'s laptop`,
      operatingSystem: 'Windows',
      accountEnabled: true,
    },
  ]);
}

describe('several targets in one request (LockdownService with the SQLite store)', () => {
  let users: FakeDirectory[];
  let harness: ServiceHarness;

  beforeEach(() => {
    users = ['ann', 'ben', 'cat'].map((name) => person(name));
    users.push(person('root', { roles: [GLOBAL_ADMIN] }));
    harness = serviceHarness(fakeTenant(users), { protectedTargets: ['u-cat'] });
  });

  afterEach(async () => harness.close());

  async function ask(targets: string[], requestedBy = RILEY): Promise<GroupAskResult> {
    return harness.svc.requestGroup({ targets, mode: 'full', requestedBy, origin: ORIGIN });
  }

  function created(result: GroupAskResult) {
    assert.equal(result.kind, 'created', JSON.stringify(result));
    return (result as Extract<GroupAskResult, { kind: 'created' }>).view;
  }

  async function stored(id: string): Promise<LockdownRequest> {
    const request = await harness.store.get(id);
    assert.ok(request, `request ${id} is on record`);
    return request;
  }

  it('records one member per known target and leaves out unknown and protected ones', async () => {
    const view = created(
      await ask(['ann@contoso.com', 'nobody@contoso.com', 'cat@contoso.com', 'ben@contoso.com']),
    );
    assert.deepEqual(
      view.members.map((member) => member.target.userPrincipalName),
      ['ann@contoso.com', 'ben@contoso.com'],
    );
    assert.deepEqual(
      view.leftOut.map((left) => [left.userPrincipalName, left.kind]),
      [
        ['nobody@contoso.com', 'unknown-user'],
        ['cat@contoso.com', 'refused'],
      ],
    );
    const [leader, follower] = view.members as [LockdownRequest, LockdownRequest];
    assert.equal(follower.group?.leaderId, leader.id);
    assert.deepEqual((await stored(follower.id)).group?.memberIds, [leader.id, follower.id]);
    assert.equal(leader.requiredApprovals, 1);
  });

  it('records nothing when every target is left out', async () => {
    const result = await ask(['nobody@contoso.com', 'cat@contoso.com']);
    assert.equal(result.kind, 'nothing-left');
    assert.deepEqual(await harness.store.listInStates(['pending']), []);
  });

  it('needs two approvers for the whole group when any target is privileged', async () => {
    const view = created(await ask(['ann@contoso.com', 'root@contoso.com']));
    assert.deepEqual(
      view.members.map((member) => member.requiredApprovals),
      [2, 2],
    );
    const first = await harness.svc.approve(view.leader.id, ALEX, SOURCE);
    assert.equal(first.kind, 'awaiting-approval');
    assert.deepEqual(
      (await harness.store.listInStates(['approved', 'running'])).map((r) => r.id),
      [],
    );
    assert.equal((await harness.svc.approve(view.leader.id, DANA, SOURCE)).kind, 'approved');
    await harness.runner.drain();
    for (const member of view.members) assert.equal((await stored(member.id)).state, 'completed');
    assert.deepEqual(
      users.map((user) => user.accountEnabled),
      [false, true, true, false],
    );
  });

  it('runs every member on one approval and says once that the group finished', async () => {
    const view = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    assert.equal((await harness.svc.approve(view.leader.id, ALEX, SOURCE)).kind, 'approved');
    await harness.runner.drain();
    for (const member of view.members) {
      const done = await stored(member.id);
      assert.equal(done.state, 'completed');
      assert.deepEqual(
        done.approvals?.map((approval) => approval.by.id),
        ['alex'],
      );
      assert.equal(done.decidedBy?.id, 'alex');
    }
    assert.equal(harness.groupsFinished.length, 1);
    assert.equal(harness.groupsFinished[0]?.members.length, 2);
    assert.ok(users[0]?.calls.includes('disableDevice d-ann'));
    assert.ok(users[1]?.calls.includes('disableDevice d-ben'));
  });

  it('tells the listener "approved" before any member runs (a later "approved" would hide "running")', async () => {
    const view = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    await harness.svc.approve(view.leader.id, ALEX, SOURCE);
    await harness.runner.drain();
    const states = harness.changes.map((change) => `${change.id}:${change.state}`);
    const approved = states.indexOf(`${view.leader.id}:approved`);
    const running = states.findIndex((state) => state.endsWith(':running'));
    assert.ok(approved >= 0 && approved < running, states.join(' '));
  });

  it('refuses a decision on a member that is not the leader (a forged card action)', async () => {
    const view = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    const follower = view.members[1] as LockdownRequest;
    assert.equal((await harness.svc.approve(follower.id, ALEX, SOURCE)).kind, 'unknown');
    assert.equal((await harness.svc.cancel(follower.id, RILEY, SOURCE)).kind, 'unknown');
    assert.equal((await stored(follower.id)).state, 'pending');
  });

  it('cancels every member with the leader', async () => {
    const view = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    assert.equal((await harness.svc.cancel(view.leader.id, RILEY, SOURCE)).kind, 'cancelled');
    for (const member of view.members) assert.equal((await stored(member.id)).state, 'cancelled');
    assert.deepEqual(
      users.map((user) => user.accountEnabled),
      [true, true, true, true],
    );
  });

  it('finishes a follow-up cut short: members of an approved leader are approved and run', async () => {
    const view = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    // The leader was approved, and the process died before the others followed.
    await harness.store.transition(view.leader.id, ['pending'], {
      state: 'approved',
      decidedBy: ALEX,
      decidedAt: new Date().toISOString(),
      approvals: [{ by: ALEX, at: new Date().toISOString() }],
    });
    assert.equal(await harness.svc.expireStale(), 0);
    await harness.runner.run(view.leader.id);
    await harness.runner.drain();
    for (const member of view.members) assert.equal((await stored(member.id)).state, 'completed');
  });

  it('expires members only with their leader', async () => {
    const view = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    const follower = view.members[1] as LockdownRequest;
    // A member past its time never expires on its own while its leader waits.
    const past = new Date(Date.parse(view.leader.expiresAt) + 1000);
    assert.equal((await stored(follower.id)).state, 'pending');
    const svc = harness.svc as unknown as { now: () => Date };
    const realNow = svc.now;
    svc.now = () => past;
    try {
      assert.equal(await harness.svc.expireStale(), 1);
    } finally {
      svc.now = realNow;
    }
    for (const member of view.members) assert.equal((await stored(member.id)).state, 'expired');
  });

  it('unlocks a list: each account from its own latest lockdown, those with none left out', async () => {
    const locked = created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    await harness.svc.approve(locked.leader.id, ALEX, SOURCE);
    await harness.runner.drain();
    const result = await harness.svc.requestGroup({
      kind: 'unlock',
      targets: ['ann@contoso.com', 'ben@contoso.com', 'root@contoso.com'],
      mode: 'full',
      requestedBy: RILEY,
      origin: ORIGIN,
    });
    const view = created(result);
    assert.deepEqual(
      view.members.map((member) => [member.kind, member.undo?.lockdownId]),
      locked.members.map((member) => ['unlock', member.id]),
    );
    assert.deepEqual(
      view.leftOut.map((left) => left.userPrincipalName),
      ['root@contoso.com'],
    );
    await harness.svc.approve(view.leader.id, ALEX, SOURCE);
    await harness.runner.drain();
    assert.deepEqual(
      users.map((user) => user.accountEnabled),
      [true, true, true, true],
    );
    for (const member of locked.members) {
      assert.equal((await stored(member.id)).undoneBy?.requestId !== undefined, true);
    }
  });

  describe('from an alert', () => {
    const alert = { title: 'Password spray', incidentId: '42', source: 'sentinel' };
    const APP = { id: 'playbook-app', name: 'Sentinel playbook' };

    async function fromAlert(targets: string[]) {
      return created(
        await harness.svc.requestGroup({
          targets,
          mode: 'full',
          requestedBy: APP,
          origin: ORIGIN,
          alert,
          trustedRequester: true,
        }),
      );
    }

    it('is a group even for one account, and comments on the incident once it finished', async () => {
      const view = await fromAlert(['ann@contoso.com']);
      assert.equal(view.leader.group?.memberIds.length, 1);
      assert.deepEqual(view.leader.alert, alert);
      await harness.svc.approve(view.leader.id, ALEX, SOURCE);
      await harness.runner.drain();
      const [comment] = users[0]?.incidentComments.get('42') ?? [];
      assert.match(comment ?? '', /^Lockdown \(Teams bot\): 1 of 1 account contained/);
      assert.match(comment ?? '', /Approved by Alex/);
      assert.equal(harness.groupsFinished[0]?.incidentComment?.status, 'done');
      assert.equal((await harness.svc.group(view.leader))?.incidentComment?.status, 'done');
    });

    it('shows a refused comment and still finishes the lockdown', async () => {
      users[0]?.failOn('commentOnIncident');
      const view = await fromAlert(['ann@contoso.com', 'ben@contoso.com']);
      await harness.svc.approve(view.leader.id, ALEX, SOURCE);
      await harness.runner.drain();
      assert.equal(harness.groupsFinished[0]?.incidentComment?.status, 'failed');
      for (const member of view.members) assert.equal((await stored(member.id)).state, 'completed');
    });

    it('never counts the calling app as an approver (it asked)', async () => {
      const view = await fromAlert(['ann@contoso.com']);
      const refused = await harness.svc.approve(view.leader.id, APP, SOURCE);
      assert.equal(refused.kind, 'refused');
    });
  });

  it('counts a group once in the history', async () => {
    const group = created(await ask(['ann@contoso.com', 'ben@contoso.com', 'root@contoso.com']));
    const single = { ...group.leader, id: 'single', group: undefined };
    const requests = [...group.members, single];
    assert.deepEqual(
      firstGroups(requests, 1).map((request) => request.id),
      group.members.map((member) => member.id),
    );
    assert.equal(firstGroups(requests, 2).length, 4);
  });

  it('reads the channel history a group at a time, and only as much as it needs', async () => {
    const origin = { ...ORIGIN, channelId: 'ch' };
    const groupAsk = { mode: 'full' as const, requestedBy: RILEY, origin };
    const group = created(
      await harness.svc.requestGroup({
        ...groupAsk,
        targets: ['ann@contoso.com', 'ben@contoso.com', 'cat@contoso.com', 'root@contoso.com'],
      }),
    );
    const sizes: number[] = [];
    const store = {
      listRecent: (filter: Parameters<typeof harness.store.listRecent>[0]) => {
        sizes.push(filter.limit);
        return harness.store.listRecent(filter);
      },
    };
    const latest = await recentInChannel(store, 'ch', 1);
    assert.deepEqual(
      latest.map((request) => request.id).sort(),
      group.members.map((member) => member.id).sort(),
    );
    assert.deepEqual(sizes, [2, 8], 'read more only while one group filled the first read');
  });

  it('counts a group once against the per-person pending limit', async () => {
    for (let i = 0; i < 9; i++) created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    created(await ask(['ann@contoso.com', 'ben@contoso.com']));
    const eleventh = await ask(['ann@contoso.com', 'ben@contoso.com']);
    assert.equal(eleventh.kind, 'refused');
    assert.match((eleventh as { reason: string }).reason, /already have 10 requests/);
  });
});
