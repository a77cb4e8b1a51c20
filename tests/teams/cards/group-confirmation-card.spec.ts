import assert from 'node:assert/strict';
import {
  CANCEL_VERB,
  CONFIRM_VERB,
  GROUP_STATUS_HINT,
  REFRESH_VERB,
  buildConfirmationCard,
  buildGroupCard,
} from '../../../src/teams/cards';
import { renderCard, renderGroupCard } from '../../../src/teams/render-card';
import { cardText, cardTexts, textBlocksWith } from './card-text';
import { NOW, request, target } from './fixtures';
import { changed, groupOf } from './group-fixtures';
import { threeAccounts } from './group-samples';
import { teamsUserId } from './largest-inputs';

describe('buildGroupCard: a pending group', () => {
  const options = { now: NOW };

  describe('what it shows', () => {
    const view = threeAccounts();
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
      const keep = cardText(
        buildGroupCard(threeAccounts(request({ mode: 'keep-enabled' })), options),
      );
      assert.match(keep, /^Keep enabled: the account stays enabled/m);
      assert.match(keep, /^skipped \(keep-enabled mode\)$/m);
    });
  });

  describe('pending: the same buttons and views as a single request', () => {
    const view = threeAccounts();
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

  it("keeps a markdown link in a member's name from becoming a link", () => {
    const view = groupOf(
      request({ target: target({ displayName: '[x](https://evil.example)' }) }),
      2,
    );
    assert.ok(!cardText(buildGroupCard(view, options)).includes(']('));
  });
});
