import assert from 'node:assert/strict';
import type { AuthMethod, Foothold } from '../../../src/lockdown/foothold';
import { preflight } from '../../../src/lockdown/preflight';
import { plannedSteps, type LockdownRequest } from '../../../src/lockdown/request';
import {
  adaptiveCard,
  buildConfirmationCard,
  buildDryRunCard,
  type AdaptiveCard,
  type CardElement,
} from '../../../src/teams/cards';
import {
  ACTIVE_ROLES_ONLY_NOTE,
  EXCHANGE_FORWARDING_NOTE,
  FOOTHOLD_HEADING,
  FOOTHOLD_LIST_BYTES,
  MAX_FOOTHOLD_LINES,
  SECTION_TITLES,
  footholdSection,
} from '../../../src/teams/cards/foothold-section';
import { cardNodes, cardText, cardTexts } from './card-text';
import { MISSING_GRANTS, NOW, request, target } from './fixtures';
import {
  FULL_FOOTHOLD,
  LAST_YEAR,
  UNREADABLE,
  UNREADABLE_FOOTHOLD,
  largestFoothold,
} from './foothold-fixtures';

type Key = keyof Foothold;
const KEYS = Object.keys(SECTION_TITLES) as Key[];

/** The texts of the section built from `foothold`. */
const texts = (foothold: Foothold | undefined, now: Date | undefined = NOW): string[] =>
  cardTexts(adaptiveCard(footholdSection(foothold, now)));

/** The TextBlock of the section whose text is `text`. */
const blockOf = (foothold: Foothold, text: string): Record<string, unknown> | undefined =>
  cardNodes(adaptiveCard(footholdSection(foothold, NOW))).find((n) => n['text'] === text);

/** What each section of FULL_FOOTHOLD shows, stand-outs first (sign-ins newest first). */
const READABLE: Readonly<Record<Key, readonly string[]>> = {
  methods: [
    'Sign-in methods (3 besides the password)',
    '⚠️ Microsoft Authenticator: Pixel 8 (new: registered 2026-11-28 13:05 UTC)',
    'Phone: +XX XXXXXXXX12 (registered 2025-10-01 09:00 UTC)',
    'FIDO2 security key: YubiKey 5 NFC',
  ],
  mailRules: [
    'Mail rules (3)',
    '⚠️ “.”: forwards to collector@proton.example (outside the organisation)',
    '“Team copy”: redirects to team@contoso.com',
    '“Newsletters” (disabled): moves and marks read',
    EXCHANGE_FORWARDING_NOTE,
  ],
  consents: [
    'Consented apps (3)',
    '⚠️ Mail Helper by Shady Apps LLC (unverified publisher): Mail.ReadWrite, Mail.Send, offline_access',
    'Zoom by Zoom Video Communications, Inc.: Calendars.Read',
    'app cccccccc-0000-4000-8000-000000000003: User.Read',
  ],
  eligibleRoles: [
    'Roles eligible through PIM (2)',
    '⚠️ Global Administrator through group Tier 0 Admins — PRIVILEGED',
    'Reports Reader',
  ],
  risk: ['⚠️ Risk: high (atRisk)'],
  signIns: [
    'Last sign-ins (5)',
    '2026-11-28 13:02 UTC · Office 365 Exchange Online · 203.0.113.7 · Lagos, NG · success',
    '2026-11-28 13:01 UTC · Office 365 Exchange Online · 203.0.113.7 · Lagos, NG · Invalid username or password',
    '2026-11-28 08:30 UTC · Microsoft Teams · 198.51.100.4 · success',
    '2026-11-27 17:12 UTC · Microsoft Teams · 198.51.100.4 · Lyon, FR · success',
    '2026-11-27 08:00 UTC · Outlook · 2001:db8::1 · Lyon, FR · success',
  ],
};

/** What each section says when it was read and is empty. */
const EMPTY: Readonly<Record<Key, readonly string[]>> = {
  methods: ['Sign-in methods: none'],
  mailRules: [
    'Mail rules: none that forward, redirect, delete or hide mail',
    EXCHANGE_FORWARDING_NOTE,
  ],
  consents: ['Consented apps: none'],
  eligibleRoles: ['Roles eligible through PIM: none'],
  risk: ['Risk: no record in Identity Protection'],
  signIns: ['Last sign-ins: none'],
};

/** What each section says when it could not be read. */
const UNREADABLE_LINES: Readonly<Record<Key, readonly string[]>> = {
  methods: [`Sign-in methods: ${UNREADABLE.methods}`],
  mailRules: [`Mail rules: ${UNREADABLE.mailRules}`, EXCHANGE_FORWARDING_NOTE],
  consents: [`Consented apps: ${UNREADABLE.consents}`],
  eligibleRoles: [
    `Roles eligible through PIM: ${UNREADABLE.eligibleRoles} — ${ACTIVE_ROLES_ONLY_NOTE}`,
  ],
  risk: [`Risk: ${UNREADABLE.risk}`],
  signIns: [`Last sign-ins: ${UNREADABLE.signIns}`],
};

describe('the "What the attacker may have left" section', () => {
  it('is not shown when no section was read', () => {
    assert.deepEqual(footholdSection(undefined, NOW), []);
    assert.deepEqual(footholdSection({}, NOW), []);
  });

  for (const key of KEYS) {
    describe(`${SECTION_TITLES[key]}`, () => {
      const cases: (readonly [string, Foothold, readonly string[]])[] = [
        ['readable', { [key]: FULL_FOOTHOLD[key] }, READABLE[key]],
        ['read and empty', { [key]: { items: [] } }, EMPTY[key]],
        ['unreadable', { [key]: UNREADABLE_FOOTHOLD[key] }, UNREADABLE_LINES[key]],
      ];
      for (const [state, foothold, expected] of cases) {
        it(`${state}: shown alone under the heading`, () => {
          assert.deepEqual(texts(foothold), [FOOTHOLD_HEADING, ...expected]);
        });
      }

      it('absent: not shown, the others still are', () => {
        const others = Object.fromEntries(
          KEYS.filter((k) => k !== key).map((k) => [k, FULL_FOOTHOLD[k]]),
        );
        const text = texts(others).join('\n');
        const own = key === 'risk' ? 'Risk:' : SECTION_TITLES[key];
        assert.ok(!text.includes(own), text);
        assert.ok(text.startsWith(FOOTHOLD_HEADING), text);
      });
    });
  }

  it('shows every section in order', () => {
    assert.deepEqual(texts(FULL_FOOTHOLD), [FOOTHOLD_HEADING, ...KEYS.flatMap((k) => READABLE[k])]);
    assert.deepEqual(texts(UNREADABLE_FOOTHOLD), [
      FOOTHOLD_HEADING,
      ...KEYS.flatMap((k) => UNREADABLE_LINES[k]),
    ]);
  });

  it('colours what stands out, and makes failures, disabled rules and notes subtle', () => {
    const cases: (readonly [string, Record<string, unknown>])[] = [
      [READABLE.methods[1]!, { color: 'warning', weight: 'bolder' }],
      [READABLE.mailRules[1]!, { color: 'attention', weight: 'bolder' }],
      [READABLE.mailRules[3]!, { isSubtle: true }],
      [EXCHANGE_FORWARDING_NOTE, { isSubtle: true }],
      [READABLE.consents[1]!, { color: 'attention', weight: 'bolder' }],
      [READABLE.eligibleRoles[1]!, { color: 'attention', weight: 'bolder' }],
      [READABLE.risk[0]!, { color: 'attention', weight: 'bolder' }],
      [READABLE.signIns[2]!, { isSubtle: true }],
    ];
    for (const [text, expected] of cases) {
      const block = blockOf(FULL_FOOTHOLD, text);
      assert.ok(block, text);
      for (const [key, value] of Object.entries(expected)) assert.equal(block[key], value, text);
    }
    for (const [key, [line]] of Object.entries(UNREADABLE_LINES)) {
      assert.equal(blockOf(UNREADABLE_FOOTHOLD, line!)?.['isSubtle'], true, key);
    }
  });

  describe('sign-in methods: the password is not listed', () => {
    const password: AuthMethod = { id: 'p', type: 'password', display: 'Password' };
    const phone: AuthMethod = {
      id: 'f',
      type: 'phone',
      display: '+XX XX12',
      registeredAt: LAST_YEAR,
    };
    const cases: (readonly [string, AuthMethod[], string])[] = [
      ['only the password', [password], 'Sign-in methods: only the password'],
      ['a phone besides it', [password, phone], 'Sign-in methods (1 besides the password)'],
      ['no password (passwordless)', [phone], 'Sign-in methods (1)'],
    ];
    for (const [name, items, heading] of cases) {
      it(name, () => {
        const text = texts({ methods: { items } });
        assert.equal(text[1], heading);
        assert.ok(!text.some((t) => t.startsWith('Password')), text.join('\n'));
      });
    }
  });

  describe(`at most ${MAX_FOOTHOLD_LINES} lines per list, then "and N more"`, () => {
    const old = (i: number): AuthMethod => ({
      id: `o${i}`,
      type: 'phone',
      display: `+XX XXXXXXXX${i}`,
      registeredAt: LAST_YEAR,
    });
    const recent = (i: number): AuthMethod => ({
      id: `n${i}`,
      type: 'microsoftAuthenticator',
      display: `Phone ${i}`,
      registeredAt: '2026-11-28T12:00:00.000Z',
    });

    it('lists new methods first, and says how many more', () => {
      const items = [...Array.from({ length: 10 }, (_, i) => old(i)), recent(1), recent(2)];
      const text = texts({ methods: { items } });
      assert.equal(text.length, 2 + MAX_FOOTHOLD_LINES + 1, text.join('\n'));
      assert.ok(text[2]!.includes('Phone 1 (new'), text[2]);
      assert.ok(text[3]!.includes('Phone 2 (new'), text[3]);
      assert.equal(text.at(-1), 'and 7 more');
      assert.equal(blockOf({ methods: { items } }, 'and 7 more')?.['isSubtle'], true);
    });

    it('says how many hidden lines stand out, in their colour', () => {
      const items = Array.from({ length: 8 }, (_, i) => recent(i));
      const more = texts({ methods: { items } }).at(-1)!;
      assert.equal(more, 'and 3 more (3 new)');
      assert.equal(blockOf({ methods: { items } }, more)?.['color'], 'warning');
    });

    it('keeps sign-ins newest first, failures included', () => {
      const items = Array.from({ length: 7 }, (_, i) => ({
        at: `2026-11-28T1${9 - i}:00:00.000Z`,
        app: 'Outlook',
        ipAddress: '203.0.113.7',
        result: i % 2 ? 'success' : 'Invalid password',
      }));
      const text = texts({ signIns: { items } });
      assert.deepEqual(text.slice(2, 4), [
        '2026-11-28 19:00 UTC · Outlook · 203.0.113.7 · Invalid password',
        '2026-11-28 18:00 UTC · Outlook · 203.0.113.7 · success',
      ]);
      assert.equal(text.at(-1), 'and 2 more');
    });

    it(`keeps each list of the largest foothold within ${FOOTHOLD_LIST_BYTES} bytes`, () => {
      const section = footholdSection(largestFoothold('🔒'), NOW);
      // A list's item lines follow its heading (spacing small) and end at its "and N more".
      const isItem = (e: CardElement): boolean =>
        e.type === 'TextBlock' &&
        e.spacing === 'none' &&
        !e.text.startsWith('and ') &&
        !e.text.startsWith(`${SECTION_TITLES.consents}: `) &&
        e.text !== EXCHANGE_FORWARDING_NOTE;
      let run = 0;
      for (const element of section) {
        if (isItem(element)) run += Buffer.byteLength(JSON.stringify(element), 'utf8');
        else run = 0;
        assert.ok(run <= FOOTHOLD_LIST_BYTES, `${run}: ${JSON.stringify(element)}`);
      }
      assert.ok(Buffer.byteLength(JSON.stringify(section), 'utf8') < 7 * 1024);
    });
  });
});

describe('the foothold on the cards', () => {
  const withFoothold = (
    foothold?: Foothold,
    overrides: Partial<LockdownRequest> = {},
  ): LockdownRequest => request({ target: target(foothold ? { foothold } : {}), ...overrides });
  const dryRun = (foothold: Foothold, now?: Date): AdaptiveCard =>
    buildDryRunCard({
      target: target({ foothold }),
      mode: 'full',
      requiredApprovals: 1,
      preflight: preflight(plannedSteps({ mode: 'full' }), target(), MISSING_GRANTS),
      ...(now ? { now } : {}),
    });

  it('the confirmation card shows it between the directory roles and the plan', () => {
    const text = cardText(buildConfirmationCard(withFoothold(FULL_FOOTHOLD), { now: NOW }));
    const at = (s: string): number => text.indexOf(s);
    assert.ok(at('Directory roles') < at(FOOTHOLD_HEADING), text);
    assert.ok(at(FOOTHOLD_HEADING) < at(READABLE.methods[1]!), text);
    assert.ok(at(READABLE.signIns.at(-1)!) < at('Plan'), text);
  });

  it('the confirmation card has no such section when nothing was read', () => {
    for (const foothold of [undefined, {}]) {
      const text = cardText(buildConfirmationCard(withFoothold(foothold), { now: NOW }));
      assert.ok(!text.includes(FOOTHOLD_HEADING), text);
    }
  });

  it("an unlock's confirmation card does not show it", () => {
    const unlock = withFoothold(FULL_FOOTHOLD, { kind: 'unlock' });
    assert.ok(!cardText(buildConfirmationCard(unlock, { now: NOW })).includes(FOOTHOLD_HEADING));
  });

  it('the dry run shows it; built without now, no method is marked new', () => {
    const text = cardText(dryRun(FULL_FOOTHOLD, NOW));
    assert.ok(text.includes(`${FOOTHOLD_HEADING}\n${READABLE.methods.join('\n')}`), text);
    const undated = cardText(dryRun(FULL_FOOTHOLD));
    assert.ok(
      undated.includes('\nMicrosoft Authenticator: Pixel 8 (registered 2026-11-28 13:05 UTC)\n'),
    );
    assert.ok(!undated.includes('(new:'), undated);
  });
});
