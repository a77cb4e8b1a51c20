import assert from 'node:assert/strict';
import type { LockdownRequest } from '../../../src/lockdown/request';
import { verdictLine } from '../../../src/teams/cards';
import { DENIED, completedFull, deniedDevice, done, request } from './fixtures';
import { FAILED_ENABLE_DEVICES, completedUnlock, undoPlan, unlockRequest } from './unlock-fixtures';

const decided = {
  decidedBy: { id: 'aad-bob', name: 'Bob Approver' },
  decidedAt: '2026-11-28T14:06:00.000Z',
};

describe('verdictLine', () => {
  const cases: { name: string; request: LockdownRequest; line: string }[] = [
    {
      name: 'completed',
      request: completedFull(),
      line: 'Locked down jane@contoso.com: 5 of 5 steps done in 1.4 s',
    },
    {
      name: 'completed, keep-enabled',
      request: request({
        ...decided,
        mode: 'keep-enabled',
        state: 'completed',
        finishedAt: '2026-11-28T14:06:00.900Z',
        steps: [done('reset-password', 400), done('revoke-sessions', 300), done('verify', 200)],
      }),
      line: 'Locked down jane@contoso.com: 3 of 3 steps done in 0.9 s (keep-enabled: account left enabled)',
    },
    {
      name: 'completed with no devices to disable (a skipped step did not run)',
      request: completedFull({
        steps: [
          done('disable-account', 400),
          done('reset-password', 300),
          done('revoke-sessions', 85),
          { step: 'disable-devices', status: 'skipped', detail: 'no registered devices' },
          done('verify', 100),
        ],
      }),
      line: 'Locked down jane@contoso.com: 4 of 4 steps done in 1.4 s',
    },
    {
      name: 'partial',
      request: request({
        ...decided,
        state: 'partial',
        finishedAt: '2026-11-28T14:06:02.100Z',
        steps: [
          done('disable-account', 400),
          { step: 'reset-password', status: 'failed', failure: DENIED },
          done('revoke-sessions', 85),
          done('disable-devices', 450),
          done('verify', 100),
        ],
      }),
      line: 'Partly locked down jane@contoso.com: 4 of 5 steps done in 2.1 s; failed: Reset the password (Authorization_RequestDenied)',
    },
    {
      name: 'partial with failed devices, duration from the steps',
      request: request({
        ...decided,
        decidedAt: undefined,
        state: 'partial',
        steps: [
          done('disable-account', 400),
          done('reset-password', 300),
          done('revoke-sessions', 100),
          {
            step: 'disable-devices',
            status: 'failed',
            durationMs: 600,
            devices: [deniedDevice(1), deniedDevice(2)],
          },
          done('verify', 100),
        ],
      }),
      line: 'Partly locked down jane@contoso.com: 4 of 5 steps done in 1.5 s; failed: Disable registered devices (2 devices failed)',
    },
    {
      name: 'failed',
      request: request({
        ...decided,
        state: 'failed',
        finishedAt: '2026-11-28T14:06:03.000Z',
        steps: [
          { step: 'disable-account', status: 'failed', failure: DENIED },
          { step: 'reset-password', status: 'failed', failure: DENIED },
          {
            step: 'revoke-sessions',
            status: 'failed',
            failure: { ...DENIED, code: 'Request_ResourceNotFound', status: 404 },
          },
          { step: 'disable-devices', status: 'failed', failure: DENIED },
          { step: 'verify', status: 'failed', failure: DENIED },
        ],
      }),
      line: 'Lockdown of jane@contoso.com failed: 0 of 5 steps done; failed: Disable the account (Authorization_RequestDenied), Reset the password (Authorization_RequestDenied), Revoke all sign-in sessions (Request_ResourceNotFound), Disable registered devices (Authorization_RequestDenied), Read back and verify (Authorization_RequestDenied)',
    },
    {
      name: 'failed, keep-enabled',
      request: request({
        ...decided,
        mode: 'keep-enabled',
        state: 'failed',
        steps: [{ step: 'reset-password', status: 'failed', failure: DENIED }],
      }),
      line: 'Lockdown of jane@contoso.com failed: 0 of 3 steps done (keep-enabled: account left enabled); failed: Reset the password (Authorization_RequestDenied)',
    },
    {
      name: 'cancelled',
      request: request({ ...decided, state: 'cancelled' }),
      line: 'Lockdown of jane@contoso.com cancelled by Bob Approver — nothing was changed',
    },
    {
      name: 'unlock, completed',
      request: completedUnlock(),
      line: 'Unlocked jane@contoso.com: 3 of 3 steps done in 1.2 s',
    },
    {
      name: 'unlock of the account only (the devices step is skipped, not counted)',
      request: completedUnlock({
        undo: undoPlan({ devices: [] }),
        steps: [
          done('enable-account', 400),
          { step: 'enable-devices', status: 'skipped' },
          done('verify', 300),
        ],
      }),
      line: 'Unlocked jane@contoso.com: 2 of 2 steps done in 1.2 s',
    },
    {
      name: 'unlock, partial',
      request: completedUnlock({
        state: 'partial',
        steps: [done('enable-account', 400), FAILED_ENABLE_DEVICES, done('verify', 300)],
      }),
      line: 'Partly unlocked jane@contoso.com: 2 of 3 steps done in 1.2 s; failed: Re-enable the devices the lockdown disabled (1 device failed)',
    },
    {
      name: 'unlock, failed',
      request: completedUnlock({
        state: 'failed',
        steps: [
          { step: 'enable-account', status: 'failed', failure: DENIED },
          FAILED_ENABLE_DEVICES,
          { step: 'verify', status: 'unconfirmed' },
        ],
      }),
      line: 'Unlock of jane@contoso.com failed: 0 of 3 steps done; failed: Enable the account (Authorization_RequestDenied), Re-enable the devices the lockdown disabled (1 device failed); unconfirmed by the read-back: Read back and verify',
    },
    {
      name: 'unlock, keep-enabled mode carried from its lockdown (no keep-enabled note)',
      request: completedUnlock({ mode: 'keep-enabled' }),
      line: 'Unlocked jane@contoso.com: 3 of 3 steps done in 1.2 s',
    },
    {
      name: 'unlock, waiting',
      request: unlockRequest(),
      line: 'Unlock of jane@contoso.com is waiting for approval until 2026-11-28 15:15 UTC',
    },
    {
      name: 'unlock, running',
      request: completedUnlock({ state: 'running', steps: [done('enable-account', 400)] }),
      line: 'Unlocking jane@contoso.com: 1 of 3 steps done so far',
    },
    {
      name: 'unlock, cancelled',
      request: unlockRequest({ ...decided, state: 'cancelled' }),
      line: 'Unlock of jane@contoso.com cancelled by Bob Approver — nothing was changed',
    },
    {
      name: 'unlock, expired',
      request: unlockRequest({ state: 'expired' }),
      line: 'Unlock of jane@contoso.com expired without approval — nothing was changed',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(verdictLine(c.request), c.line));
  }
});
