/**
 * The consented apps on the cards before and after the look-up's second read: first by client
 * id, then by name (an unverified publisher standing out), or with a subtle line saying why
 * their names could not be read, cut to its byte budget.
 */
import assert from 'node:assert/strict';
import { withAppDescriptions } from '../../../src/lockdown/describe-consents';
import type { Foothold } from '../../../src/lockdown/foothold';
import { preflight } from '../../../src/lockdown/preflight';
import { plannedSteps } from '../../../src/lockdown/request';
import { adaptiveCard, buildConfirmationCard, buildDryRunCard } from '../../../src/teams/cards';
import { footholdSection, SECTION_TITLES } from '../../../src/teams/cards/foothold-section';
import { MESSAGE_BYTES } from '../../../src/teams/cards/text-budget';
import { cardNodes, cardText, cardTexts } from './card-text';
import { MISSING_GRANTS, NOW, request, target } from './fixtures';
import { APPS_UNNAMED_FOOTHOLD, NAMES_UNREADABLE } from './foothold-fixtures';

const NOTE = `${SECTION_TITLES.consents}: ${NAMES_UNREADABLE}`;
const SHADY = 'aaaaaaaa-0000-4000-8000-000000000001';
const ZOOM = 'bbbbbbbb-0000-4000-8000-000000000002';

/** The consents as the look-up reads them: no names yet, no reason. */
const UNNAMED: Foothold = {
  consents: {
    items: [
      { id: 'g-1', clientId: SHADY, scopes: ['Mail.Read'] },
      { id: 'g-2', clientId: ZOOM, scopes: ['Calendars.Read'] },
    ],
  },
};

const texts = (foothold: Foothold): string[] =>
  cardTexts(adaptiveCard(footholdSection(foothold, NOW)));

describe('the consented apps before and after their names are read', () => {
  it('first by client id, then named, an unverified publisher standing out first', () => {
    assert.deepEqual(texts(UNNAMED).slice(1), [
      'Consented apps (2)',
      `app ${SHADY}: Mail.Read`,
      `app ${ZOOM}: Calendars.Read`,
    ]);
    const named = withAppDescriptions(UNNAMED, {
      apps: {
        [SHADY]: { appName: 'Mail Helper', verifiedPublisher: false },
        [ZOOM]: { appName: 'Zoom', publisher: 'Zoom Inc.', verifiedPublisher: true },
      },
    });
    assert.deepEqual(texts(named).slice(1), [
      'Consented apps (2)',
      '⚠️ Mail Helper (unverified publisher): Mail.Read',
      'Zoom by Zoom Inc.: Calendars.Read',
    ]);
  });

  it('says why the names could not be read, in a subtle line under the apps', () => {
    assert.deepEqual(texts(APPS_UNNAMED_FOOTHOLD).slice(1), [
      'Consented apps (2)',
      `app ${SHADY}: Mail.Read`,
      `app ${ZOOM}: Calendars.Read`,
      NOTE,
    ]);
    const block = cardNodes(adaptiveCard(footholdSection(APPS_UNNAMED_FOOTHOLD, NOW))).find(
      (node) => node['text'] === NOTE,
    );
    assert.equal(block?.['isSubtle'], true);
    assert.equal(block?.['spacing'], 'none');
  });

  it(`cuts a long reason to ${MESSAGE_BYTES} bytes, and shows no line for none`, () => {
    const reason = `names not readable: ${'🔒'.repeat(500)}`;
    const long: Foothold = { consents: { items: [], namesUnreadable: reason } };
    const [, , note] = texts({
      consents: { items: [{ id: 'g', clientId: SHADY, scopes: [] }], namesUnreadable: reason },
    }).slice(1);
    assert.ok(note?.startsWith(`${SECTION_TITLES.consents}: names not readable: 🔒`), note);
    const why = note!.slice(`${SECTION_TITLES.consents}: `.length);
    assert.ok(Buffer.byteLength(why, 'utf8') <= MESSAGE_BYTES, `${why.length}`);
    assert.ok(why.endsWith('…'));
    assert.deepEqual(texts(long).slice(1, 2), ['Consented apps: none']);
    assert.ok(!texts(UNNAMED).some((text) => text.includes('not readable')));
  });

  it('the confirmation and dry-run cards carry the line', () => {
    const confirmation = buildConfirmationCard(
      request({ target: target({ foothold: APPS_UNNAMED_FOOTHOLD }) }),
      { now: NOW },
    );
    assert.ok(cardText(confirmation).includes(`\n${NOTE}\n`));
    const dryRun = buildDryRunCard({
      target: target({ foothold: APPS_UNNAMED_FOOTHOLD }),
      mode: 'full',
      requiredApprovals: 1,
      preflight: preflight(plannedSteps({ mode: 'full' }), target(), MISSING_GRANTS),
      now: NOW,
    });
    assert.ok(cardText(dryRun).includes(`\n${NOTE}\n`));
  });
});
