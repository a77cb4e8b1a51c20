import type {
  DeviceOutcome,
  DeviceSummary,
  LockdownRequest,
  StepOutcome,
  TargetProfile,
} from '../../../src/lockdown/request';

/** The instant the fixtures are built at. */
export const NOW = new Date('2026-11-28T14:05:00.000Z');

/** A device registered to the target. */
export function device(
  n: number,
  operatingSystem: string,
  overrides: Partial<DeviceSummary> = {},
): DeviceSummary {
  return {
    id: `dev-${n}`,
    displayName: `${operatingSystem}-device-${n}`,
    operatingSystem,
    accountEnabled: true,
    ...overrides,
  };
}

/** A plain member: no roles, three devices. */
export function target(overrides: Partial<TargetProfile> = {}): TargetProfile {
  return {
    id: '11111111-2222-3333-4444-555555555555',
    userPrincipalName: 'jane@contoso.com',
    displayName: 'Jane Doe',
    jobTitle: 'Accountant',
    department: 'Finance',
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    userType: 'Member',
    roles: [],
    devices: [device(1, 'Windows'), device(2, 'iOS'), device(3, 'Android')],
    ...overrides,
  };
}

/** A pending full-lockdown request for {@link target}. */
export function request(overrides: Partial<LockdownRequest> = {}): LockdownRequest {
  return {
    id: 'req-0001',
    state: 'pending',
    mode: 'full',
    target: target(),
    requestedBy: { id: 'aad-ann', name: 'Ann Responder' },
    requestedAt: '2026-11-28T14:05:00.000Z',
    expiresAt: '2026-11-28T14:20:00.000Z',
    origin: {
      tenantId: 'tenant-1',
      conversationId: 'conv-1',
      channelId: 'chan-1',
      reply: '{}',
    },
    steps: [],
    ...overrides,
  };
}

/** A step that succeeded. */
export function done(step: StepOutcome['step'], durationMs: number, detail?: string): StepOutcome {
  return { step, status: 'done', durationMs, ...(detail === undefined ? {} : { detail }) };
}

/** The 403 Graph answers to an app that lacks the role. */
export const DENIED = {
  status: 403,
  code: 'Authorization_RequestDenied',
  message: 'Insufficient privileges to complete the operation.',
  requestId: 'b7c1d2e3-0000-4000-8000-000000000001',
} as const;

/** A non-Windows device the app may not disable. */
export function deniedDevice(n: number, name = `iPhone ${n}`, os = 'iOS'): DeviceOutcome {
  return {
    deviceId: `dev-${n}`,
    displayName: name,
    operatingSystem: os,
    status: 'failed',
    failure: { ...DENIED, requestId: `req-dev-${n}` },
    note: 'app-only access cannot disable non-Windows devices; block it in Intune',
  };
}

/** A full request approved at 14:06 and finished 1.4 s later with every step done. */
export function completedFull(overrides: Partial<LockdownRequest> = {}): LockdownRequest {
  return request({
    state: 'completed',
    decidedBy: { id: 'aad-bob', name: 'Bob Approver' },
    decidedAt: '2026-11-28T14:06:00.000Z',
    finishedAt: '2026-11-28T14:06:01.400Z',
    steps: [
      done('disable-account', 400),
      done('reset-password', 300),
      done('revoke-sessions', 85),
      done('disable-devices', 450, '3 of 3 devices disabled'),
      {
        step: 'verify',
        status: 'done',
        durationMs: 120,
        observed: {
          accountEnabled: false,
          signInSessionsValidFromDateTime: '2026-11-28T14:06:00.900Z',
        },
      },
    ],
    ...overrides,
  });
}

/** The app lacks a permission and holds no directory role: every step warns. */
export const MISSING_GRANTS = {
  permissions: ['User.Read.All'],
  issuedAt: '2026-11-28T14:00:00.000Z',
  directoryRoleTemplateIds: [],
};
