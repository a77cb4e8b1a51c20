/**
 * The Graph requests of a lockdown, as plain descriptions (pure). Keeping them as data lets the
 * same requests be sent one by one or grouped into a JSON batch.
 */

/** One Graph request, relative to the version root (e.g. `/users/{id}`). */
export interface GraphRequest {
  readonly method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The user fields the bot reads. */
export const USER_FIELDS = [
  'id',
  'userPrincipalName',
  'displayName',
  'jobTitle',
  'department',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'onPremisesSecurityIdentifier',
  'userType',
  'signInSessionsValidFromDateTime',
] as const;

/** The device fields the bot reads: properties of `microsoft.graph.device`. */
const DEVICE_FIELDS = ['id', 'displayName', 'operatingSystem', 'accountEnabled'] as const;

/** The OData cast that turns a `directoryObject` collection into one of devices. */
const DEVICE_CAST = 'microsoft.graph.device';

/** A path segment for a user id or UPN; `#EXT#` and other reserved characters are escaped. */
export function userSegment(idOrUpn: string): string {
  return encodeURIComponent(idOrUpn);
}

/** Reads a user by id or UPN. */
export function getUser(idOrUpn: string): GraphRequest {
  return { method: 'GET', url: `/users/${userSegment(idOrUpn)}?$select=${USER_FIELDS.join(',')}` };
}

/** Lists the directory roles a user holds. */
export function listDirectoryRoles(userId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${userSegment(userId)}/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId&$count=true`,
    // An OData cast on a membership list is an advanced query: Graph wants eventual consistency.
    headers: { ConsistencyLevel: 'eventual' },
  };
}

/**
 * Lists the first page of a user's registered devices. `registeredDevices` is a collection of
 * `directoryObject`, which has no device properties: the cast makes the `$select` valid by the
 * schema (and keeps the devices only).
 */
export function listRegisteredDevices(userId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${userSegment(userId)}/registeredDevices/${DEVICE_CAST}?$select=${DEVICE_FIELDS.join(',')}`,
  };
}

/**
 * The same list without the cast: the fallback for a Graph that answers 400 to the cast. Device
 * properties are selected on `directoryObject` (an open type), which Graph accepts although its
 * schema does not list them there.
 */
export function listRegisteredDevicesUncast(userId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${userSegment(userId)}/registeredDevices?$select=${DEVICE_FIELDS.join(',')}`,
  };
}

/** The Intune fields the managed-device fallback reads: properties of `microsoft.graph.managedDevice`. */
const MANAGED_DEVICE_FIELDS = ['id', 'deviceName', 'operatingSystem', 'azureADDeviceId'] as const;

/**
 * Lists the first page of a user's Intune managed devices: the fallback when Graph refuses the
 * registered-devices listing (documented as unsupported for application permissions). Needs
 * DeviceManagementManagedDevices.Read.All.
 */
export function listManagedDevices(userId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${userSegment(userId)}/managedDevices?$select=${MANAGED_DEVICE_FIELDS.join(',')}`,
  };
}

/**
 * Finds the directory device whose `deviceId` (the device's own id, not the object id) is
 * `deviceId`: how a managed device's `azureADDeviceId` is mapped to a device that can be
 * disabled.
 */
export function findDeviceByDeviceId(deviceId: string): GraphRequest {
  // OData string literal: a quote inside is doubled.
  const filter = `deviceId eq '${deviceId.replace(/'/g, "''")}'`;
  return {
    method: 'GET',
    url: `/devices?$filter=${encodeURIComponent(filter)}&$select=${DEVICE_FIELDS.join(',')}`,
  };
}

/** Step 1: blocks sign-in. */
export function disableAccount(userId: string): GraphRequest {
  return setAccountEnabled(`/users/${userSegment(userId)}`, false);
}

/** Unlock: allows sign-in again (the same property as {@link disableAccount}, set back). */
export function enableAccount(userId: string): GraphRequest {
  return setAccountEnabled(`/users/${userSegment(userId)}`, true);
}

/** Step 2: replaces the password and forces a change at next sign-in. */
export function resetPassword(userId: string, password: string): GraphRequest {
  return {
    method: 'PATCH',
    url: `/users/${userSegment(userId)}`,
    body: { passwordProfile: { password, forceChangePasswordNextSignIn: true } },
  };
}

/** Step 3: invalidates refresh tokens and session cookies. */
export function revokeSignInSessions(userId: string): GraphRequest {
  return { method: 'POST', url: `/users/${userSegment(userId)}/revokeSignInSessions` };
}

/** Step 4, per device. */
export function disableDevice(deviceId: string): GraphRequest {
  return setAccountEnabled(`/devices/${encodeURIComponent(deviceId)}`, false);
}

/** Unlock, per device: undoes {@link disableDevice}. */
export function enableDevice(deviceId: string): GraphRequest {
  return setAccountEnabled(`/devices/${encodeURIComponent(deviceId)}`, true);
}

/** Users and devices are switched on and off by the same property, `accountEnabled`. */
function setAccountEnabled(url: string, accountEnabled: boolean): GraphRequest {
  return { method: 'PATCH', url, body: { accountEnabled } };
}

/** Step 5: reads back what containment changed. */
export function readBack(userId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${userSegment(userId)}?$select=accountEnabled,signInSessionsValidFromDateTime`,
  };
}

/** Which of the groups a user belongs to, transitively (at most 20 ids per call). */
export function checkMemberGroups(userId: string, groupIds: readonly string[]): GraphRequest {
  return {
    method: 'POST',
    url: `/users/${userSegment(userId)}/checkMemberGroups`,
    body: { groupIds },
  };
}

/** The users of a group, nested groups included (first page). */
export function listGroupUsers(groupId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id`,
    // An OData cast on a membership list is an advanced query: Graph wants eventual consistency.
    headers: { ConsistencyLevel: 'eventual' },
  };
}

/**
 * The directory roles assigned to a principal (the app's own service principal, for the
 * preflight), tenant-wide or scoped: for a built-in role, `roleDefinitionId` is its template id.
 * Needs RoleManagement.Read.Directory (or Directory.Read.All).
 */
export function listRoleAssignments(principalId: string): GraphRequest {
  // OData string literal: a quote inside is doubled.
  const filter = `principalId eq '${principalId.replace(/'/g, "''")}'`;
  return {
    method: 'GET',
    url: `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(filter)}&$select=roleDefinitionId,directoryScopeId`,
  };
}

/** A JSON batch: `body` is the `{ requests: [...] }` envelope (see batch-wire.ts). */
export function batch(body: unknown): GraphRequest {
  return { method: 'POST', url: '/$batch', body };
}

// The foothold's reads (issue 11) are request builders like these: listed here for the catalog.
export {
  getServicePrincipal,
  getUserRisk,
  listAuthenticationMethods,
  listConsents,
  listInboxRules,
  listRecentSignIns,
  listRoleEligibilities,
  listUserGroups,
  listVerifiedDomains,
} from './foothold-requests';

// The containment options' writes (issue 11).
export {
  confirmCompromised,
  deleteAuthMethod,
  deleteConsent,
  disableInboxRule,
} from './option-requests';

// The on-premises AD account, through Defender for Identity (issue 11).
export { findIdentityAccount, invokeIdentityAction } from './onprem-requests';

// A comment on a Microsoft Defender XDR incident's timeline.
export { commentOnIncident } from './incident-requests';
