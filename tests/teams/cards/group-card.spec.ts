import assert from 'node:assert/strict';
import type { GroupView } from '../../../src/lockdown/group';
import { ADD_COMMENT_BY_HAND, buildGroupCard } from '../../../src/teams/cards';
import { cardText, textBlocksWith } from './card-text';
import { DENIED, NOW, request } from './fixtures';
import { ALL_DONE, HALFWAY, SENTINEL_ALERT, decidedAs } from './group-fixtures';
import {
  BOB,
  FAILED_ACCOUNT,
  PARTIAL_DEVICES,
  decided,
  header,
  threeAccounts,
} from './group-samples';

describe('buildGroupCard', () => {
  const options = { now: NOW };

  describe('chooses the card by the group state', () => {
    const cases: { state: string; view: GroupView; title: string; actions: boolean }[] = [
      { state: 'pending', view: threeAccounts(), title: 'Lock down 3 accounts?', actions: true },
      {
        state: 'approved',
        view: decided(threeAccounts(), () => decidedAs('approved', [], BOB)),
        title: 'Locking down 3 accounts…',
        actions: false,
      },
      {
        state: 'running',
        view: decided(threeAccounts(), (i) =>
          decidedAs(i ? 'running' : 'completed', i ? HALFWAY : ALL_DONE, BOB),
        ),
        title: 'Locking down 3 accounts…',
        actions: false,
      },
      {
        state: 'completed',
        view: decided(threeAccounts(), () => decidedAs('completed', ALL_DONE, BOB)),
        title: '3 accounts locked down',
        actions: false,
      },
      {
        state: 'partial',
        view: decided(threeAccounts(), (i) =>
          i === 0 ? decidedAs('completed', ALL_DONE, BOB) : PARTIAL_DEVICES,
        ),
        title: '1 of 3 accounts locked down',
        actions: false,
      },
      {
        state: 'failed',
        view: decided(threeAccounts(), () => FAILED_ACCOUNT),
        title: 'Lockdown of 3 accounts failed',
        actions: false,
      },
      {
        state: 'cancelled',
        view: decided(threeAccounts(), () => ({
          state: 'cancelled',
          decidedBy: BOB,
          decidedAt: '2026-11-28T14:07:00Z',
        })),
        title:
          'Lockdown of 3 accounts cancelled by Bob Approver at 2026-11-28 14:07 UTC — nothing was changed',
        actions: false,
      },
      {
        state: 'expired',
        view: decided(threeAccounts(), () => ({ state: 'expired' })),
        title:
          'Lockdown of 3 accounts expired at 2026-11-28 14:20 UTC without approval — nothing was changed',
        actions: false,
      },
      {
        state: 'rejected',
        view: decided(threeAccounts(), () => ({ state: 'rejected', decidedBy: BOB })),
        title: 'Lockdown of 3 accounts rejected by Bob Approver — nothing was changed',
        actions: false,
      },
    ];
    for (const c of cases) {
      it(`${c.state}: "${c.title}"`, () => {
        const card = buildGroupCard(c.view, options);
        assert.equal(header(card).title, c.title);
        assert.equal(card.actions !== undefined, c.actions);
      });
    }
  });

  describe('running and final', () => {
    it('while running: the counts, and each member with its step or status', () => {
      const view = decided(
        threeAccounts(),
        (i) =>
          [
            decidedAs('completed', ALL_DONE, BOB),
            decidedAs('running', HALFWAY, BOB),
            decidedAs('approved', [], BOB),
          ][i] ?? {},
      );
      const text = cardText(buildGroupCard(view, options));
      for (const line of [
        'Contained 1 of 3 · 2 running · 0 failed',
        '✅ 0 Jane Doe · user0@contoso.com — locked down in 2.1 s',
        '🔄 1 Jane Doe · user1@contoso.com — Reset the password',
        '⏳ 2 Jane Doe · user2@contoso.com — waiting to start',
      ]) {
        assert.ok(text.split('\n').includes(line), `${line}\n---\n${text}`);
      }
      assert.ok(!text.includes('What to do next'), text);
    });

    it('once finished: a verdict per member, who approved, who was left out, next steps once', () => {
      const view = decided(
        threeAccounts(),
        (i) => [decidedAs('completed', ALL_DONE, BOB), PARTIAL_DEVICES, FAILED_ACCOUNT][i] ?? {},
      );
      const card = buildGroupCard(view, options);
      const text = cardText(card);
      for (const line of [
        'Contained 1 of 3 · 1 partial · 1 failed',
        '⚠️ 1 Jane Doe · user1@contoso.com — partly locked down in 2.1 s: Disable registered devices (1 device failed)',
        '❌ 2 Jane Doe · user2@contoso.com — failed in 2.1 s: Disable the account (Authorization_RequestDenied)',
        'Bob Approver at 2026-11-28 14:06 UTC',
        '2026-11-28 14:06 UTC · took 2.1 s',
        '• nobody0@contoso.com: No such user.',
      ]) {
        assert.ok(text.split('\n').includes(line), `${line}\n---\n${text}`);
      }
      assert.equal(text.match(/Access tokens already issued/g)?.length, 1);
      assert.match(
        text,
        /^• In Intune, block the devices .*: 1 account \(user1@contoso\.com\)\.$/m,
      );
      assert.match(
        text,
        /^• A step failed on 1 account \(user2@contoso\.com\): .* run \/lockdown user2@contoso\.com again/m,
      );
      assert.equal(textBlocksWith(card, '❌ 2 Jane Doe')[0]?.['color'], 'attention');
    });

    it('says the group is done in the good colour, keep-enabled in the warning colour', () => {
      for (const [base, style] of [
        [request(), 'good'],
        [request({ mode: 'keep-enabled' }), 'warning'],
      ] as const) {
        const view = decided(threeAccounts(base), () => decidedAs('completed', ALL_DONE, BOB));
        assert.equal(header(buildGroupCard(view, options)).style, style);
      }
    });
  });

  describe("an alert's incident comment, once the group finished", () => {
    const alerted = threeAccounts(request({ alert: SENTINEL_ALERT }));
    const ended = decided(alerted, () => decidedAs('completed', ALL_DONE, BOB));
    const at = '2026-11-28T14:08:00.000Z';
    const cases: [string, GroupView, string | undefined][] = [
      ['not known yet: nothing', ended, undefined],
      [
        'added: a quiet line',
        { ...ended, incidentComment: { status: 'done', at } },
        '💬 Verdict added to incident 4711 as a comment at 2026-11-28 14:08 UTC',
      ],
      [
        'failed: a warning with the answer, and what to do',
        { ...ended, incidentComment: { status: 'failed', at, failure: DENIED } },
        `⚠️ Could not add the verdict to incident 4711: Authorization_RequestDenied (403): Insufficient privileges to complete the operation. · request-id ${DENIED.requestId}. ${ADD_COMMENT_BY_HAND}`,
      ],
    ];
    for (const [what, view, line] of cases) {
      it(what, () => {
        const text = cardText(buildGroupCard(view, options)).split('\n');
        if (line === undefined) assert.ok(!text.some((l) => l.includes('incident 4711 as')));
        else assert.ok(text.includes(line), text.join('\n'));
      });
    }
  });
});
