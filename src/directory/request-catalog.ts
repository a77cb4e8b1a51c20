/**
 * Every Graph request the bot sends, built with sample values, by the name of its builder in
 * graph-requests.ts. Not used at run time: it lets tests check each request against Microsoft's
 * published Graph v1.0 schema (tests/graph-metadata), and tells them when a builder is new.
 */
import { chainItems } from './account-operations';
import { batchPayload } from './batch-wire';
import * as requests from './graph-requests';
import type { GraphRequest } from './graph-requests';

/** The values the sample requests are built with. */
export interface RequestSample {
  /** A user id or UPN (as the look-up addresses users). */
  readonly user: string;
  readonly deviceId: string;
  readonly groupId: string;
  readonly groupIds: readonly string[];
  readonly password: string;
  /** A service principal's object id (the app's own, for its role assignments; a consent's app). */
  readonly principalId: string;
  /** A user's object id, where Graph takes no UPN (confirmCompromised's userIds). */
  readonly userObjectId: string;
  /** Ids as Graph gives them: opaque strings, not always GUIDs. */
  readonly methodId: string;
  readonly ruleId: string;
  readonly grantId: string;
  /** A synced user's on-premises SID, and Defender for Identity's ids for its account. */
  readonly securityIdentifier: string;
  readonly identityAccountId: string;
  readonly adAccountId: string;
  /** A Microsoft Defender XDR incident's id (digits, as Defender gives them). */
  readonly incidentId: string;
}

/** A guest's UPN: the hardest user segment to address. */
export const GUEST_SAMPLE: RequestSample = {
  user: 'pat_fabrikam.com#EXT#@contoso.com',
  deviceId: 'd0000000-0000-4000-8000-000000000001',
  groupId: 'c0000000-0000-4000-8000-000000000001',
  groupIds: ['c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002'],
  password: 'Sample-Passw0rd!',
  principalId: 'e0000000-0000-4000-8000-000000000001',
  userObjectId: 'b0000000-0000-4000-8000-000000000001',
  // Shapes of real ids: an Authenticator's, an Exchange rule's (base64), a grant's.
  methodId: '_jpuR-TGZtk6aQCLF3BQjA2',
  ruleId: 'AQAAAJ5dZqA=',
  grantId: 'l5ykc2cjvEaxC5KhMBgs3VGaWNHFJPlJk2JPHNjE5mM',
  securityIdentifier: 'S-1-5-21-1004336348-1177238915-682003330-1104',
  identityAccountId: 'a0000000-0000-4000-8000-000000000001',
  adAccountId: 'f0000000-0000-4000-8000-000000000001',
  // The id of Graph's own example ("Create comment for incident").
  incidentId: '3962396',
};

/** An object id. */
export const ID_SAMPLE: RequestSample = {
  ...GUEST_SAMPLE,
  user: 'b0000000-0000-4000-8000-000000000001',
};

const BUILDERS = {
  getUser: (s) => requests.getUser(s.user),
  listDirectoryRoles: (s) => requests.listDirectoryRoles(s.user),
  listRegisteredDevices: (s) => requests.listRegisteredDevices(s.user),
  listRegisteredDevicesUncast: (s) => requests.listRegisteredDevicesUncast(s.user),
  listManagedDevices: (s) => requests.listManagedDevices(s.user),
  findDeviceByDeviceId: (s) => requests.findDeviceByDeviceId(s.deviceId),
  disableAccount: (s) => requests.disableAccount(s.user),
  enableAccount: (s) => requests.enableAccount(s.user),
  resetPassword: (s) => requests.resetPassword(s.user, s.password),
  revokeSignInSessions: (s) => requests.revokeSignInSessions(s.user),
  disableDevice: (s) => requests.disableDevice(s.deviceId),
  enableDevice: (s) => requests.enableDevice(s.deviceId),
  readBack: (s) => requests.readBack(s.user),
  checkMemberGroups: (s) => requests.checkMemberGroups(s.user, s.groupIds),
  listGroupUsers: (s) => requests.listGroupUsers(s.groupId),
  listRoleAssignments: (s) => requests.listRoleAssignments(s.principalId),
  // What an attacker may have left (issue 11), in the look-up batch.
  listAuthenticationMethods: (s) => requests.listAuthenticationMethods(s.user),
  listInboxRules: (s) => requests.listInboxRules(s.user),
  listVerifiedDomains: () => requests.listVerifiedDomains(),
  listConsents: (s) => requests.listConsents(s.user),
  listUserGroups: (s) => requests.listUserGroups(s.user),
  listRoleEligibilities: () => requests.listRoleEligibilities(),
  getUserRisk: (s) => requests.getUserRisk(s.user),
  listRecentSignIns: (s) => requests.listRecentSignIns(s.user),
  // The look-up's second read: the consented apps' names and publishers.
  getServicePrincipal: (s) => requests.getServicePrincipal(s.principalId),
  // The containment options' writes (issue 11).
  deleteAuthMethod: (s) => requests.deleteAuthMethod(s.user, 'microsoftAuthenticator', s.methodId),
  disableInboxRule: (s) => requests.disableInboxRule(s.user, s.ruleId),
  deleteConsent: (s) => requests.deleteConsent(s.grantId),
  confirmCompromised: (s) => requests.confirmCompromised([s.userObjectId]),
  // The on-premises AD account, through Defender for Identity (issue 11).
  findIdentityAccount: (s) => requests.findIdentityAccount(s.securityIdentifier),
  invokeIdentityAction: (s) =>
    requests.invokeIdentityAction(s.identityAccountId, s.adAccountId, 'forcePasswordReset'),
  // A comment on a Defender XDR incident's timeline.
  commentOnIncident: (s) =>
    requests.commentOnIncident(s.incidentId, 'Lockdown: sign-in blocked, sessions revoked.'),
  // The account chain: writes with bodies, reads (a lockdown's lists included), `dependsOn`.
  batch: (s) =>
    requests.batch(
      batchPayload(
        chainItems(s.user, [
          { kind: 'disable-account' },
          { kind: 'reset-password', password: s.password },
          { kind: 'revoke-sessions' },
        ]),
        'sequential',
      ),
    ),
} satisfies Record<string, (sample: RequestSample) => GraphRequest>;

/** The name of a request builder. */
export type RequestName = keyof typeof BUILDERS;

/** Every request, built from `sample`, by builder name. */
export function everyRequest(sample: RequestSample): Readonly<Record<RequestName, GraphRequest>> {
  const built = Object.entries(BUILDERS).map(([name, build]) => [name, build(sample)] as const);
  return Object.fromEntries(built) as Record<RequestName, GraphRequest>;
}
