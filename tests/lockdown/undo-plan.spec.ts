import assert from 'node:assert/strict';
import type {
  DeviceOutcome,
  LockdownRequest,
  RequestState,
  StepOutcome,
} from '../../src/lockdown/request';
import { planUndo } from '../../src/lockdown/undo-plan';

const RILEY = { id: 'riley', name: 'Riley' };
const ALEX = { id: 'alex', name: 'Alex' };
const UPN = 'jane@contoso.com';

const LAPTOP = { id: 'd-laptop', displayName: 'LAPTOP', operatingSystem: 'Windows' };
const OLD_PC = { id: 'd-old', displayName: 'OLD-PC', operatingSystem: 'Windows' };
const PHONE = { id: 'd-phone', displayName: 'iPhone', operatingSystem: 'iOS' };

function device(
  summary: typeof LAPTOP,
  status: DeviceOutcome['status'],
  wasEnabled?: boolean,
): DeviceOutcome {
  return {
    deviceId: summary.id,
    displayName: summary.displayName,
    operatingSystem: summary.operatingSystem,
    status,
    ...(wasEnabled === undefined ? {} : { wasEnabled }),
  };
}

/** A finished full lockdown that disabled the account, the laptop, and the already-disabled old PC. */
function lockdown(overrides: Partial<LockdownRequest> = {}): LockdownRequest {
  const steps: StepOutcome[] = [
    { step: 'disable-account', status: 'done' },
    { step: 'reset-password', status: 'done' },
    { step: 'revoke-sessions', status: 'done' },
    {
      step: 'disable-devices',
      status: 'failed',
      devices: [
        device(LAPTOP, 'done', true),
        device(OLD_PC, 'done', false),
        device(PHONE, 'failed', true),
      ],
    },
    { step: 'verify', status: 'done' },
  ];
  return {
    id: 'l1',
    state: 'partial',
    mode: 'full',
    target: {
      id: 'u-jane',
      userPrincipalName: UPN,
      displayName: 'Jane',
      accountEnabled: true,
      onPremisesSyncEnabled: false,
      userType: 'Member',
      roles: [],
      devices: [
        { ...LAPTOP, accountEnabled: true },
        { ...OLD_PC, accountEnabled: false },
        { ...PHONE, accountEnabled: true },
      ],
    },
    requestedBy: RILEY,
    requestedAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2026-12-01T10:15:00.000Z',
    finishedAt: '2026-12-01T10:02:00.000Z',
    origin: { tenantId: 't', conversationId: 'c', reply: '{}' },
    steps,
    ...overrides,
  };
}

function unlock(state: RequestState, overrides: Partial<LockdownRequest> = {}): LockdownRequest {
  return {
    ...lockdown(),
    id: `u-${state}`,
    kind: 'unlock',
    state,
    requestedAt: '2026-12-02T09:00:00.000Z',
    finishedAt: '2026-12-02T09:05:00.000Z',
    approvals: [{ by: ALEX, at: '2026-12-02T09:01:00.000Z' }],
    steps: [],
    undo: {
      lockdownId: 'l1',
      lockdownRequestedBy: RILEY,
      enableAccount: true,
      devices: [],
      leftAlone: [],
    },
    ...overrides,
  };
}

describe('planUndo', () => {
  it('undoes what the lockdown did and only that', () => {
    const decision = planUndo(UPN, [lockdown()]);
    assert.equal(decision.kind, 'plan');
    if (decision.kind !== 'plan') return;
    assert.equal(decision.plan.lockdownId, 'l1');
    assert.equal(decision.plan.enableAccount, true);
    assert.deepEqual(
      decision.plan.devices.map((d) => d.id),
      ['d-laptop'],
    );
    assert.deepEqual(
      decision.plan.leftAlone.map((d) => [d.deviceId, d.reason]),
      [
        ['d-old', 'it was already disabled before the lockdown'],
        ['d-phone', 'the lockdown could not disable it'],
      ],
    );
  });

  it("falls back to the target's devices at request time for records made before wasEnabled", () => {
    const old = lockdown();
    const steps = old.steps.map((s) =>
      s.step === 'disable-devices'
        ? {
            ...s,
            devices: [
              device(LAPTOP, 'done'),
              device(OLD_PC, 'done'),
              { ...device(PHONE, 'done'), deviceId: 'd-new' },
            ],
          }
        : s,
    );
    const decision = planUndo(UPN, [{ ...old, steps }]);
    assert.equal(decision.kind, 'plan');
    if (decision.kind !== 'plan') return;
    assert.deepEqual(
      decision.plan.devices.map((d) => d.id),
      ['d-laptop'],
    );
    assert.deepEqual(
      decision.plan.leftAlone.map((d) => d.reason),
      [
        'it was already disabled before the lockdown',
        'its state before the lockdown is not on record',
      ],
    );
  });

  it('leaves an account that was disabled before the lockdown disabled', () => {
    const decision = planUndo(UPN, [
      lockdown({ target: { ...lockdown().target, accountEnabled: false } }),
    ]);
    assert.equal(decision.kind === 'plan' && decision.plan.enableAccount, false);
  });

  it('enables an account whose disable Graph accepted but the read-back did not confirm', () => {
    const steps = lockdown().steps.map((s) =>
      s.step === 'disable-account' ? { ...s, status: 'unconfirmed' as const } : s,
    );
    const decision = planUndo(UPN, [lockdown({ steps })]);
    assert.equal(decision.kind === 'plan' && decision.plan.enableAccount, true);
  });

  it('plans from the newest lockdown that ran, past cancelled and expired ones', () => {
    const newer = [
      lockdown({ id: 'l3', state: 'cancelled', requestedAt: '2026-12-02T00:00:00.000Z' }),
      lockdown({ id: 'l2', state: 'expired' }),
    ];
    const decision = planUndo(UPN, [...newer, lockdown()]);
    assert.equal(decision.kind === 'plan' && decision.plan.lockdownId, 'l1');
  });

  const refusals: readonly (readonly [string, readonly LockdownRequest[], RegExp])[] = [
    ['no record at all', [], /No lockdown of jane@contoso.com is on record/],
    ['only a cancelled lockdown', [lockdown({ state: 'cancelled' })], /No lockdown .* on record/],
    [
      'a lockdown waiting for approval',
      [lockdown({ state: 'pending' })],
      /waiting for approval: cancel it/,
    ],
    ['a lockdown still running', [lockdown({ state: 'running' })], /still running: wait/],
    ['a lockdown approved, not yet running', [lockdown({ state: 'approved' })], /still running/],
    [
      'a keep-enabled lockdown',
      [
        lockdown({
          mode: 'keep-enabled',
          steps: lockdown().steps.filter(
            (s) => s.step !== 'disable-account' && s.step !== 'disable-devices',
          ),
        }),
      ],
      /kept the account enabled \(keep-enabled\).*nothing to undo.*cannot be undone/,
    ],
    [
      'a full lockdown whose disables all failed',
      [
        lockdown({
          steps: [
            { step: 'disable-account', status: 'failed' },
            { step: 'disable-devices', status: 'failed', devices: [device(PHONE, 'failed', true)] },
          ],
        }),
      ],
      /disabled neither the account nor any device/,
    ],
    [
      'an unlock already waiting',
      [unlock('pending'), lockdown()],
      /An unlock of jane@contoso.com is already waiting for approval \(asked by Riley at 2026-12-02 09:00 UTC\)/,
    ],
    ['an unlock running', [unlock('running'), lockdown()], /already running/],
    [
      'an unlock that finished',
      [unlock('completed'), lockdown()],
      /already unlocked by Alex at 2026-12-02 09:05 UTC/,
    ],
    ['an unlock that partly finished', [unlock('partial'), lockdown()], /already unlocked by Alex/],
    [
      'a lockdown marked undone',
      [
        lockdown({
          undoneBy: {
            requestId: 'u9',
            finishedAt: '2026-12-02T11:00:00.000Z',
            requestedBy: RILEY,
            approvedBy: [ALEX, { id: 'sam', name: 'Sam' }],
            state: 'completed',
          },
        }),
      ],
      /already unlocked by Alex and Sam at 2026-12-02 11:00 UTC/,
    ],
  ];
  for (const [name, records, reason] of refusals) {
    it(`has nothing to undo: ${name}`, () => {
      const decision = planUndo(UPN, records);
      assert.equal(decision.kind, 'nothing-to-undo');
      if (decision.kind === 'nothing-to-undo') assert.match(decision.reason, reason);
    });
  }

  const retries: readonly (readonly [string, LockdownRequest])[] = [
    ['an unlock that failed entirely', unlock('failed')],
    ['an unlock that was cancelled', unlock('cancelled')],
    ['an unlock that expired', unlock('expired')],
    [
      'an unlock of an older lockdown',
      unlock('completed', { undo: { ...unlock('completed').undo!, lockdownId: 'l0' } }),
    ],
  ];
  for (const [name, earlier] of retries) {
    it(`may unlock again after ${name}`, () => {
      assert.equal(planUndo(UPN, [earlier, lockdown()]).kind, 'plan');
    });
  }
});
