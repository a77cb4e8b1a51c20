import assert from 'node:assert/strict';
import type { RequestState } from '../../../src/lockdown/request';
import {
  buildClosedCard,
  buildConfirmationCard,
  buildProgressCard,
  cardForRequest,
} from '../../../src/teams/cards';
import { NOW, completedFull } from './fixtures';

describe('cardForRequest', () => {
  const expected: Record<RequestState, 'confirmation' | 'progress' | 'closed'> = {
    pending: 'confirmation',
    approved: 'progress',
    running: 'progress',
    completed: 'progress',
    partial: 'progress',
    failed: 'progress',
    cancelled: 'closed',
    expired: 'closed',
    rejected: 'closed',
  };
  for (const [state, kind] of Object.entries(expected) as [RequestState, string][]) {
    it(`shows the ${kind} card for a ${state} request`, () => {
      const r = completedFull({ state });
      const options = { now: NOW, selfApprovalAllowed: true };
      const want =
        kind === 'confirmation'
          ? buildConfirmationCard(r, options)
          : kind === 'progress'
            ? buildProgressCard(r)
            : buildClosedCard(r);
      assert.deepEqual(cardForRequest(r, options), want);
    });
  }
});
