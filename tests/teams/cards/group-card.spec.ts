import assert from 'node:assert/strict';
import type { GroupView } from '../../../src/lockdown/group';
import type { LockdownRequest, RoleSummary } from '../../../src/lockdown/request';
import {
  CANCEL_VERB,
  CONFIRM_VERB,
  GROUP_STATUS_HINT,
  REFRESH_VERB,
  buildConfirmationCard,
  buildGroupCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { renderCard, renderGroupCard } from '../../../src/teams/render-card';
import { cardText, cardTexts, textBlocksWith } from './card-text';
import { DENIED, NOW, deniedDevice, done, request, target } from './fixtures';
import { FULL_FOOTHOLD } from './foothold-fixtures';
import { ALL_DONE, HALFWAY, changed, decidedAs, groupOf, leftOutOf } from './group-fixtures';
import { teamsUserId } from './largest-inputs';

const BOB = { id: 'aad-bob', name: 'Bob Approver' };
const GLOBAL_ADMIN: RoleSummary = {
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
  privileged: true,
};
const REPLY = JSON.stringify({ user: { id: teamsUserId(0) } });

/**
 * Three members: 0 a Global Administrator with the foothold of issue 11, 1 synced and already
 * disabled, 2 a guest; one account left out.
 */
function pending(base: LockdownRequest = request()): GroupView {
  return groupOf(base, 3, {
    leftOut: leftOutOf(1, 'protected'),
    change: (member, i) => ({
      origin: { ...member.origin, reply: REPLY },
      requiredApprovals: 2,
      target: {
        ...member.target,
        ...(i === 0 ? { roles: [GLOBAL_ADMIN], foothold: FULL_FOOTHOLD } : {}),
        ...(i === 1 ? { onPremisesSyncEnabled: true, accountEnabled: false } : {}),
        ...(i === 2 ? { userType: 'Guest' as const, devices: [] } : {}),
      },
    }),
  });
}

/** The header band's title and style (the first container, no alert). */
function header(card: AdaptiveCard): { title: string; style: unknown } {
  const band = card.body[0] as { style?: unknown; items: { text: string }[] };
  return { title: band.items[0]?.text ?? '', style: band.style };
}

/** The group with member `i` in the state `states(i)` says, decided by Bob. */
function decided(view: GroupView, states: (i: number) => Partial<LockdownRequest>): GroupView {
  return changed(view, (_, i) => states(i));
}

describe('buildGroupCard', () => {
  const options = { now: NOW };
  const partialDevices = decidedAs(
    'partial',
    [
      done('disable-account', 400),
      { step: 'disable-devices', status: 'failed', devices: [deniedDevice(1)] },
    ],
    BOB,
  );
  const failedAccount = decidedAs(
    'failed',
    [{ step: 'disable-account', status: 'failed', failure: DENIED }],
    BOB,
  );

  describe('chooses the card by the group state', () => {
    const cases: { state: string; view: GroupView; title: string; actions: boolean }[] = [
      { state: 'pending', view: pending(), title: 'Lock down 3 accounts?', actions: true },
      {
        state: 'approved',
        view: decided(pending(), () => decidedAs('approved', [], BOB)),
        title: 'Locking down 3 accounts…',
        actions: false,
      },
      {
        state: 'running',
        view: decided(pending(), (i) =>
          decidedAs(i ? 'running' : 'completed', i ? HALFWAY : ALL_DONE, BOB),
        ),
        title: 'Locking down 3 accounts…',
        actions: false,
      },
      {
        state: 'completed',
        view: decided(pending(), () => decidedAs('completed', ALL_DONE, BOB)),
        title: '3 accounts locked down',
        actions: false,
      },
      {
        state: 'partial',
        view: decided(pending(), (i) =>
          i === 0 ? decidedAs('completed', ALL_DONE, BOB) : partialDevices,
        ),
        title: '1 of 3 accounts locked down',
        actions: false,
      },
      {
        state: 'failed',
        view: decided(pending(), () => failedAccount),
        title: 'Lockdown of 3 accounts failed',
        actions: false,
      },
      {
        state: 'cancelled',
        view: decided(pending(), () => ({
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
        view: decided(pending(), () => ({ state: 'expired' })),
        title:
          'Lockdown of 3 accounts expired at 2026-11-28 14:20 UTC without approval — nothing was changed',
        actions: false,
      },
      {
        state: 'rejected',
        view: decided(pending(), () => ({ state: 'rejected', decidedBy: BOB })),
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

  describe('pending', () => {
    const view = pending();
    const card = buildGroupCard(view, options);
    const text = cardText(card);

    it('has a compact row per member: name, UPN, privileged roles standing out, warnings, counts', () => {
      for (const line of [
        '0 Jane Doe · user0@contoso.com',
        '⚠️ Global Administrator; eligible: Global Administrator — PRIVILEGED',
        '3 devices · 3 sign-in methods (1 new) · 3 risky mail rules (1 sending outside) · 3 consents (1 unverified) · risk high',
        '1 Jane Doe · user1@contoso.com',
        'synced from on-premises AD · already disabled · 3 devices',
        '2 Jane Doe · user2@contoso.com',
        'guest · no devices',
      ]) {
        assert.ok(text.split('\n').includes(line), `${line}\n---\n${text}`);
      }
      const [roles] = textBlocksWith(card, '— PRIVILEGED');
      assert.equal(roles?.['color'], 'attention');
    });

    it('never lists devices or the foothold item by item', () => {
      for (const item of ['Windows-device-1', 'Pixel 8', 'Mail Helper', 'collector@proton']) {
        assert.ok(!text.includes(item), item);
      }
    });

    it('says how to see one account in full, then who was left out and why', () => {
      const lines = text.split('\n');
      assert.ok(lines.indexOf(GROUP_STATUS_HINT) > lines.indexOf('2 Jane Doe · user2@contoso.com'));
      assert.ok(lines.includes('Left out (1)'), text);
      assert.ok(lines.includes('• nobody0@contoso.com: No such user.'), text);
    });

    it('shows the plan as the single card does, then who asked, the expiry and the approvals', () => {
      for (const line of [
        'Plan (for each account)',
        'Disable the account',
        'Read back and verify',
      ]) {
        assert.ok(text.split('\n').includes(line), line);
      }
      assert.ok(text.includes('Ann Responder at 2026-11-28 14:05 UTC'), text);
      assert.ok(text.includes('2026-11-28 14:20 UTC (in 15 min)'), text);
      assert.ok(
        text.includes(
          '🔐 Needs 2 different approvers: 0 Jane Doe holds a privileged role. Approved so far: none yet (0 of 2).',
        ),
        text,
      );
    });

    it('counts the synced accounts and guests under the headline', () => {
      assert.match(
        text,
        /^⚠️ 1 account synced from on-premises AD: .* disable it on-premises too$/m,
      );
      assert.match(text, /^ℹ️ 1 guest account: /m);
    });

    it('keep-enabled: says so under the headline and marks the skipped steps', () => {
      const keep = cardText(buildGroupCard(pending(request({ mode: 'keep-enabled' })), options));
      assert.match(keep, /^Keep enabled: the account stays enabled/m);
      assert.match(keep, /^skipped \(keep-enabled mode\)$/m);
    });
  });

  describe('pending: the same buttons and views as a single request', () => {
    const view = pending();
    const leader = view.leader;
    const cases: { name: string; options: Parameters<typeof buildGroupCard>[1] }[] = [
      { name: 'anyone', options: { now: NOW } },
      { name: 'an approver', options: { now: NOW, viewer: { canApprove: true } } },
      {
        name: 'the requester',
        options: { now: NOW, viewer: { canApprove: false, note: 'You asked for this lockdown.' } },
      },
      { name: 'with refresh', options: { now: NOW, refreshFor: ['29:a', '29:b'] } },
      { name: 'self-approval', options: { now: NOW, selfApprovalAllowed: true } },
    ];
    for (const c of cases) {
      it(`${c.name}: Confirm and Cancel carry the leader's id, with the single card's verbs`, () => {
        const group = buildGroupCard(view, c.options);
        const single = buildConfirmationCard(leader, c.options);
        assert.deepEqual(group.actions, single.actions);
        assert.deepEqual(group.refresh, single.refresh);
        assert.ok(group.actions?.every((a) => a.data['requestId'] === leader.id));
        assert.ok(group.actions?.some((a) => a.verb === CANCEL_VERB));
      });
    }

    it('the requester sees no Confirm, and why', () => {
      const note = 'You asked for this lockdown.';
      const card = buildGroupCard(view, { now: NOW, viewer: { canApprove: false, note } });
      assert.ok(!card.actions?.some((a) => a.verb === CONFIRM_VERB));
      assert.ok(cardTexts(card).includes(note));
    });

    it('renderGroupCard: as renderCard for the leader (requester and audience refresh)', () => {
      const audience = changed(view, (m) => ({ origin: { ...m.origin, audience: ['29:x'] } }));
      for (const v of [view, audience]) {
        for (const selfApprovalAllowed of [false, true]) {
          const render = { now: NOW, selfApprovalAllowed };
          const group = renderGroupCard(v, render);
          const single = renderCard(v.leader, render);
          assert.deepEqual(group.actions, single.actions);
          assert.deepEqual(group.refresh, single.refresh);
        }
      }
      const shared = renderGroupCard(audience, { now: NOW, selfApprovalAllowed: false });
      assert.deepEqual(shared.refresh?.userIds, [teamsUserId(0), '29:x']);
      assert.equal(shared.refresh?.action.verb, REFRESH_VERB);
    });
  });

  describe('running and final', () => {
    it('while running: the counts, and each member with its step or status', () => {
      const view = decided(
        pending(),
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
        pending(),
        (i) => [decidedAs('completed', ALL_DONE, BOB), partialDevices, failedAccount][i] ?? {},
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
        const view = decided(pending(base), () => decidedAs('completed', ALL_DONE, BOB));
        assert.equal(header(buildGroupCard(view, options)).style, style);
      }
    });
  });

  it("keeps a markdown link in a member's name from becoming a link", () => {
    const view = groupOf(
      request({ target: target({ displayName: '[x](https://evil.example)' }) }),
      2,
    );
    assert.ok(!cardText(buildGroupCard(view, options)).includes(']('));
  });
});
