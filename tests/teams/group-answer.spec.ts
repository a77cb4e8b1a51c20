/** The answer to a request for several accounts when no request was made. */
import assert from 'node:assert/strict';
import { groupAnswerCard, refusalSentences } from '../../src/teams/group-answer';
import { cardText } from '../e2e/teams-client';

const RENDER = { now: new Date('2026-12-02T10:00:00Z'), selfApprovalAllowed: false };

describe('groupAnswerCard', () => {
  const nothingLeft = {
    kind: 'nothing-left',
    leftOut: [
      { userPrincipalName: 'ghost@contoso.com', kind: 'unknown-user', reason: 'No such user.' },
      { userPrincipalName: 'bg@contoso.com', kind: 'refused', reason: 'Protected.' },
    ],
  } as const;
  const cases = [
    [
      nothingLeft,
      undefined,
      /^Nothing to do\nghost@contoso\.com: No such user\. bg@contoso\.com: Protected\. Nothing was changed\./,
    ],
    [
      { kind: 'refused', reason: 'Not a requester.' } as const,
      undefined,
      /^Not allowed\nNot a requester\. Nothing was changed\./,
    ],
    [nothingLeft, 'Alert: spray', /^Alert: spray\nghost@contoso\.com: No such user\./],
  ] as const;
  for (const [answer, title, expected] of cases) {
    it(`${answer.kind}${title ? ` titled "${title}"` : ''}`, () => {
      assert.match(cardText(groupAnswerCard(answer, RENDER, title)), expected);
    });
  }

  it('lists one sentence per account left out', () => {
    assert.deepEqual(refusalSentences(nothingLeft), [
      'ghost@contoso.com: No such user.',
      'bg@contoso.com: Protected.',
    ]);
  });
});
