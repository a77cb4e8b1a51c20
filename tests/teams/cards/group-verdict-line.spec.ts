import assert from 'node:assert/strict';
import type { GroupView } from '../../../src/lockdown/group';
import type { LockdownRequest } from '../../../src/lockdown/request';
import {
  GROUP_VERDICT_BYTES,
  MAX_NAMED_PROBLEMS,
  groupVerdictLine,
  jsonByteLength,
} from '../../../src/teams/cards';
import { DENIED, deniedDevice, done, request } from './fixtures';
import { ALL_DONE, changed, decidedAs, groupOf, longestUpn } from './group-fixtures';
import { completedUnlock, unlockRequest } from './unlock-fixtures';

const BOB = { id: 'aad-bob', name: 'Bob Approver' };

/** A member that failed on the account's step with `code`. */
const failedOn = (code: string = DENIED.code): Partial<LockdownRequest> =>
  decidedAs(
    'failed',
    [{ step: 'disable-account', status: 'failed', failure: { ...DENIED, code } }],
    BOB,
  );
/** A member whose devices (two) could not be disabled. */
const partialDevices = decidedAs(
  'partial',
  [
    done('disable-account', 400),
    { step: 'disable-devices', status: 'failed', devices: [deniedDevice(1), deniedDevice(2)] },
  ],
  BOB,
);
const completed = decidedAs('completed', ALL_DONE, BOB);
/** What a completed unlock records. */
const { state, steps, decidedBy, decidedAt, finishedAt } = completedUnlock();
const unlocked = { state, steps, decidedBy, decidedAt, finishedAt };

/** A group of `size` members, member `i` changed by `change(i)`. */
function group(
  size: number,
  change: (i: number) => Partial<LockdownRequest>,
  base = request(),
): GroupView {
  return changed(groupOf(base, size), (_, i) => change(i));
}

describe('groupVerdictLine', () => {
  const cases: { name: string; view: GroupView; line: string }[] = [
    {
      name: 'completed',
      view: group(3, () => completed),
      line: 'Locked down 3 of 3 accounts in 2.1 s',
    },
    {
      name: 'partial and failed members, each with its first failure',
      view: group(13, (i) => (i === 1 ? partialDevices : i === 2 ? failedOn() : completed)),
      line: 'Locked down 12 of 13 accounts in 2.1 s; partial: user1@contoso.com (2 devices failed); failed: user2@contoso.com (Authorization_RequestDenied)',
    },
    {
      name: 'all failed',
      view: group(2, () => failedOn('Request_ResourceNotFound')),
      line: 'Lockdown of 2 accounts failed in 2.1 s; failed: user0@contoso.com (Request_ResourceNotFound), user1@contoso.com (Request_ResourceNotFound)',
    },
    {
      name: 'keep-enabled',
      view: group(2, () => completed, request({ mode: 'keep-enabled' })),
      line: 'Locked down 2 of 2 accounts in 2.1 s (keep-enabled: accounts left enabled)',
    },
    {
      name: 'wall time from the earliest start to the latest end',
      view: group(3, (i) => ({
        ...completed,
        decidedAt: `2026-11-28T14:06:0${i}.000Z`,
        finishedAt: `2026-11-28T14:06:0${5 - i}.500Z`,
      })),
      line: 'Locked down 3 of 3 accounts in 5.5 s',
    },
    {
      name: 'an unlock',
      view: group(2, () => unlocked, unlockRequest()),
      line: 'Unlocked 2 of 2 accounts in 1.2 s',
    },
    {
      name: 'pending',
      view: group(4, () => ({})),
      line: 'Lockdown of 4 accounts is waiting for approval until 2026-11-28 14:20 UTC',
    },
    {
      name: 'running',
      view: group(3, (i) => (i === 0 ? completed : decidedAs('running', [], BOB))),
      line: 'Locking down 3 accounts: 1 done so far',
    },
    {
      name: 'cancelled',
      view: group(3, () => ({ state: 'cancelled', decidedBy: BOB })),
      line: 'Lockdown of 3 accounts cancelled by Bob Approver — nothing was changed',
    },
    {
      name: 'expired',
      view: group(3, () => ({ state: 'expired' })),
      line: 'Lockdown of 3 accounts expired without approval — nothing was changed',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(groupVerdictLine(c.view), c.line));
  }

  it(`names at most ${MAX_NAMED_PROBLEMS} accounts, failed ones first, then counts the rest`, () => {
    const view = changed(groupOf(request(), 50, { upn: longestUpn }), (_, i) =>
      i % 2 ? failedOn('X'.repeat(300)) : partialDevices,
    );
    const line = groupVerdictLine(view);
    assert.equal(line.match(/@d+\.com/g)?.length, MAX_NAMED_PROBLEMS, line);
    assert.match(line, /^Locked down 25 of 50 accounts in 2\.1 s; partial: 25 accounts; failed: /);
    assert.match(line, / and 15 more$/);
    assert.ok(jsonByteLength(line) <= GROUP_VERDICT_BYTES, `${jsonByteLength(line)}`);
  });

  it('keeps a markdown link in a failure code from becoming a link', () => {
    const view = group(1, () => failedOn('[x](https://evil.example)'));
    assert.ok(!groupVerdictLine(view).includes(']('), groupVerdictLine(view));
  });
});
