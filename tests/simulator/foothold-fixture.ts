/**
 * The simulator's test tenant with what an attacker may have left in Adele's account (issue 11),
 * an app that may read all of it, a group through which Pia is eligible for Global Administrator,
 * and a user without a mailbox.
 */
import type { SeedLicenses, TenantSeed } from '../../src/simulator';
import { GROUPS, testSeed, USERS } from './helpers';

/** Reads every foothold section (and nothing else). */
export const FOOTHOLD_APP = {
  clientId: 'a0000000-0000-4000-8000-0000000000b5',
  clientSecret: 'foothold-secret',
  permissions: [
    'User.Read.All',
    'UserAuthenticationMethod.Read.All',
    'MailboxSettings.Read',
    'Organization.Read.All',
    'Directory.Read.All',
    'RoleEligibilitySchedule.Read.Directory',
    'IdentityRiskyUser.Read.All',
    'AuditLog.Read.All',
  ],
} as const;

/** Microsoft Graph's service principal in the tenant (the grants' resource). */
export const GRAPH_RESOURCE = 'e1000000-0000-4000-8000-000000000001';
/** The attacker's app. */
export const ATTACKER_APP = 'e1000000-0000-4000-8000-000000000002';

/** A verified publisher's app in the tenant (nobody consented to it). */
export const VERIFIED_APP = 'e1000000-0000-4000-8000-000000000003';

/** The attacker's app (unverified publisher) and a verified one, as service principals. */
export const SERVICE_PRINCIPALS = [
  {
    id: ATTACKER_APP,
    appId: 'e2000000-0000-4000-8000-000000000002',
    displayName: 'Mail Helper',
  },
  {
    id: VERIFIED_APP,
    appId: 'e2000000-0000-4000-8000-000000000003',
    displayName: 'Zoom',
    appDisplayName: 'Zoom for Outlook',
    verifiedPublisher: {
      displayName: 'Zoom Video Communications, Inc.',
      verifiedPublisherId: '6240211',
      addedDateTime: '2021-04-01T00:00:00Z',
    },
  },
] as const;

/** Adele's foothold. */
export const ADELE_FOOTHOLD = {
  authenticationMethods: [
    {
      id: 'f1000000-0000-4000-8000-000000000001',
      type: 'microsoftAuthenticator',
      displayName: 'Attacker iPhone',
      deviceTag: 'SoftwareTokenActivated',
      createdDateTime: '2026-08-30T09:00:00Z',
    },
    {
      id: 'f1000000-0000-4000-8000-000000000002',
      type: 'phone',
      phoneNumber: '+1 2065550112',
      phoneType: 'mobile',
    },
    {
      id: 'f1000000-0000-4000-8000-000000000003',
      type: 'fido2',
      model: 'YubiKey 5 NFC',
      displayName: 'Work key',
      createdDateTime: '2025-01-10T08:00:00Z',
    },
  ],
  messageRules: [
    {
      id: 'AQAAAJ5dZqA=',
      displayName: 'Invoices',
      actions: { forwardTo: ['drop@evil.example'], stopProcessingRules: true },
      conditions: { subjectContains: ['invoice'] },
    },
    {
      id: 'AQAAAJ5dZqB=',
      displayName: 'Tidy',
      actions: { moveToFolder: 'rssfeeds', markAsRead: true },
    },
  ],
  consents: [
    {
      id: 'grant-adele-1',
      clientId: ATTACKER_APP,
      resourceId: GRAPH_RESOURCE,
      scope: 'Mail.Read offline_access',
    },
  ],
  risk: { riskLevel: 'high', riskState: 'atRisk', riskLastUpdatedDateTime: '2026-08-30T09:05:00Z' },
  signIns: [
    {
      createdDateTime: '2026-08-30T08:55:00Z',
      appDisplayName: 'Office 365 Exchange Online',
      ipAddress: '203.0.113.9',
      city: 'Lagos',
      countryOrRegion: 'NG',
    },
    {
      createdDateTime: '2026-08-30T08:50:00Z',
      appDisplayName: 'Office 365 Exchange Online',
      ipAddress: '203.0.113.9',
      errorCode: 50126,
      failureReason: 'Invalid username or password.',
    },
  ],
} as const;

/** The test tenant with footholds; `licenses` as given (default: P1 and P2). */
export function footholdSeed(licenses?: SeedLicenses): TenantSeed {
  const base = testSeed();
  return {
    ...base,
    ...(licenses ? { licenses } : {}),
    verifiedDomains: ['contoso.com', 'contoso.onmicrosoft.com'],
    servicePrincipals: SERVICE_PRINCIPALS,
    apps: [
      ...base.apps,
      {
        clientId: FOOTHOLD_APP.clientId,
        clientSecret: FOOTHOLD_APP.clientSecret,
        displayName: 'Foothold reader',
        permissions: [...FOOTHOLD_APP.permissions],
        directoryRoles: [],
      },
    ],
    users: base.users.map((user) => {
      if (user.id === USERS.adele.id) {
        return { ...user, foothold: { ...ADELE_FOOTHOLD, eligibleRoles: ['User Administrator'] } };
      }
      if (user.id === USERS.federated.id) return { ...user, foothold: { mailbox: false } };
      return user;
    }),
    groups: (base.groups ?? []).map((group) =>
      group.id === GROUPS.roleAssignable
        ? { ...group, eligibleRoles: ['Global Administrator'] }
        : group,
    ),
  } as TenantSeed;
}
