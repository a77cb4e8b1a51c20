import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import {
  MAX_TEXT_BYTES,
  MESSAGE_BYTES,
  buildConfirmationCard,
  buildProgressCard,
  jsonByteLength,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { MAX_ITEM_LINES } from '../../../src/teams/cards/option-lines';
import { cardText, cardTexts } from './card-text';
import { NOW } from './fixtures';
import { WIDE_CHARACTERS, largestInputs, longPerson, type WideKind } from './largest-inputs';
import { ALL_OPTIONS, LARGEST_ITEMS, largestOptionSteps } from './option-fixtures';

/** Teams refuses messages over 28 KB. */
const TEAMS_LIMIT = 28 * 1024;

const bytesOf = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

for (const kind of Object.keys(WIDE_CHARACTERS) as WideKind[]) {
  describe(`containment options at the largest inputs (${kind})`, () => {
    const inputs = largestInputs(kind);
    const options = largestOptionSteps(WIDE_CHARACTERS[kind], inputs.graphMessage);
    const lockdown = (state: LockdownRequest['state']): LockdownRequest => ({
      ...inputs.pending,
      options: ALL_OPTIONS,
      state,
      decidedBy: longPerson(kind, 'Bob'),
      steps: [...inputs.failedSteps, ...options],
    });
    const partial = buildProgressCard(lockdown('partial'));
    const text = cardText(partial);

    it(`lists ${MAX_ITEM_LINES} of ${LARGEST_ITEMS} failed items a step, then how many more`, () => {
      const more = `and ${LARGEST_ITEMS - MAX_ITEM_LINES} more failed`;
      assert.equal(text.split('\n').filter((line) => line === more).length, 3, text);
      assert.equal(text.match(/^❌ Item \d+ /gm)?.length, 3 * MAX_ITEM_LINES);
    });

    it('keeps the code and request id of each failed item listed, however long its label and note', () => {
      const items = cardTexts(partial).filter((line) => line.startsWith('❌ Item '));
      assert.ok(items.length > 0);
      for (const line of items) {
        assert.match(
          line,
          /^❌ Item \d+ \S+… — Insufficient privileges: \S+… \(403 Authorization_RequestDenied, request-id 22222222-3333-4444-8555-\d{12}\)$/u,
        );
        assert.ok(jsonByteLength(line) <= MAX_TEXT_BYTES, `${jsonByteLength(line)}: ${line}`);
      }
    });

    it('keeps every card of the lockdown under 28 KB', () => {
      for (const state of ['running', 'partial', 'failed'] as const) {
        const bytes = bytesOf(buildProgressCard(lockdown(state)));
        assert.ok(bytes < TEAMS_LIMIT, `${state}: ${bytes} bytes`);
      }
      const confirmation = buildConfirmationCard(
        { ...inputs.pending, options: ALL_OPTIONS },
        { now: NOW },
      );
      assert.ok(bytesOf(confirmation) < TEAMS_LIMIT, `${bytesOf(confirmation)} bytes`);
    });

    it('cuts what stays as the lockdown left it to a budget per line and five lines', () => {
      const unlock = inputs.pendingUnlock;
      const undo = unlock.undo && {
        ...unlock.undo,
        staysRemoved: Array.from({ length: 7 }, () => inputs.graphMessage),
      };
      const card = buildConfirmationCard({ ...unlock, ...(undo ? { undo } : {}) }, { now: NOW });
      const lines = cardTexts(card).filter((line) => line.startsWith('• Insufficient privileges'));
      assert.equal(lines.length, 5);
      for (const line of lines) assert.ok(jsonByteLength(line) <= MESSAGE_BYTES + 4, line);
      assert.ok(cardTexts(card).includes('and 2 more'), cardText(card));
      assert.ok(bytesOf(card) < TEAMS_LIMIT, `${bytesOf(card)} bytes`);
    });
  });
}
