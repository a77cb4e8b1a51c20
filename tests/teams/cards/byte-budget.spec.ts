import assert from 'node:assert/strict';
import {
  MAX_TEXT_BYTES,
  buildClosedCard,
  buildConfirmationCard,
  buildErrorCard,
  buildProgressCard,
  jsonByteLength,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { cardNodes, cardTexts } from './card-text';
import { NOW } from './fixtures';
import { cardVariants, largestVariantInputs } from './card-variants';
import { largestInputs, longPerson } from './largest-inputs';

/** Every text on the card that contains `needle`. */
const linesWith = (card: AdaptiveCard, needle: string): string[] =>
  cardTexts(card).filter((t) => t.includes(needle));

describe('byte budgets keep what matters when text is cut', () => {
  const inputs = largestInputs('emoji');
  const failed = buildProgressCard({
    ...inputs.pending,
    state: 'failed',
    decidedBy: longPerson('emoji', 'Bob'),
    steps: inputs.failedSteps,
  });

  // [what, card, a text that must stay whole, and how the line carrying it must end]
  const cases: (readonly [string, AdaptiveCard, string, RegExp])[] = [
    [
      'a privileged role keeps its marker',
      buildConfirmationCard(inputs.pending, { now: NOW }),
      'Role 0 ',
      /… — PRIVILEGED$/,
    ],
    [
      'a failed step keeps its request id',
      failed,
      'Authorization_RequestDenied (403)',
      /… · request-id b7c1d2e3-0000-4000-8000-000000000001$/,
    ],
    [
      'a closed request still says nothing was changed',
      buildClosedCard({
        ...inputs.pending,
        state: 'cancelled',
        decidedBy: inputs.pending.requestedBy,
      }),
      'cancelled by',
      /… — nothing was changed$/,
    ],
    [
      'an error keeps the end of a long Graph message',
      buildErrorCard(
        'Could not look up jane@contoso.com',
        `${inputs.graphMessage} (Authorization_RequestDenied, 403, request-id 42). Nothing was changed.`,
      ),
      'Insufficient privileges',
      /…[^…]*\(Authorization_RequestDenied, 403, request-id 42\)\. Nothing was changed\.$/,
    ],
  ];
  const unlock = inputs.pendingUnlock;
  const unlockPartial = buildProgressCard({
    ...unlock,
    state: 'partial',
    decidedBy: longPerson('emoji', 'Bob'),
    steps: inputs.failedUnlockSteps,
  });
  const unlocked = buildProgressCard({
    ...inputs.pending,
    state: 'completed',
    steps: [],
    undoneBy: {
      requestId: unlock.id,
      finishedAt: '2026-11-28T15:01:01.200Z',
      requestedBy: unlock.requestedBy,
      approvedBy: inputs.approvers,
      state: 'partial',
    },
  });
  cases.push(
    [
      "an unlock's header still says it undoes only what the lockdown did",
      buildConfirmationCard(unlock, { now: NOW }),
      'Undoes what the lockdown',
      /… did, and only that$/,
    ],
    [
      'a device an unlock leaves alone keeps its reason',
      buildConfirmationCard(unlock, { now: NOW }),
      '• Device 600 ',
      /… \(OS 600 🔒*…\): Insufficient privileges: 🔒*…$/u,
    ],
    [
      "the unlock's devices left alone still say what to do",
      unlockPartial,
      'devices were left as they are',
      /… and 397 more\): enable one by hand in the Entra admin center \(Devices\) only if it is disabled and should be used again\.$/,
    ],
    [
      "an unlocked lockdown's line keeps how many more approved",
      unlocked,
      'Partly unlocked at',
      /, approved by Approver0 🔒*…, Approver1 🔒*… and 3 more$/u,
    ],
  );
  // What the attacker may have left, at its largest: every marker survives the cuts.
  const largestConfirmation = buildConfirmationCard(inputs.pending, { now: NOW });
  const unreadableRoles = buildConfirmationCard(
    {
      ...inputs.pending,
      target: {
        ...inputs.pending.target,
        foothold: { eligibleRoles: { unreadable: inputs.graphMessage } },
      },
    },
    { now: NOW },
  );
  cases.push(
    [
      'a new sign-in method keeps its marker and registration time',
      largestConfirmation,
      'Microsoft Authenticator: Phone',
      /… \(new: registered 2026-11-28 13:05 UTC\)$/,
    ],
    [
      'a rule sending mail outside keeps its markers and all it does',
      largestConfirmation,
      '“Rule ',
      /… \(outside the organisation\) and 18 more \(18 outside the organisation\); deletes; moves and marks read$/,
    ],
    [
      'an app from an unverified publisher keeps its marker and scope count',
      largestConfirmation,
      ' by Publisher ',
      /… \(unverified publisher\): Scope0\.🔒*…, Scope1\.🔒*… and 98 more$/u,
    ],
    [
      'a privileged eligible role keeps its marker',
      largestConfirmation,
      ' through group Group ',
      /… — PRIVILEGED$/,
    ],
    ['a sign-in keeps its result', largestConfirmation, ' · 203.0.113.', /… · Failure 🔒*…$/u],
    [
      'unreadable eligible roles still say how approval is decided',
      unreadableRoles,
      'Roles eligible through PIM: Insufficient privileges',
      /… — the approval rule is decided by active roles alone$/,
    ],
  );
  for (const [what, card, needle, ending] of cases) {
    it(what, () => {
      const lines = linesWith(card, needle);
      assert.ok(lines.length > 0, `no line with "${needle}"`);
      for (const line of lines) assert.match(line, ending);
    });
  }

  it(`no text on any largest card passes ${MAX_TEXT_BYTES} bytes`, () => {
    for (const card of [failed, buildConfirmationCard(inputs.pending, { now: NOW })]) {
      for (const text of cardTexts(card)) {
        assert.ok(jsonByteLength(text) <= MAX_TEXT_BYTES, `${jsonByteLength(text)}: ${text}`);
      }
    }
  });

  it(`no text on any card variant at the largest inputs passes ${MAX_TEXT_BYTES} bytes`, () => {
    for (const kind of ['emoji', 'cjk'] as const) {
      for (const [name, card] of cardVariants(largestVariantInputs(kind))) {
        for (const text of cardTexts(card)) {
          assert.ok(jsonByteLength(text) <= MAX_TEXT_BYTES, `${name}: ${jsonByteLength(text)}`);
        }
      }
    }
  });

  it('cuts a 256-emoji name between emoji, never inside one', () => {
    for (const node of cardNodes(failed)) {
      const text = node['text'];
      if (typeof text === 'string') assert.ok(!/\p{Cs}/u.test(text), text);
    }
  });
});
