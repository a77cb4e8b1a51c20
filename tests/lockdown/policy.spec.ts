import assert from 'node:assert/strict';
import {
  AccessPolicy,
  type AccessRules,
  type GroupDirectory,
  OPEN_ACCESS_RULES,
} from '../../src/lockdown/policy';

const NOBODY: AccessRules = OPEN_ACCESS_RULES;

/** A group directory that counts its calls and can fail. */
function groups(members: string[], fail = false): GroupDirectory & { calls: number } {
  return {
    calls: 0,
    async memberGroups() {
      return [];
    },
    async groupUserIds() {
      this.calls++;
      if (fail) throw new Error('Graph is down');
      return members;
    },
  };
}

describe('AccessPolicy.approverCandidates', () => {
  it('is undefined when anyone may approve', async () => {
    assert.equal(await new AccessPolicy(NOBODY, groups([])).approverCandidates(), undefined);
  });

  it('joins listed people and group users, without duplicates, and reads the groups once a minute', async () => {
    let now = 0;
    const directory = groups(['B', 'c']);
    const policy = new AccessPolicy(
      { ...NOBODY, approverIds: ['a', 'b'], approverGroupIds: ['g'] },
      directory,
      () => now,
    );
    assert.deepEqual(await policy.approverCandidates(), ['a', 'b', 'c']);
    now = 59_000;
    await policy.approverCandidates();
    assert.equal(directory.calls, 1);
    now = 61_000;
    await policy.approverCandidates();
    assert.equal(directory.calls, 2);
  });

  it('answers every approver however many (the Teams limit belongs to the Teams face)', async () => {
    const many = Array.from({ length: 100 }, (_, i) => `u${i}`);
    const ids = await new AccessPolicy(
      { ...NOBODY, approverGroupIds: ['g'] },
      groups(many),
    ).approverCandidates();
    assert.equal(ids?.length, 100);
  });

  it('answers undefined when the groups cannot be read, and does not remember the failure', async () => {
    const failing = groups(['a'], true);
    const policy = new AccessPolicy({ ...NOBODY, approverGroupIds: ['g'] }, failing);
    assert.equal(await policy.approverCandidates(), undefined);
    assert.equal(await policy.approverCandidates(), undefined);
    assert.equal(failing.calls, 2, 'asked again, not cached');
  });
});

describe('AccessPolicy decisions', () => {
  const RILEY = { id: 'a0000000-0000-4000-8000-00000000000a', name: 'Riley' };
  const ALEX = { id: 'a0000000-0000-4000-8000-00000000000b', name: 'Alex' };
  const MALLORY = { id: 'a0000000-0000-4000-8000-00000000000c', name: 'Mallory' };
  const upper = (person: { id: string; name: string }) => ({
    ...person,
    id: person.id.toUpperCase(),
  });
  const request = (approvals: { id: string; name: string }[] = []) =>
    ({
      requestedBy: RILEY,
      approvals: approvals.map((by) => ({ by, at: '2026-01-01T00:00:00Z' })),
    }) as unknown as import('../../src/lockdown/request').LockdownRequest;
  const memberOf = (ids: string[], behaviour: 'answer' | 'fail' | 'hang' = 'answer') => ({
    async memberGroups(userId: string) {
      if (behaviour === 'fail') throw new Error('Graph is down');
      if (behaviour === 'hang') return new Promise<string[]>(() => undefined);
      return ids.includes(userId) ? ['g'] : [];
    },
    async groupUserIds() {
      return ids;
    },
  });

  const approverCases: readonly [
    string,
    Partial<AccessRules>,
    Parameters<typeof request>[0],
    { id: string; name: string },
    RegExp | undefined,
  ][] = [
    ['the requester in upper case', {}, [], upper(RILEY), /four-eyes/],
    [
      'a second click of the same approver in upper case',
      {},
      [ALEX],
      upper(ALEX),
      /already approved/,
    ],
    [
      'a listed approver written in upper case in the config',
      { approverIds: [ALEX.id.toUpperCase()] },
      [],
      ALEX,
      undefined,
    ],
    ['someone not listed', { approverIds: [ALEX.id] }, [], MALLORY, /not an approver/],
  ];
  for (const [name, rules, approvals, approver, refusal] of approverCases) {
    it(`approval: ${name}`, async () => {
      const policy = new AccessPolicy({ ...NOBODY, ...rules }, memberOf([]));
      const answer = await policy.approverRefusal(request(approvals), approver);
      if (refusal) assert.match(answer ?? '', refusal);
      else assert.equal(answer, undefined);
    });
  }

  const cancelCases: readonly [
    string,
    Partial<AccessRules>,
    'answer' | 'fail' | 'hang',
    { id: string; name: string },
    RegExp | undefined,
  ][] = [
    ['the requester', { approverIds: [ALEX.id] }, 'answer', upper(RILEY), undefined],
    ['a listed approver', { approverIds: [ALEX.id] }, 'answer', ALEX, undefined],
    ['an approver through a group', { approverGroupIds: ['g'] }, 'answer', ALEX, undefined],
    [
      'an outsider',
      { approverIds: [ALEX.id] },
      'answer',
      MALLORY,
      /Only the requester or an approver can cancel this lockdown/,
    ],
    ['anyone when nobody is listed', {}, 'answer', MALLORY, undefined],
    [
      'someone whose group check fails',
      { approverGroupIds: ['g'] },
      'fail',
      MALLORY,
      /could not be checked/,
    ],
    [
      'someone whose group check hangs',
      { approverGroupIds: ['g'] },
      'hang',
      MALLORY,
      /could not be verified in time/,
    ],
  ];
  for (const [name, rules, behaviour, person, refusal] of cancelCases) {
    it(`cancel: ${name}`, async () => {
      const policy = new AccessPolicy(
        { ...NOBODY, ...rules },
        memberOf([ALEX.id], behaviour),
        Date.now,
        50,
      );
      const answer = await policy.cancelRefusal(request(), person);
      if (refusal) assert.match(answer ?? '', refusal);
      else assert.equal(answer, undefined);
    });
  }
});

describe('AccessPolicy.viewRefusal', () => {
  const RILEY = { id: 'a0000000-0000-4000-8000-00000000000a', name: 'Riley' };
  const DANA = { id: 'a0000000-0000-4000-8000-00000000000d', name: 'Dana' };
  const request = { requestedBy: RILEY, approvals: [] } as unknown as Parameters<
    AccessPolicy['viewRefusal']
  >[0];
  const failing: GroupDirectory = {
    memberGroups: async () => {
      throw new Error('Graph is down');
    },
    groupUserIds: async () => [],
  };

  it('keeps Confirm on a view when the group check fails, but refuses the click itself', async () => {
    const policy = new AccessPolicy({ ...NOBODY, approverGroupIds: ['g'] }, failing);
    assert.equal(await policy.viewRefusal(request, DANA), undefined);
    assert.match((await policy.approverRefusal(request, DANA)) ?? '', /could not be checked/);
  });

  it('still hides Confirm from the requester and from someone definitely not listed', async () => {
    const policy = new AccessPolicy({ ...NOBODY, approverIds: [DANA.id] }, failing);
    assert.match((await policy.viewRefusal(request, RILEY)) ?? '', /four-eyes/);
    assert.match(
      (await policy.viewRefusal(request, {
        id: 'a0000000-0000-4000-8000-00000000000e',
        name: 'E',
      })) ?? '',
      /not an approver/,
    );
  });
});
