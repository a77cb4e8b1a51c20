import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import { buildHistoryCard, buildStatusCard, groupMembershipLine } from '../../../src/teams/cards';
import { cardText } from './card-text';
import { NOW, completedFull, request } from './fixtures';
import { ALL_DONE, changed, decidedAs, groupOf } from './group-fixtures';
import { unlockRequest } from './unlock-fixtures';

const BOB = { id: 'aad-bob', name: 'Bob Approver' };

describe('the history card with groups', () => {
  const ended = changed(groupOf(request(), 12), (_, i) =>
    decidedAs(i === 3 ? 'partial' : 'completed', ALL_DONE, BOB),
  );
  const waiting = groupOf(request(), 2, { groupNo: 1, upn: (i) => `other${i}@contoso.com` });

  it('collapses the members of a group into one row, where the first of them was', () => {
    const card = buildHistoryCard([
      ...waiting.members,
      completedFull(),
      ...ended.members.slice(0, 5),
    ]);
    const titles = cardText(card)
      .split('\n')
      .filter((line) => line.startsWith('Lockdown of'));
    assert.deepEqual(titles, [
      'Lockdown of 2 accounts: other0@contoso.com, other1@contoso.com — pending',
      'Lockdown of jane@contoso.com — completed',
      'Lockdown of 12 accounts: user0@contoso.com, user1@contoso.com, user2@contoso.com and 9 more — partial',
    ]);
    assert.ok(cardText(card).includes('· partial by Bob Approver'));
  });

  it('counts a group as one of its 20 rows', () => {
    const rows = [...ended.members, ...Array.from({ length: 25 }, () => completedFull())];
    assert.equal(buildHistoryCard(rows).body.length, 1 + 20);
  });
});

describe('the status card of a group member', () => {
  const cases: [string, LockdownRequest, string | undefined][] = [
    [
      'a lockdown',
      groupOf(request(), 12).members[4] as LockdownRequest,
      'Part of a lockdown of 12 accounts (asked by Ann Responder)',
    ],
    [
      'an unlock',
      groupOf(unlockRequest(), 3).members[1] as LockdownRequest,
      'Part of an unlock of 3 accounts (asked by Carl Responder)',
    ],
    ['an ungrouped request', request(), undefined],
  ];
  for (const [what, member, line] of cases) {
    it(`${what}: ${line ?? 'no line'}`, () => {
      assert.equal(groupMembershipLine(member), line);
      const text = cardText(buildStatusCard(member, NOW)).split('\n');
      if (line === undefined) {
        assert.ok(!text.some((l) => l.includes('Part of')));
      } else {
        // Right under the headline band.
        assert.equal(text[2], `👥 ${line}`);
      }
    });
  }
});
