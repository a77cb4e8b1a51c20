import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import { buildClosedCard } from '../../../src/teams/cards';
import { cardText } from './card-text';
import { request } from './fixtures';

const bob = {
  decidedBy: { id: 'aad-bob', name: 'Bob Approver' },
  decidedAt: '2026-11-28T14:07:00Z',
};

describe('buildClosedCard', () => {
  const cases: {
    state: LockdownRequest['state'];
    extra: Partial<LockdownRequest>;
    headline: string;
  }[] = [
    {
      state: 'cancelled',
      extra: bob,
      headline:
        'Lockdown of Jane Doe cancelled by Bob Approver at 2026-11-28 14:07 UTC — nothing was changed',
    },
    {
      state: 'expired',
      extra: {},
      headline:
        'Lockdown of Jane Doe expired at 2026-11-28 14:20 UTC without approval — nothing was changed',
    },
    {
      state: 'rejected',
      extra: bob,
      headline:
        'Lockdown of Jane Doe rejected by Bob Approver at 2026-11-28 14:07 UTC — nothing was changed',
    },
  ];
  for (const c of cases) {
    it(`says the request was ${c.state} and that nothing was changed`, () => {
      const card = buildClosedCard(request({ state: c.state, ...c.extra }));
      const text = cardText(card);
      assert.equal(text.split('\n')[0], c.headline);
      assert.ok(text.includes('jane@contoso.com'), text);
      assert.ok(text.includes('Ann Responder at 2026-11-28 14:05 UTC'), text);
      assert.equal(card.actions, undefined);
      assert.equal((card.body[0] as { style?: string }).style, 'emphasis');
    });
  }
});
