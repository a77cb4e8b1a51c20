import assert from 'node:assert/strict';
import type {
  AuthMethod,
  ConsentGrant,
  EligibleRole,
  MailRule,
  RiskState,
  SignInSummary,
} from '../../../src/lockdown/foothold';
import {
  consentLine,
  eligibleRoleLine,
  isRecentMethod,
  joinWithin,
  mailRuleLine,
  methodLine,
  riskLine,
  signInLine,
  type FootholdLine,
} from '../../../src/teams/cards/foothold-lines';
import { NOW } from './fixtures';
import {
  ATTACKER_AUTHENTICATOR,
  ELIGIBLE_GLOBAL_ADMIN,
  FORWARD_OUT,
  SHADY_APP,
} from './foothold-fixtures';

/** An ISO time `minutes` before the fixtures' NOW (negative: after it). */
const before = (minutes: number): string =>
  new Date(NOW.getTime() - minutes * 60_000).toISOString();
const DAY = 24 * 60;

describe('foothold lines', () => {
  describe('a sign-in method: registered within 7 days of now stands out as new', () => {
    const cases: (readonly [string, string | undefined, Date | undefined, boolean])[] = [
      ['an hour ago', before(60), NOW, true],
      ['exactly 7 days ago', before(7 * DAY), NOW, true],
      ['7 days and a minute ago', before(7 * DAY + 1), NOW, false],
      ['a year ago', '2025-11-28T14:05:00.000Z', NOW, false],
      ['in the future (clock skew)', before(-5), NOW, true],
      ['at no known time', undefined, NOW, false],
      ['at an unreadable time', 'yesterday', NOW, false],
      ['an hour ago, on a card built without now', before(60), undefined, false],
    ];
    for (const [when, registeredAt, now, recent] of cases) {
      it(`registered ${when}: ${recent ? 'new' : 'not new'}`, () => {
        const method: AuthMethod = {
          id: 'm',
          type: 'phone',
          display: '+XX XXXXXXXX12',
          ...(registeredAt === undefined ? {} : { registeredAt }),
        };
        assert.equal(isRecentMethod(method, now), recent);
        const line = methodLine(method, now);
        assert.equal(line.tone, recent ? 'warning' : 'plain');
        assert.equal(line.text.startsWith('⚠️ '), recent);
        assert.equal(line.text.includes('(new: registered '), recent);
      });
    }

    it('reads as the type in words, the display and when it was registered', () => {
      assert.deepEqual(methodLine(ATTACKER_AUTHENTICATOR, NOW), {
        text: '⚠️ Microsoft Authenticator: Pixel 8 (new: registered 2026-11-28 13:05 UTC)',
        tone: 'warning',
      });
      const key: AuthMethod = { id: 'k', type: 'fido2', display: 'YubiKey 5 NFC' };
      assert.deepEqual(methodLine(key, NOW), {
        text: 'FIDO2 security key: YubiKey 5 NFC',
        tone: 'plain',
      });
      const hello: AuthMethod = { id: 'h', type: 'windowsHelloForBusiness', display: ' ' };
      assert.equal(methodLine(hello, NOW).text, 'Windows Hello for Business');
    });
  });

  describe('a mail rule: what it does, where mail goes, outside the organisation standing out', () => {
    const rule = (overrides: Partial<MailRule>): MailRule => ({ ...FORWARD_OUT, ...overrides });
    const cases: (readonly [string, MailRule, FootholdLine])[] = [
      [
        'forwarding outside',
        FORWARD_OUT,
        {
          text: '⚠️ “.”: forwards to collector@proton.example (outside the organisation)',
          tone: 'attention',
        },
      ],
      [
        'redirecting inside',
        rule({
          actions: ['redirect'],
          destinations: [{ address: 'a@contoso.com', external: false }],
        }),
        { text: '“.”: redirects to a@contoso.com', tone: 'plain' },
      ],
      [
        'forwarding where the domains could not be read',
        rule({ destinations: [{ address: 'a@fabrikam.com' }] }),
        { text: '“.”: forwards to a@fabrikam.com', tone: 'plain' },
      ],
      [
        'disabled, deleting',
        rule({ enabled: false, actions: ['delete'], destinations: [] }),
        { text: '“.” (disabled): deletes', tone: 'subtle' },
      ],
      [
        'disabled, forwarding outside',
        rule({ enabled: false }),
        {
          text: '⚠️ “.” (disabled): forwards to collector@proton.example (outside the organisation)',
          tone: 'attention',
        },
      ],
      [
        'forwarding as attachment and hiding',
        rule({
          name: 'RSS',
          actions: ['forward-as-attachment', 'move-and-mark-read'],
          destinations: [{ address: 'x@contoso.com', external: false }],
        }),
        {
          text: '“RSS”: forwards as attachment to x@contoso.com; moves and marks read',
          tone: 'plain',
        },
      ],
      [
        'forwarding and redirecting to four, outside ones first',
        rule({
          actions: ['forward', 'redirect', 'forward'],
          destinations: [
            { address: 'in1@contoso.com', external: false },
            { address: 'out1@evil.example', external: true },
            { address: 'in2@contoso.com', external: false },
            { address: 'out2@evil.example', external: true },
          ],
        }),
        {
          text: '⚠️ “.”: forwards and redirects to out1@evil.example (outside the organisation), out2@evil.example (outside the organisation) and 2 more',
          tone: 'attention',
        },
      ],
      [
        'three outside addresses: the hidden one is counted',
        rule({
          destinations: ['a', 'b', 'c'].map((n) => ({
            address: `${n}@evil.example`,
            external: true,
          })),
        }),
        {
          text: '⚠️ “.”: forwards to a@evil.example (outside the organisation), b@evil.example (outside the organisation) and 1 more (1 outside the organisation)',
          tone: 'attention',
        },
      ],
      [
        'no action read',
        rule({ name: 'Odd', actions: [], destinations: [] }),
        { text: '“Odd”: no action read', tone: 'plain' },
      ],
      [
        'a markdown link in its name',
        rule({ name: '[Open](https://evil.example)', actions: ['delete'], destinations: [] }),
        { text: '“[Open] (https://evil.example)”: deletes', tone: 'plain' },
      ],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => assert.deepEqual(mailRuleLine(input), expected));
    }
  });

  describe('a consented app: name, publisher, scopes; an unverified publisher stands out', () => {
    const grant = (overrides: Partial<ConsentGrant>): ConsentGrant => ({
      ...SHADY_APP,
      ...overrides,
    });
    const cases: (readonly [string, ConsentGrant, FootholdLine])[] = [
      [
        'an unverified publisher',
        SHADY_APP,
        {
          text: '⚠️ Mail Helper by Shady Apps LLC (unverified publisher): Mail.ReadWrite, Mail.Send, offline_access',
          tone: 'attention',
        },
      ],
      [
        'a verified publisher',
        grant({ verifiedPublisher: true }),
        {
          text: 'Mail Helper by Shady Apps LLC: Mail.ReadWrite, Mail.Send, offline_access',
          tone: 'plain',
        },
      ],
      [
        'a name not looked up yet',
        { id: 'g', clientId: 'aaaaaaaa-0000-4000-8000-000000000001', scopes: ['User.Read'] },
        { text: 'app aaaaaaaa-0000-4000-8000-000000000001: User.Read', tone: 'plain' },
      ],
      [
        'no scopes',
        grant({ scopes: [], verifiedPublisher: true }),
        { text: 'Mail Helper by Shady Apps LLC: no scopes', tone: 'plain' },
      ],
      [
        'scopes cut short',
        grant({
          publisher: undefined,
          verifiedPublisher: undefined,
          scopes: Array.from({ length: 20 }, (_, i) => `Scope${i}.ReadWrite.All`),
        }),
        {
          text: 'Mail Helper: Scope0.ReadWrite.All, Scope1.ReadWrite.All, Scope2.ReadWrite.All, Scope3.ReadWrite.All and 16 more',
          tone: 'plain',
        },
      ],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => assert.deepEqual(consentLine(input), expected));
    }

    it('always names at least one scope, however long', () => {
      assert.match(joinWithin(['x'.repeat(500), 'y'], 96), /^x+ and 1 more$/);
    });
  });

  describe('an eligible role: through which group; a privileged one stands out', () => {
    const cases: (readonly [string, EligibleRole, FootholdLine])[] = [
      [
        'privileged, through a group',
        ELIGIBLE_GLOBAL_ADMIN,
        {
          text: '⚠️ Global Administrator through group Tier 0 Admins — PRIVILEGED',
          tone: 'attention',
        },
      ],
      [
        'privileged, directly',
        { displayName: 'User Administrator', roleTemplateId: 'r', privileged: true },
        { text: '⚠️ User Administrator — PRIVILEGED', tone: 'attention' },
      ],
      [
        'not privileged',
        { displayName: 'Reports Reader', roleTemplateId: 'r', throughGroup: 'Auditors' },
        { text: 'Reports Reader through group Auditors', tone: 'plain' },
      ],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => assert.deepEqual(eligibleRoleLine(input), expected));
    }
  });

  describe('risk: medium, high or confirmed compromised stands out', () => {
    const cases: (readonly [RiskState, boolean])[] = [
      [{ level: 'high', state: 'atRisk' }, true],
      [{ level: 'medium', state: 'atRisk' }, true],
      [{ level: 'low', state: 'atRisk' }, false],
      [{ level: 'high', state: 'confirmedCompromised' }, true],
      [{ level: 'low', state: 'confirmedCompromised' }, true],
      [{ level: 'none', state: 'remediated' }, false],
      [{ level: 'hidden', state: 'atRisk' }, false],
      [{ level: 'none', state: 'dismissed' }, false],
    ];
    for (const [risk, risky] of cases) {
      it(`${risk.level} (${risk.state}): ${risky ? 'stands out' : 'plain'}`, () => {
        const text = `Risk: ${risk.level} (${risk.state})`;
        assert.deepEqual(
          riskLine(risk),
          risky ? { text: `⚠️ ${text}`, tone: 'attention' } : { text, tone: 'plain' },
        );
      });
    }
  });

  describe('a sign-in: time, app, IP, location, result; failures subtle', () => {
    const signIn: SignInSummary = {
      at: '2026-11-28T13:02:09.123Z',
      app: 'Office 365 Exchange Online',
      ipAddress: '203.0.113.7',
      location: 'Lagos, NG',
      result: 'success',
    };
    const cases: (readonly [string, SignInSummary, FootholdLine])[] = [
      [
        'a success',
        signIn,
        {
          text: '2026-11-28 13:02 UTC · Office 365 Exchange Online · 203.0.113.7 · Lagos, NG · success',
          tone: 'plain',
        },
      ],
      [
        'a failure, from nowhere known',
        { ...signIn, location: undefined, result: 'Invalid username or password' },
        {
          text: '2026-11-28 13:02 UTC · Office 365 Exchange Online · 203.0.113.7 · Invalid username or password',
          tone: 'subtle',
        },
      ],
    ];
    for (const [name, input, expected] of cases) {
      it(name, () => assert.deepEqual(signInLine(input), expected));
    }
  });
});
