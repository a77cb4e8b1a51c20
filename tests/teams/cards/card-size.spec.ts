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
  buildProgressCard,
  buildUsageCard,
  type AdaptiveCard,
} from '../../../src/teams/cards';
import { DENIED, NOW, device, request, target } from './fixtures';

/** Teams refuses messages over 28 KB; leave nothing to chance. */
const TEAMS_LIMIT = 28 * 1024;

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
      const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
      assert.ok(bytes < TEAMS_LIMIT, `${name}: ${bytes} bytes`);
      sizes.push(`${name} ${bytes} B`);
    });
  }

  it('lists 10 of the 60 failed devices and then "+50 more"', () => {
    const json = JSON.stringify(buildProgressCard({ ...big, state: 'failed' }));
    assert.ok(json.includes('+50 more'));
  });
});
