import assert from 'node:assert/strict';
import type { AlertOrigin, LockdownRequest } from '../../../src/lockdown/request';
import {
  ALERT_REQUESTER_NOTE,
  MAX_ALERT_URL_LENGTH,
  OPEN_ALERT,
  buildClosedCard,
  buildConfirmationCard,
  buildProgressCard,
  buildStatusCard,
  safeAlertUrl,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { cardNodes, cardText } from './card-text';
import { NOW, completedFull, request } from './fixtures';
import { SENTINEL_ALERT } from './group-fixtures';

const APP = { id: 'app-1', name: 'Sentinel playbook' };

/** The Action.OpenUrl buttons anywhere on the card. */
const links = (card: AdaptiveCard): Record<string, unknown>[] =>
  cardNodes(card).filter((node) => node['type'] === 'Action.OpenUrl');

describe('safeAlertUrl', () => {
  const longest = `https://example.com/${'a'.repeat(MAX_ALERT_URL_LENGTH - 20)}`;
  const cases: [what: string, url: string | undefined, shown: string | undefined][] = [
    ['an https link', SENTINEL_ALERT.url, SENTINEL_ALERT.url],
    [
      'normalised',
      'https://Security.Microsoft.com/incidents/1',
      'https://security.microsoft.com/incidents/1',
    ],
    [`${MAX_ALERT_URL_LENGTH} characters`, longest, longest],
    ['longer', `${longest}a`, undefined],
    ['http', 'http://security.microsoft.com/incidents/1', undefined],
    ['javascript', 'javascript:alert(1)', undefined],
    ['data', 'data:text/html,<script>alert(1)</script>', undefined],
    ['relative', '/incidents/1', undefined],
    ['credentials that disguise the host', 'https://portal.azure.com@evil.example/', undefined],
    ['a space', 'https://example.com/a b', undefined],
    ['a line break', 'https://example.com/a\nb', undefined],
    ['a right-to-left override', 'https://example.com/\u202egpj.exe', undefined],
    ['none', undefined, undefined],
  ];
  for (const [what, url, shown] of cases) {
    it(`${what}: ${shown === undefined ? 'refused' : 'shown'}`, () => {
      assert.equal(safeAlertUrl(url), shown);
    });
  }
});

describe('the alert header', () => {
  const alerted = (overrides: Partial<LockdownRequest> = {}): LockdownRequest =>
    request({ alert: SENTINEL_ALERT, requestedBy: APP, ...overrides });
  const cards: [string, AdaptiveCard][] = [
    ['confirmation', buildConfirmationCard(alerted(), { now: NOW })],
    ['progress', buildProgressCard(completedFull({ alert: SENTINEL_ALERT, requestedBy: APP }))],
    ['closed', buildClosedCard(alerted({ state: 'cancelled', decidedBy: APP }))],
    ['status', buildStatusCard(alerted(), NOW)],
  ];
  for (const [name, card] of cards) {
    it(`${name}: on top, the alert's title, severity, source and incident, and its link`, () => {
      const lines = cardText(card).split('\n');
      assert.deepEqual(lines.slice(0, 3), [
        '🚨 Alert: Impossible travel activity involving several users',
        'Severity high · from sentinel · incident 4711',
        OPEN_ALERT,
      ]);
      assert.deepEqual(links(card), [
        { type: 'Action.OpenUrl', title: OPEN_ALERT, url: SENTINEL_ALERT.url },
      ]);
    });

    it(`${name}: names the calling application as the requester`, () => {
      assert.ok(
        cardText(card).includes(
          `Sentinel playbook ${ALERT_REQUESTER_NOTE} at 2026-11-28 14:05 UTC`,
        ),
      );
    });
  }

  const variants: [string, AlertOrigin, string[]][] = [
    [
      'a link that is not https: not shown, and said so',
      { ...SENTINEL_ALERT, url: 'http://example.com/alert' },
      [
        'Severity high · from sentinel · incident 4711 · link not shown: not an https URL of at most 768 characters',
      ],
    ],
    ['the title only', { title: 'Suspicious inbox rule' }, []],
    [
      'markdown in the title stays text',
      { title: '[Open](https://evil.example) **now**\nplease' },
      [],
    ],
  ];
  for (const [what, alert, details] of variants) {
    it(what, () => {
      const card = buildConfirmationCard(request({ alert }), { now: NOW });
      const text = cardText(card);
      assert.equal(links(card).length, 0);
      assert.ok(!text.includes(']('), text);
      for (const line of details) assert.ok(text.split('\n').includes(line), text);
    });
  }

  it('is not there without an alert', () => {
    const card = buildConfirmationCard(request(), { now: NOW });
    assert.ok(!cardText(card).includes('🚨'));
    assert.equal(links(card).length, 0);
  });
});
