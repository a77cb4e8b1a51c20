/**
 * The look-up reads what an attacker may have left (issue 11) in the SAME `$batch` as the user,
 * over the simulator with the real SDK and credential; each section degrades on its own.
 */
import assert from 'node:assert/strict';
import type { Foothold, Section } from '../../src/lockdown/foothold';
import { itemsOf } from '../../src/lockdown/foothold';
import { unreadableReason } from '../../src/directory/foothold-read';
import { maskPhone, toMailRules } from '../../src/directory/foothold-sections';
import {
  APP_WITH_FOOTHOLD,
  APPS_LACKING,
  ATTACKER_APP_ID,
  ELIGIBLE_GROUP,
  idOf,
  TARGETS,
} from './fixtures/tenant';
import { type Harness, startHarness } from './harness';

const POLICY = { maxAttempts: 4, maxWaitMs: 3_000, baseDelayMs: 50, maxBackoffMs: 200 };
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const SECTIONS = ['methods', 'mailRules', 'consents', 'eligibleRoles', 'risk', 'signIns'] as const;

/** The look-up: one round trip, one `$batch` holding every read. */
async function lookUp(harness: Harness, upn: string): Promise<Foothold> {
  harness.simulator.resetRecording();
  const user = await harness.call('findUser', upn);
  assert.ok(user?.foothold, 'a foothold was read');
  assert.equal(harness.simulator.roundTrips, 1, 'one round trip');
  const items = harness.simulator.requests.filter((r) => r.batchId !== undefined);
  assert.equal(new Set(items.map((r) => r.batchId)).size, 1, 'one $batch');
  assert.equal(items.length, 11, 'user, roles, devices and 8 foothold reads');
  return user.foothold;
}

describe('the look-up reads the foothold in its one $batch (simulator, real SDK)', function () {
  this.timeout(60_000);
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ retryPolicy: POLICY }, 20, APP_WITH_FOOTHOLD);
  });
  after(async () => {
    await harness?.stop();
  });

  it("shows the attacker's Authenticator, the forwarding rule, the consent, the eligible role, risk and sign-ins", async () => {
    const started = Date.now();
    const foothold = await lookUp(harness, TARGETS.foothold.upn);
    const methods = itemsOf(foothold.methods) ?? assert.fail(JSON.stringify(foothold.methods));
    assert.deepEqual(
      methods.map((m) => [m.type, m.display]),
      [
        ['password', 'Password'],
        ['phone', '+1 ••• ••• ••12'],
        ['microsoftAuthenticator', 'Attacker iPhone'],
        ['fido2', 'YubiKey 5 NFC'],
      ],
    );
    const authenticator = methods[2]!;
    const age = started - Date.parse(authenticator.registeredAt ?? '');
    assert.ok(age > 59 * 60_000 && age < 62 * 60_000, `registered an hour ago (${age} ms)`);
    assert.equal(methods[1]?.registeredAt, undefined, 'no time where Graph gives none');

    assert.deepEqual(itemsOf(foothold.mailRules), [
      {
        id: 'rule-1',
        name: 'Invoices',
        enabled: true,
        actions: ['forward'],
        destinations: [{ address: 'drop@evil.example', external: true }],
      },
      {
        id: 'rule-2',
        name: 'Colleague',
        enabled: true,
        actions: ['redirect'],
        destinations: [{ address: 'ann@contoso.com', external: false }],
      },
      {
        id: 'rule-4',
        name: 'Hide replies',
        enabled: false,
        actions: ['move-and-mark-read'],
        destinations: [],
      },
    ]);
    assert.deepEqual(itemsOf(foothold.consents), [
      { id: 'grant-1', clientId: ATTACKER_APP_ID, scopes: ['Mail.Read', 'offline_access'] },
    ]);
    assert.deepEqual(itemsOf(foothold.eligibleRoles), [
      {
        displayName: 'Global Administrator',
        roleTemplateId: GLOBAL_ADMIN,
        throughGroup: ELIGIBLE_GROUP.displayName,
      },
    ]);
    assert.deepEqual(itemsOf(foothold.risk), [{ level: 'high', state: 'atRisk' }]);
    const signIns = itemsOf(foothold.signIns) ?? assert.fail('sign-ins unreadable');
    assert.equal(signIns.length, 5, 'the last 5 of 7');
    assert.deepEqual(
      signIns.map((s) => s.ipAddress),
      ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'],
    );
    assert.deepEqual(signIns[1], {
      at: signIns[1]?.at,
      app: 'Office 365 Exchange Online',
      ipAddress: '203.0.113.2',
      location: 'Lagos, NG',
      result: 'Invalid username or password.',
    });
    assert.equal(signIns[0]?.result, 'success');
  });

  it('a user without a mailbox, a record, roles or consents: empty sections, the mail one says why', async () => {
    const foothold = await lookUp(harness, TARGETS.noMailbox.upn);
    assert.deepEqual(foothold.mailRules, { unreadable: 'no Exchange Online mailbox' });
    assert.deepEqual(foothold.consents, { items: [] });
    assert.deepEqual(foothold.eligibleRoles, { items: [] });
    assert.deepEqual(foothold.risk, { items: [] }, 'no Identity Protection record: no risk');
    assert.deepEqual(foothold.signIns, { items: [] });
    assert.equal(itemsOf(foothold.methods)?.length, 1, 'the password');
  });

  it('a throttled foothold read is sent again alone; the card waits one more round trip', async () => {
    harness.simulator.resetRecording();
    harness.simulator.inject({
      path: /\/authentication\/methods$/,
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
      scope: 'batch-item',
    });
    const user = await harness.call('findUser', TARGETS.foothold.upn);
    assert.equal(itemsOf(user?.foothold?.methods)?.length, 4);
    assert.equal(harness.simulator.roundTrips, 2);
  });

  it('a failure of one read leaves the others readable (400 on risk)', async () => {
    harness.simulator.inject({ path: /^\/identityProtection\//, status: 400, scope: 'batch-item' });
    try {
      const foothold = await lookUp(harness, TARGETS.foothold.upn);
      assert.match(
        (foothold.risk as { unreadable: string }).unreadable,
        /^not readable: Graph answered 400/,
      );
      assert.equal(itemsOf(foothold.signIns)?.length, 5);
    } finally {
      harness.simulator.clearFaults();
    }
  });
});

describe("each section's 403 degrades that section alone; the look-up is still one round trip", function () {
  this.timeout(120_000);

  /** What each missing permission makes unreadable, in the card's words. */
  const EXPECTED: Readonly<Record<string, Partial<Record<(typeof SECTIONS)[number], string>>>> = {
    'UserAuthenticationMethod.Read.All': {
      methods: 'not readable: the app lacks UserAuthenticationMethod.Read.All',
    },
    'MailboxSettings.Read': { mailRules: 'not readable: the app lacks MailboxSettings.Read' },
    // Graph documents Directory.Read.All for a user's grants; sign-ins need it too.
    'Directory.Read.All': {
      consents: 'not readable: the app lacks Directory.Read.All',
      signIns: 'not readable: the app lacks AuditLog.Read.All or Directory.Read.All',
    },
    'RoleManagement.Read.Directory': {
      eligibleRoles: 'not readable: the app lacks RoleEligibilitySchedule.Read.Directory',
    },
    'IdentityRiskyUser.Read.All': {
      risk: 'not readable: the app lacks IdentityRiskyUser.Read.All',
    },
    'AuditLog.Read.All': {
      signIns: 'not readable: the app lacks AuditLog.Read.All or Directory.Read.All',
    },
  };

  for (const [lacking, unreadable] of Object.entries(EXPECTED)) {
    it(`without ${lacking}`, async () => {
      const harness = await startHarness({ retryPolicy: POLICY }, 20, APPS_LACKING[lacking]);
      try {
        const user = await harness.call('findUser', TARGETS.foothold.upn);
        assert.equal(user?.id, idOf(TARGETS.foothold));
        assert.equal(harness.simulator.roundTrips, 1);
        for (const section of SECTIONS) {
          const expected = unreadable[section];
          if (expected) assert.deepEqual(user?.foothold?.[section], { unreadable: expected });
          else {
            const read = user?.foothold?.[section] as Section<unknown> | undefined;
            assert.ok(itemsOf(read), `${section} still reads: ${JSON.stringify(read)}`);
          }
        }
      } finally {
        await harness.stop();
      }
    });
  }

  it('the lockdown app without foothold permissions still finds the user', async () => {
    const harness = await startHarness({ retryPolicy: POLICY });
    try {
      const user = await harness.call('findUser', TARGETS.foothold.upn);
      assert.equal(user?.displayName, TARGETS.foothold.name);
      assert.deepEqual(user?.foothold?.methods, {
        unreadable: 'not readable: the app lacks UserAuthenticationMethod.Read.All',
      });
      assert.equal(harness.simulator.roundTrips, 1);
    } finally {
      await harness.stop();
    }
  });
});

describe('foothold wording and masking (pure)', () => {
  it('licence refusals name the licence; a missing mailbox says so', () => {
    const p2 = {
      permission: 'RoleEligibilitySchedule.Read.Directory',
      licence: 'Microsoft Entra ID P2',
    } as const;
    assert.equal(
      unreadableReason({ status: 400, code: 'AadPremiumLicenseRequired', message: 'x' }, p2),
      'not readable: needs Microsoft Entra ID P2',
    );
    assert.equal(
      unreadableReason(
        {
          status: 403,
          code: 'Forbidden',
          message: 'Your tenant is not licensed for this feature.',
        },
        { permission: 'IdentityRiskyUser.Read.All', licence: 'Microsoft Entra ID P2' },
      ),
      'not readable: needs Microsoft Entra ID P2',
    );
    assert.equal(
      unreadableReason(
        {
          status: 403,
          code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
          message: "Neither tenant is B2C or tenant doesn't have premium license",
        },
        { permission: 'AuditLog.Read.All', licence: 'Microsoft Entra ID P1' },
      ),
      'not readable: needs Microsoft Entra ID P1',
    );
    assert.equal(
      unreadableReason(
        { status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'x' },
        { permission: 'MailboxSettings.Read' },
      ),
      'no Exchange Online mailbox',
    );
  });

  it('phone numbers keep their country code and last 2 digits', () => {
    assert.equal(maskPhone('+1 2065550112'), '+1 ••• ••• ••12');
    assert.equal(maskPhone('+44 7700 900123'), '+44 ••• ••• ••23');
    assert.equal(maskPhone('+353 85 123 4567'), '+353 ••• ••• •67');
    assert.equal(maskPhone('0612345678'), '••• ••• ••78');
  });

  it('destinations are neither internal nor external when the domains could not be read', () => {
    const [rule] = toMailRules(
      [
        {
          id: 'r',
          displayName: 'x',
          actions: { forwardTo: [{ emailAddress: { address: 'a@b.example' } }] },
        },
      ],
      undefined,
    );
    assert.deepEqual(rule?.destinations, [{ address: 'a@b.example' }]);
  });
});
