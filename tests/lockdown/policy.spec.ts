import assert from 'node:assert/strict';
import {
  AccessPolicy,
  type AccessRules,
  type GroupDirectory,
  MAX_APPROVER_AUDIENCE,
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

  it('gives up on per-person views past the Teams limit or when the groups cannot be read', async () => {
    const many = Array.from({ length: MAX_APPROVER_AUDIENCE + 1 }, (_, i) => `u${i}`);
    assert.equal(
      await new AccessPolicy(
        { ...NOBODY, approverGroupIds: ['g'] },
        groups(many),
      ).approverCandidates(),
      undefined,
    );
    assert.equal(
      await new AccessPolicy(
        { ...NOBODY, approverGroupIds: ['g'] },
        groups([], true),
      ).approverCandidates(),
      undefined,
    );
  });
});
