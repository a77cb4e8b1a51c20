/**
 * Microsoft Graph application permissions (app roles) known to the simulator, and which of
 * them each operation accepts.
 *
 * The sets are "any of": holding one permission of the set is enough. They follow the
 * least-privileged and higher-privileged columns of Graph's documentation, restricted to
 * what the simulator implements.
 */

/** Application permissions a seed may grant. A typo in a seed is an error, not a silent denial. */
export const KNOWN_APPLICATION_PERMISSIONS: readonly string[] = [
  'User.Read.All',
  'User.ReadBasic.All',
  'User.ReadWrite.All',
  'User.EnableDisableAccount.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.RevokeSessions.All',
  'UserAuthenticationMethod.Read.All',
  'UserAuthenticationMethod.ReadWrite.All',
  'MailboxSettings.Read',
  'MailboxSettings.ReadWrite',
  'DelegatedPermissionGrant.Read.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Organization.Read.All',
  'Organization.ReadWrite.All',
  'Application.Read.All',
  'Application.ReadWrite.All',
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'Device.Read.All',
  'Device.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Group.Read.All',
  'GroupMember.Read.All',
  'RoleManagement.Read.Directory',
  'RoleManagement.ReadWrite.Directory',
  'IdentityRiskyUser.Read.All',
  'IdentityRiskyUser.ReadWrite.All',
  'AuditLog.Read.All',
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
  'SecurityIdentitiesAccount.Read.All',
  'SecurityIdentitiesActions.ReadWrite.All',
  'SecurityIncident.Read.All',
  'SecurityIncident.ReadWrite.All',
];

/** Reading a user's properties. */
export const READ_USER = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

/** Enabling or disabling a user (`accountEnabled`). */
export const ENABLE_DISABLE_USER = ['User.EnableDisableAccount.All', 'User.ReadWrite.All'] as const;

/** Setting a user's password (`passwordProfile`). */
export const RESET_PASSWORD = ['User-PasswordProfile.ReadWrite.All', 'User.ReadWrite.All'] as const;

/** Changing ordinary user properties such as `displayName`. */
export const WRITE_USER_PROFILE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'] as const;

/** Every permission that allows some kind of `PATCH /users/{id}`. */
export const ANY_USER_WRITE = [
  ...new Set([...ENABLE_DISABLE_USER, ...RESET_PASSWORD, ...WRITE_USER_PROFILE]),
] as const;

/** `POST /users/{id}/revokeSignInSessions`. */
export const REVOKE_SESSIONS = ['User.RevokeSessions.All', 'User.ReadWrite.All'] as const;

/** Listing a user's registered or owned devices. */
export const LIST_USER_DEVICES = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Device.Read.All',
  'Device.ReadWrite.All',
] as const;

/**
 * Permissions that reveal device properties in a directoryObject list. Without one of them,
 * Graph returns only `id` and `@odata.type` for each device.
 */
export const SEE_DEVICE_PROPERTIES = [
  'Device.Read.All',
  'Device.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

/** Reading one device, or listing devices (`GET /devices`). */
export const READ_DEVICE = SEE_DEVICE_PROPERTIES;

/** `GET /users/{id}/managedDevices` (Intune). */
export const READ_MANAGED_DEVICES = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
] as const;

/** `PATCH /devices/{id}`. */
export const WRITE_DEVICE = ['Device.ReadWrite.All'] as const;

/** Reading a user's directory-role memberships. */
export const READ_ROLE_MEMBERSHIP = [
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'RoleManagement.Read.Directory',
  'RoleManagement.ReadWrite.Directory',
] as const;

/** `GET /roleManagement/directory/roleAssignments`. */
export const READ_ROLE_ASSIGNMENTS = READ_ROLE_MEMBERSHIP;

/** `GET /groups/{id}/transitiveMembers`. */
export const LIST_GROUP_MEMBERS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

/** `POST /users/{id}/checkMemberGroups`. */
export const CHECK_MEMBER_GROUPS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'User.Read.All',
  'User.ReadWrite.All',
] as const;

/** `POST /identityProtection/riskyUsers/confirmCompromised` and `.../dismiss`. */
export const WRITE_USER_RISK = ['IdentityRiskyUser.ReadWrite.All'] as const;

/** `GET /users/{id}/authentication/methods`. */
export const READ_AUTH_METHODS = [
  'UserAuthenticationMethod.Read.All',
  'UserAuthenticationMethod.ReadWrite.All',
] as const;

/** `DELETE /users/{id}/authentication/{type}Methods/{id}`: nothing narrower is modelled. */
export const WRITE_AUTH_METHODS = ['UserAuthenticationMethod.ReadWrite.All'] as const;

/** `PATCH /users/{id}/mailFolders/{folder}/messageRules/{id}` (Exchange Online). */
export const WRITE_MAIL_RULES = ['MailboxSettings.ReadWrite'] as const;

/** `DELETE /oauth2PermissionGrants/{id}`. */
export const DELETE_GRANTS = [
  'DelegatedPermissionGrant.ReadWrite.All',
  'Directory.ReadWrite.All',
] as const;

/** `GET /users/{id}/mailFolders/{folder}/messageRules` (Exchange Online). */
export const READ_MAIL_RULES = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'] as const;

/**
 * `GET /users/{id}/oauth2PermissionGrants`: Graph's page for this path documents
 * Directory.Read.All (the DelegatedPermissionGrant ones are documented for the top-level list).
 */
export const READ_USER_GRANTS = ['Directory.Read.All', 'Directory.ReadWrite.All'] as const;

/** `GET /oauth2PermissionGrants`. */
export const LIST_GRANTS = [
  'DelegatedPermissionGrant.Read.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

/** `GET /organization`. */
export const READ_ORGANIZATION = [
  'Organization.Read.All',
  'Organization.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

/** `GET /servicePrincipals/{id}`: a consented app's names and publisher. */
export const READ_SERVICE_PRINCIPAL = [
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
] as const;

/** `GET /roleManagement/directory/roleEligibilityScheduleInstances` (PIM). */
export const READ_ROLE_ELIGIBILITY = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.ReadWrite.Directory',
] as const;

/** `GET /identityProtection/riskyUsers[/{id}]`. */
export const READ_USER_RISK = [
  'IdentityRiskyUser.Read.All',
  'IdentityRiskyUser.ReadWrite.All',
] as const;

/** `GET /auditLogs/signIns`: AuditLog.Read.All, and Directory.Read.All besides (both needed). */
export const READ_SIGN_INS = ['AuditLog.Read.All'] as const;
/** The second permission sign-ins need, checked by the route. */
export const READ_SIGN_INS_ALSO = ['Directory.Read.All', 'Directory.ReadWrite.All'] as const;

/** Defender for Identity's identity accounts (`GET /security/identities/identityAccounts`). */
export const READ_IDENTITY_ACCOUNTS = ['SecurityIdentitiesAccount.Read.All'] as const;

/** Defender for Identity's actions on them (`POST .../identityAccounts/{id}/invokeAction`). */
export const INVOKE_IDENTITY_ACTIONS = ['SecurityIdentitiesActions.ReadWrite.All'] as const;

/** `POST /security/incidents/{id}/comments` (Defender XDR): no broader permission covers it. */
export const WRITE_INCIDENT_COMMENTS = ['SecurityIncident.ReadWrite.All'] as const;

/**
 * Whether `granted` contains at least one of `accepted`.
 *
 * @param granted - The `roles` claim of the caller's token.
 * @param accepted - Permissions that allow the operation.
 */
export function holdsAny(granted: readonly string[], accepted: readonly string[]): boolean {
  return accepted.some((permission) => granted.includes(permission));
}
