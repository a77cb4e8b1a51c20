/**
 * Unlock requests for the card tests: a pending unlock of the fixtures' Jane Doe (one device to
 * enable again, two left alone), its outcomes, and the mark a lockdown gets once unlocked.
 */
import type {
  DeviceLeftAlone,
  LockdownRequest,
  StepOutcome,
  UndoneBy,
  UndoPlan,
} from '../../../src/lockdown/request';
import { DENIED, completedFull, device, done, request, target } from './fixtures';

/** The lockdown an unlock undoes: finished at 14:06:01 UTC, asked by Ann Responder. */
export const LOCKDOWN_ID = 'req-0001';

/** What the fixtures' lockdown did: the account and one Windows device; two devices left alone. */
export function undoPlan(overrides: Partial<UndoPlan> = {}): UndoPlan {
  const left = (n: number, os: string, reason: string): DeviceLeftAlone => ({
    deviceId: `dev-${n}`,
    displayName: `${os}-device-${n}`,
    operatingSystem: os,
    reason,
  });
  return {
    lockdownId: LOCKDOWN_ID,
    lockdownFinishedAt: '2026-11-28T14:06:01.400Z',
    lockdownRequestedBy: { id: 'aad-ann', name: 'Ann Responder' },
    enableAccount: true,
    devices: [device(1, 'Windows', { accountEnabled: false })],
    leftAlone: [
      left(2, 'iOS', 'the lockdown could not disable it'),
      left(3, 'Android', 'it was already disabled before the lockdown'),
    ],
    ...overrides,
  };
}

/** A pending unlock of Jane Doe, asked by Carl at 15:00, whose account is disabled. */
export function unlockRequest(overrides: Partial<LockdownRequest> = {}): LockdownRequest {
  return request({
    id: 'req-0002',
    kind: 'unlock',
    target: target({ accountEnabled: false }),
    requestedBy: { id: 'aad-carl', name: 'Carl Responder' },
    requestedAt: '2026-11-28T15:00:00.000Z',
    expiresAt: '2026-11-28T15:15:00.000Z',
    undo: undoPlan(),
    ...overrides,
  });
}

/** Every step of the fixtures' unlock done, in 1.2 s. */
export function completedUnlock(overrides: Partial<LockdownRequest> = {}): LockdownRequest {
  return unlockRequest({
    state: 'completed',
    approvals: [{ by: { id: 'aad-bob', name: 'Bob Approver' }, at: '2026-11-28T15:01:00.000Z' }],
    decidedBy: { id: 'aad-bob', name: 'Bob Approver' },
    decidedAt: '2026-11-28T15:01:00.000Z',
    finishedAt: '2026-11-28T15:01:01.200Z',
    steps: [
      done('enable-account', 400, 'Account enabled'),
      {
        ...done('enable-devices', 500, '1 of 1 devices enabled again; 2 left as they were'),
        devices: [
          {
            deviceId: 'dev-1',
            displayName: 'Windows-device-1',
            operatingSystem: 'Windows',
            status: 'done',
          },
        ],
      },
      { ...done('verify', 300), observed: { accountEnabled: true } },
    ],
    ...overrides,
  });
}

/** An unlock whose device could not be enabled again. */
export const FAILED_ENABLE_DEVICES: StepOutcome = {
  step: 'enable-devices',
  status: 'failed',
  durationMs: 500,
  detail: '0 of 1 devices enabled again; 2 left as they were',
  devices: [
    {
      deviceId: 'dev-1',
      displayName: 'Windows-device-1',
      operatingSystem: 'Windows',
      status: 'failed',
      failure: { ...DENIED, requestId: 'rid-dev-1' },
      note: DENIED.message,
    },
  ],
};

/** The mark the fixtures' lockdown gets once the unlock finished. */
export function undoneBy(overrides: Partial<UndoneBy> = {}): UndoneBy {
  return {
    requestId: 'req-0002',
    finishedAt: '2026-11-28T15:01:01.200Z',
    requestedBy: { id: 'aad-carl', name: 'Carl Responder' },
    approvedBy: [{ id: 'aad-bob', name: 'Bob Approver' }],
    state: 'completed',
    ...overrides,
  };
}

/** The fixtures' full lockdown, unlocked since. */
export function unlockedLockdown(overrides: Partial<UndoneBy> = {}): LockdownRequest {
  return completedFull({ undoneBy: undoneBy(overrides) });
}
