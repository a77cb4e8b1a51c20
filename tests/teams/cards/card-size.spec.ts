import assert from 'node:assert/strict';
import type {
  DeviceOutcome,
  LockdownRequest,
  RoleSummary,
  StepOutcome,
} from '../../../src/lockdown/request';
import {
  buildClosedCard,
  buildConfirmationCard,
  buildErrorCard,
  buildHistoryCard,
  buildProgressCard,
  buildUsageCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { cardVariants, largestVariantInputs } from './card-variants';
import { cardText } from './card-text';
import { DENIED, NOW, device, request, target } from './fixtures';
import { WIDE_CHARACTERS, largestInputs, type WideKind } from './largest-inputs';

/** Teams refuses messages over 28 KB; leave nothing to chance. */
const TEAMS_LIMIT = 28 * 1024;
/** Teams refreshes a card automatically for at most 60 users. */
const TEAMS_MAX_REFRESH_USERS = 60;

/** The card as Teams receives it: serialised JSON, in UTF-8 bytes. */
const bytesOf = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

describe('card size at the largest inputs the bot accepts', () => {
  for (const kind of Object.keys(WIDE_CHARACTERS) as WideKind[]) {
    describe(`256-character names in ${kind}, 50 roles, 1,000 devices, long Graph errors`, () => {
      let largest = { name: '', bytes: 0 };
      after(() => console.log(`      largest: ${largest.name}, ${largest.bytes} B`));
      for (const [name, card] of cardVariants(largestVariantInputs(kind))) {
        it(`${name}: under 28 KB, refresh for at most 60 users`, () => {
          const bytes = bytesOf(card);
          if (bytes > largest.bytes) largest = { name, bytes };
          assert.ok(bytes < TEAMS_LIMIT, `${name}: ${bytes} bytes`);
          assert.ok((card.refresh?.userIds.length ?? 0) <= TEAMS_MAX_REFRESH_USERS);
        });
      }
    });
  }

  const inputs = largestInputs('cjk');
  it('summarises 50 roles: the first 10, privileged first, then how many more', () => {
    const text = cardText(buildConfirmationCard(inputs.pending, { now: NOW }));
    // Directory roles only: eligible roles of the foothold are listed on their own.
    assert.equal(text.match(/^⚠️ Role \d+ .*— PRIVILEGED$/gm)?.length, 10, text);
    assert.ok(text.includes('+40 more roles (15 privileged)'), text);
  });

  it('summarises 1,000 devices in one line: count, five systems, the rest, how many disabled', () => {
    const text = cardText(buildConfirmationCard(inputs.pending, { now: NOW }));
    assert.match(text, /^1000 devices: (1 OS \d+ 漢+…, ){5}995 other \(334 already disabled\)$/m);
  });

  it('summarises a foothold of 50 items a section: each list says how many more, and what stands out', () => {
    const text = cardText(buildConfirmationCard(inputs.pending, { now: NOW }));
    for (const line of [
      /^Sign-in methods \(49 besides the password\)$/m,
      /^and \d+ more \(\d+ new\)$/m,
      /^Mail rules \(50\)$/m,
      /^and \d+ more \(\d+ sending outside the organisation\)$/m,
      /^Consented apps \(50\)$/m,
      /^and \d+ more \(\d+ unverified\)$/m,
      /^Roles eligible through PIM \(50\)$/m,
      /^and \d+ more \(\d+ privileged\)$/m,
      /^Last sign-ins \(50\)$/m,
      /^and \d+ more$/m,
    ]) {
      assert.match(text, line);
    }
  });

  it('lists 10 of 1,000 failed devices with their request ids, then "+990 more"', () => {
    const card = buildProgressCard({
      ...inputs.pending,
      state: 'partial',
      steps: inputs.failedSteps,
    });
    const text = cardText(card);
    assert.equal(text.match(/, request-id 11111111-2222-4333-8444-\d{12}\)$/gm)?.length, 10);
    assert.ok(text.includes('\n+990 more\n'), text);
  });

  it('shows at most 20 history rows', () => {
    const rows = Array.from({ length: 25 }, () => inputs.pending);
    assert.equal(buildHistoryCard(rows).body.length, 1 + 20);
  });

  it('refreshes for at most 60 of 80 listed users', () => {
    const card = buildConfirmationCard(inputs.pending, { now: NOW, refreshFor: inputs.refreshFor });
    assert.deepEqual(card.refresh?.userIds, inputs.refreshFor.slice(0, 60));
  });
});

const long = (s: string): string => s.repeat(40);

describe('card size', () => {
  // A worst case: long names everywhere, 60 devices that all failed with long messages, many roles.
  const devices: DeviceOutcome[] = Array.from({ length: 60 }, (_, i) => ({
    deviceId: `dev-${i}`,
    displayName: long(`device-${i}-`),
    operatingSystem: i % 2 === 0 ? 'iOS' : 'Android',
    status: 'failed',
    failure: { ...DENIED, message: long('Insufficient privileges. '), requestId: `rid-${i}` },
    note: long('app-only access cannot disable non-Windows devices; block it in Intune. '),
  }));
  const roles: RoleSummary[] = Array.from({ length: 20 }, (_, i) => ({
    displayName: `Role ${i}`,
    roleTemplateId: `r${i}`,
    privileged: i % 3 === 0,
  }));
  const big: LockdownRequest = request({
    target: target({
      displayName: long('Jane Doe '),
      jobTitle: long('Senior '),
      department: long('Finance '),
      onPremisesSyncEnabled: true,
      userType: 'Guest',
      roles,
      devices: devices.map((d, i) => device(i, d.operatingSystem, { displayName: d.displayName })),
    }),
    decidedBy: { id: 'b', name: long('Bob ') },
    decidedAt: '2026-11-28T14:06:00Z',
    finishedAt: '2026-11-28T14:07:00Z',
    steps: [
      ...(['disable-account', 'reset-password', 'revoke-sessions', 'verify'] as const).map(
        (step): StepOutcome => ({
          step,
          status: 'failed',
          durationMs: 1000,
          detail: long('detail '),
          failure: { ...DENIED, message: long('Insufficient privileges. ') },
        }),
      ),
      {
        step: 'disable-devices',
        status: 'failed',
        durationMs: 9000,
        detail: '0 of 60 devices disabled',
        failure: { ...DENIED, message: long('x ') },
        devices,
      },
    ],
  });

  const cards: [string, AdaptiveCard][] = [
    ['confirmation', buildConfirmationCard(big, { now: NOW, selfApprovalAllowed: true })],
    ['progress (failed)', buildProgressCard({ ...big, state: 'failed' })],
    ['progress (partial)', buildProgressCard({ ...big, state: 'partial' })],
    ['progress (running)', buildProgressCard({ ...big, state: 'running' })],
    ['closed', buildClosedCard({ ...big, state: 'rejected' })],
    ['usage', buildUsageCard(long('Unknown option --force. '))],
    ['error', buildErrorCard(long('Lookup failed '), long('Graph did not answer. '))],
  ];
  const sizes: string[] = [];
  after(() => console.log(`      worst-case sizes: ${sizes.join(', ')}`));
  for (const [name, card] of cards) {
    it(`keeps the ${name} card under 28 KB`, () => {
      const bytes = bytesOf(card);
      assert.ok(bytes < TEAMS_LIMIT, `${name}: ${bytes} bytes`);
      sizes.push(`${name} ${bytes} B`);
    });
  }

  it('lists 10 of the 60 failed devices and then "+50 more"', () => {
    const json = JSON.stringify(buildProgressCard({ ...big, state: 'failed' }));
    assert.ok(json.includes('+50 more'));
  });
});
