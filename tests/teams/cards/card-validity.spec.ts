import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdaptiveCard } from '../../../src/teams/cards';
import { cardVariants, inputSets } from './card-variants';
import { normalised, rendererEvents, rendererRoundTrip, schemaErrors } from './card-validators';

/** The highest Adaptive Card version Teams renders. */
const TEAMS_MAX_VERSION = 1.5;

/** The card without what only Teams reads (see TEAMS_MSTEAMS_PROPERTY in card-validators). */
function withoutTeamsExtension(card: AdaptiveCard): unknown {
  const { msteams, ...rest } = card;
  assert.deepEqual(msteams, { width: 'Full' });
  return rest;
}

describe('every card the bot sends is a valid Adaptive Card', () => {
  for (const [set, inputs] of inputSets()) {
    describe(set, () => {
      for (const [name, card] of cardVariants(inputs)) {
        describe(name, () => {
          it(`declares a version Teams renders`, () => {
            assert.ok(Number(card.version) <= TEAMS_MAX_VERSION, card.version);
          });

          it('parses with the adaptivecards library without warnings or errors', () => {
            assert.deepEqual(rendererEvents(card), []);
          });

          it('loses nothing when the library reads and writes it again', () => {
            assert.deepEqual(rendererRoundTrip(card), normalised(withoutTeamsExtension(card)));
          });

          it(`validates against the official schema of its version`, () => {
            assert.deepEqual(schemaErrors(card), []);
          });
        });
      }
    });
  }
});

describe('the validators', () => {
  it("use Microsoft's 1.5 schema unchanged, whitespace aside (see schema/README.md)", () => {
    const file = readFileSync(join(__dirname, 'schema', '1.5.0', 'adaptive-card.json'), 'utf8');
    const canonical = JSON.stringify(JSON.parse(file));
    assert.equal(
      createHash('sha256').update(canonical).digest('hex'),
      '522d6eb85da93b873c8a5ab9a5e3471de655c679151908e9bb4b24b2dab4845a',
    );
  });

  const card = cardVariants(inputSets()[0]![1])[0]![1];
  const broken = (patch: Record<string, unknown>): AdaptiveCard =>
    ({ ...card, body: [{ type: 'TextBlock', text: 'x', ...patch }] }) as unknown as AdaptiveCard;

  it('report an unknown element and a bad enum value (the library)', () => {
    assert.equal(rendererEvents(broken({ type: 'Frobnicator' })).length, 1);
    assert.equal(rendererEvents(broken({ color: 'purple' })).length, 1);
  });

  it('reject an unknown property and any other msteams setting (the schema)', () => {
    assert.notDeepEqual(schemaErrors(broken({ colour: 'good' })), []);
    assert.notDeepEqual(
      schemaErrors({ ...card, msteams: { width: 'Half' } } as unknown as AdaptiveCard),
      [],
    );
  });
});
