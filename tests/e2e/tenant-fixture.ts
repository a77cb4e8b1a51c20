/**
 * A small test tenant: one target per scenario, so the scenarios never share state.
 */
import type { TenantSeed } from '../../src/simulator';

export const TENANT_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';
export const APP = {
  clientId: '11111111-2222-4333-8444-555555555555',
  clientSecret: 'e2e-only-secret-value-9f8e7d',
} as const;

/**
 * The application permissions docs/permissions.md asks for (least privilege, one per step): every test
 * tenant grants exactly these, so the tests prove the list is enough.
 */
export const LOCKDOWN_APP_PERMISSIONS = [
  'User.Read.All',
  'User.EnableDisableAccount.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.RevokeSessions.All',
  'Device.ReadWrite.All',
  'RoleManagement.Read.Directory',
  'GroupMember.Read.All',
] as const;

/** A second registration of the app that was never granted User.RevokeSessions.All. */
export const APP_WITHOUT_REVOKE = {
  clientId: '11111111-2222-4333-8444-666666666666',
  clientSecret: 'e2e-only-secret-without-revoke-3c2b1a',
} as const;

/** The people of the security team. */
export const RILEY = {
  aadObjectId: 'a0000000-0000-4000-8000-000000000001',
  name: 'Riley Responder',
};
export const ALEX = { aadObjectId: 'a0000000-0000-4000-8000-000000000002', name: 'Alex Approver' };
/** A responder in the requesters group only. */
export const CASEY = { aadObjectId: 'a0000000-0000-4000-8000-000000000003', name: 'Casey Analyst' };
/** An approver through a nested group (leads inside approvers). */
export const DANA = { aadObjectId: 'a0000000-0000-4000-8000-000000000004', name: 'Dana Lead' };
/** Someone in the channel who is neither requester nor approver. */
export const MALLORY = {
  aadObjectId: 'a0000000-0000-4000-8000-000000000005',
  name: 'Mallory Intern',
};

/** Groups: requesters (Riley, Alex, Casey) and approvers (Alex, and the leads group with Dana). */
export const GROUPS = {
  requesters: 'c0000000-0000-4000-8000-000000000001',
  approvers: 'c0000000-0000-4000-8000-000000000002',
  leads: 'c0000000-0000-4000-8000-000000000003',
} as const;

/** A break-glass account, listed in LOCKDOWN_PROTECTED by the security tests. */
export const BREAK_GLASS = {
  id: 'b0000000-0000-4000-8000-0000000000bb',
  upn: 'breakglass01@contoso.com',
} as const;

function id(n: number, kind: 'u' | 'd'): string {
  const hex = n.toString(16).padStart(12, '0');
  return kind === 'u' ? `b0000000-0000-4000-8000-${hex}` : `d0000000-0000-4000-8000-${hex}`;
}

interface UserSpec {
  readonly n: number;
  readonly upn: string;
  readonly name: string;
  readonly devices?: readonly string[];
  readonly extra?: Record<string, unknown>;
}

/** Targets, by scenario. */
export const USERS = {
  windowsOnly: {
    n: 1,
    upn: 'wendy@contoso.com',
    name: 'Wendy Windows',
    devices: ['Windows', 'Windows'],
  },
  mixedDevices: {
    n: 2,
    upn: 'adele@contoso.com',
    name: 'Adele Vance',
    devices: ['Windows', 'iOS', 'Android'],
  },
  keepEnabled: { n: 3, upn: 'megan@contoso.com', name: 'Megan Bowen', devices: ['Windows'] },
  federated: {
    n: 4,
    upn: 'fred@contoso.com',
    name: 'Fred Federated',
    devices: ['Windows'],
    extra: { passwordPolicy: 'federated' },
  },
  manyDevices: {
    n: 5,
    upn: 'paging@contoso.com',
    name: 'Pat Paging',
    devices: Array.from({ length: 25 }, () => 'Windows'),
  },
  toCancel: { n: 6, upn: 'carl@contoso.com', name: 'Carl Cancel', devices: ['Windows'] },
  selfApproval: { n: 7, upn: 'sam@contoso.com', name: 'Sam Self', devices: [] },
  synced: {
    n: 8,
    upn: 'sync@contoso.com',
    name: 'Sid Synced',
    devices: [],
    extra: { onPremisesSyncEnabled: true, jobTitle: 'Accountant', department: 'Finance' },
  },
  admin: {
    n: 9,
    upn: 'gadmin@contoso.com',
    name: 'Gail Admin',
    devices: [],
    extra: { directoryRoles: ['Global Administrator'] },
  },
} as const satisfies Record<string, UserSpec>;

/** The object id of a scenario's target. */
export function userId(spec: UserSpec): string {
  return id(spec.n, 'u');
}

/** Builds the seed. */
export function buildSeed(): TenantSeed {
  let deviceNumber = 0;
  const users: Record<string, unknown>[] = [];
  const devices: Record<string, unknown>[] = [];
  for (const spec of Object.values(USERS) as UserSpec[]) {
    const userObjectId = id(spec.n, 'u');
    users.push({
      id: userObjectId,
      userPrincipalName: spec.upn,
      displayName: spec.name,
      jobTitle: 'Analyst',
      department: 'Operations',
      accountEnabled: true,
      ...spec.extra,
    });
    for (const [index, os] of (spec.devices ?? []).entries()) {
      deviceNumber++;
      devices.push({
        id: id(deviceNumber, 'd'),
        deviceId: id(deviceNumber + 1000, 'd'),
        displayName: `${spec.name.split(' ')[0]}-${os}-${index + 1}`,
        operatingSystem: os,
        accountEnabled: true,
        registeredUsers: [userObjectId],
      });
    }
  }
  users.push({
    id: BREAK_GLASS.id,
    userPrincipalName: BREAK_GLASS.upn,
    displayName: 'Break Glass 01',
    accountEnabled: true,
    directoryRoles: ['Global Administrator'],
  });
  for (const person of [RILEY, ALEX, CASEY, DANA, MALLORY]) {
    users.push({
      id: person.aadObjectId,
      userPrincipalName: `${person.name.split(' ')[0]!.toLowerCase()}@contoso.com`,
      displayName: person.name,
      accountEnabled: true,
    });
  }
  return {
    tenantId: TENANT_ID,
    domain: 'contoso.com',
    apps: [
      {
        clientId: APP.clientId,
        clientSecret: APP.clientSecret,
        displayName: 'Lockdown (e2e)',
        permissions: [...LOCKDOWN_APP_PERMISSIONS],
        directoryRoles: ['User Administrator'],
      },
      {
        clientId: APP_WITHOUT_REVOKE.clientId,
        clientSecret: APP_WITHOUT_REVOKE.clientSecret,
        displayName: 'Lockdown (e2e, no revoke permission)',
        permissions: LOCKDOWN_APP_PERMISSIONS.filter((p) => p !== 'User.RevokeSessions.All'),
        directoryRoles: ['User Administrator'],
      },
    ],
    users,
    devices,
    groups: [
      {
        id: GROUPS.requesters,
        displayName: 'Security Responders',
        members: [RILEY.aadObjectId, ALEX.aadObjectId, CASEY.aadObjectId],
      },
      {
        id: GROUPS.approvers,
        displayName: 'Lockdown Approvers',
        members: [ALEX.aadObjectId, GROUPS.leads],
      },
      { id: GROUPS.leads, displayName: 'Security Leads', members: [DANA.aadObjectId] },
    ],
  } as unknown as TenantSeed;
}
