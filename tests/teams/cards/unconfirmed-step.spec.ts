import assert from 'node:assert/strict';
import { buildProgressCard, verdictLine } from '../../../src/teams/cards';
import { cardText } from '../../e2e/teams-client';
import { completedFull } from './fixtures';

describe('a step the read-back did not confirm', () => {
  const request = completedFull({
    state: 'partial',
  });
  const unconfirmed = {
    ...request,
    steps: request.steps.map((step) =>
      step.step === 'disable-account'
        ? {
            ...step,
            status: 'unconfirmed' as const,
            detail:
              'Graph accepted it, but reading the account back twice shows the account is still enabled',
          }
        : step,
    ),
  };

  it('is shown with its own symbol and says why, never as done', () => {
    const text = cardText(buildProgressCard(unconfirmed));
    assert.match(text, /⚠️/);
    assert.match(text, /Disable the account \(unconfirmed\)/);
    assert.match(text, /reading the account back twice/);
  });

  it('is named in the thread verdict', () => {
    const line = verdictLine(unconfirmed);
    assert.match(line, /^Partly locked down/);
    assert.match(line, /unconfirmed by the read-back: /);
  });
});
