import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import {
  buildClosedCard,
  buildHistoryCard,
  buildProgressCard,
  buildStatusCard,
  cardForRequest,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { stepViews } from '../../../src/teams/cards/step-view';
import { cardText, textBlocksWith } from './card-text';
import { NOW, completedFull, target } from './fixtures';
import {
  FAILED_ENABLE_DEVICES,
  completedUnlock,
  undoPlan,
  unlockRequest,
  unlockedLockdown,
} from './unlock-fixtures';

const headerOf = (card: AdaptiveCard): { style?: string; title: string } => {
  const header = card.body[0];
  if (header?.type !== 'Container') throw new Error('the card has no header');
  const title = header.items[0];
  return { style: header.style, title: title?.type === 'TextBlock' ? title.text : '' };
};
const nextSteps = (card: AdaptiveCard): string[] =>
  cardText(card)
    .split('\n')
    .filter((line) => line.startsWith('• '));

const completed = completedUnlock();
const partial: LockdownRequest = {
  ...completed,
  state: 'partial',
  steps: [completed.steps[0]!, FAILED_ENABLE_DEVICES, completed.steps[2]!],
};

describe("an unlock's progress and final cards", () => {
  for (const [state, title, style] of [
    ['approved', 'Unlocking Jane Doe…', 'accent'],
    ['running', 'Unlocking Jane Doe…', 'accent'],
    ['completed', 'Jane Doe is unlocked', 'good'],
    ['partial', 'Jane Doe partly unlocked', 'warning'],
    ['failed', 'Unlock of Jane Doe failed', 'attention'],
  ] as const) {
    it(`headlines the ${state} unlock "${title}"`, () => {
      assert.deepEqual(headerOf(buildProgressCard({ ...completed, state })), { style, title });
    });
  }

  it('shows only the unlock steps, and what it undoes under the headline', () => {
    const text = cardText(buildProgressCard(completed));
    assert.ok(
      text.includes(
        'Jane Doe is unlocked\nUndoes what the lockdown of 2026-11-28 14:06 UTC asked by Ann Responder did, and only that',
      ),
      text,
    );
    assert.deepEqual(
      stepViews(completed).map((v) => v.step),
      ['enable-account', 'enable-devices', 'verify'],
    );
    assert.ok(!text.includes('Disable the account'), text);
  });

  it('reads the account back without a sessions clause, alarming only if still disabled', () => {
    assert.equal(
      textBlocksWith(buildProgressCard(completed), 'Read back:')[0]?.['text'],
      'Read back: account enabled',
    );
    const stillDisabled: LockdownRequest = {
      ...partial,
      steps: [
        ...partial.steps.slice(0, 2),
        { step: 'verify', status: 'failed', observed: { accountEnabled: false } },
      ],
    };
    const [line] = textBlocksWith(buildProgressCard(stillDisabled), 'Read back:');
    assert.equal(line?.['text'], 'Read back: account disabled');
    assert.equal(line?.['color'], 'attention');
  });

  it('names the devices that could not be enabled again', () => {
    const text = cardText(buildProgressCard(partial));
    assert.ok(
      text.includes(
        '❌ Windows-device-1 (Windows): Insufficient privileges to complete the operation. (403 Authorization_RequestDenied, request-id rid-dev-1)',
      ),
      text,
    );
  });

  it('falls back to "N of M devices enabled" and to the skip reason', () => {
    const views = stepViews({
      ...completed,
      undo: undoPlan({ enableAccount: false }),
      steps: [
        { step: 'enable-devices', status: 'done', devices: FAILED_ENABLE_DEVICES.devices ?? [] },
      ],
    });
    assert.equal(views[0]?.detail, 'The lockdown did not disable the account: it stays as it is');
    assert.equal(views[0]?.status, 'skipped');
    assert.equal(views[1]?.detail, '0 of 1 devices enabled');
  });

  it('says how the person gets back in and which devices were left as they are', () => {
    assert.deepEqual(nextSteps(buildProgressCard(completed)), [
      '• The password is not restored: an administrator resets the password or issues a Temporary Access Pass in the Entra admin center; self-service password reset works only if the person still has registered methods.',
      '• 2 devices were left as they are (iOS-device-2, Android-device-3): enable one by hand in the Entra admin center (Devices) only if it is disabled and should be used again.',
    ]);
  });

  it('adds the device, synced-account and partial lines when they apply', () => {
    const lines = nextSteps(
      buildProgressCard({
        ...partial,
        target: target({ onPremisesSyncEnabled: true }),
        undo: undoPlan({ leftAlone: [] }),
      }),
    );
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(lines[1] ?? '', /could not be enabled here by hand in the Entra admin center/);
    assert.match(
      lines[2] ?? '',
      /^• Synced account: .*enable it there as well, else the next directory sync disables it again\.$/,
    );
    assert.match(lines[3] ?? '', /^• Not everything was undone/);
  });

  it('asks for /unlock again after a failed unlock, and says nothing of a way back in', () => {
    const lines = nextSteps(buildProgressCard({ ...partial, state: 'failed' }));
    assert.ok(!lines.some((l) => l.includes('Temporary Access Pass')), lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /run \/unlock jane@contoso\.com again/);
  });

  it('is closed with "Unlock of NAME cancelled by …" and the lockdown it would have undone', () => {
    const text = cardText(
      buildClosedCard({
        ...unlockRequest(),
        state: 'cancelled',
        decidedBy: { id: 'aad-dana', name: 'Dana Lead' },
        decidedAt: '2026-11-28T15:02:00.000Z',
      }),
    );
    assert.ok(
      text.startsWith(
        'Unlock of Jane Doe cancelled by Dana Lead at 2026-11-28 15:02 UTC — nothing was changed\n',
      ),
      text,
    );
    assert.ok(
      text.includes('Would undo\nthe lockdown of 2026-11-28 14:06 UTC asked by Ann Responder'),
      text,
    );
    assert.ok(!text.includes('Mode'), text);
  });

  it('is shown by /lockdown status without buttons', () => {
    const card = buildStatusCard(unlockRequest(), NOW);
    assert.equal(card.actions, undefined);
    assert.ok(cardText(card).startsWith('Unlock Jane Doe?'));
  });
});

describe("a lockdown's card once unlocked", () => {
  it('says "Unlocked at TIME, asked by NAME, approved by NAME" under the headline', () => {
    const card = cardForRequest(unlockedLockdown(), { now: NOW });
    const lines = cardText(card).split('\n');
    assert.equal(lines[0], 'Jane Doe is locked down');
    assert.equal(
      lines[2],
      '🔓 Unlocked at 2026-11-28 15:01 UTC, asked by Carl Responder, approved by Bob Approver',
    );
  });

  it('says "Partly unlocked" after a partial unlock, naming two approvers and then a count', () => {
    const approvedBy = ['Bob', 'Dana', 'Eve', 'Finn'].map((name) => ({ id: name, name }));
    const text = cardText(buildProgressCard(unlockedLockdown({ state: 'partial', approvedBy })));
    assert.ok(
      text.includes(
        '🔓 Partly unlocked at 2026-11-28 15:01 UTC, asked by Carl Responder, approved by Bob, Dana and 2 more',
      ),
      text,
    );
  });

  it('drops what the lockdown left to do: it no longer applies', () => {
    assert.deepEqual(nextSteps(buildProgressCard(unlockedLockdown())), []);
    assert.ok(nextSteps(buildProgressCard(completedFull())).length > 0);
  });
});

describe('the history card with unlocks', () => {
  it('names the kind of each row, and when a lockdown was unlocked', () => {
    const text = cardText(buildHistoryCard([completed, unlockedLockdown()]));
    assert.ok(
      text.includes(
        'Unlock of jane@contoso.com — completed\n2026-11-28 15:00 UTC · undoes the lockdown of 2026-11-28 14:06 UTC · asked by Carl Responder · completed by Bob Approver',
      ),
      text,
    );
    assert.ok(
      text.includes(
        'Lockdown of jane@contoso.com — completed\n2026-11-28 14:05 UTC · Full lockdown · asked by Ann Responder · completed by Bob Approver · unlocked 2026-11-28 15:01 UTC',
      ),
      text,
    );
  });
});
