/**
 * The reads of what an attacker may have left in an account (issue 11), addressed like the rest
 * of the look-up (by UPN or id, in the same `$batch`), so nothing waits for the user's object id:
 * risk and sign-ins are filtered by `userPrincipalName`, and PIM eligibility is read tenant-wide
 * with the user's groups beside it (matched once the user's id is known).
 */
import type { GraphRequest } from './graph-requests';

/** A path segment for a user id or UPN (as graph-requests.ts's `userSegment`). */
function segment(idOrUpn: string): string {
  return encodeURIComponent(idOrUpn);
}

/** `<property> eq '<value>'`, a quote doubled inside, encoded for the query string. */
function eq(property: string, value: string): string {
  return encodeURIComponent(`${property} eq '${value.replace(/'/g, "''")}'`);
}

/** How many sign-ins the card shows. */
export const SIGN_IN_COUNT = 5;

/** Every registered authentication method (UserAuthenticationMethod.Read.All). */
export function listAuthenticationMethods(user: string): GraphRequest {
  return { method: 'GET', url: `/users/${segment(user)}/authentication/methods` };
}

/** The inbox's rules (MailboxSettings.Read; Exchange Online). */
export function listInboxRules(user: string): GraphRequest {
  return { method: 'GET', url: `/users/${segment(user)}/mailFolders/inbox/messageRules` };
}

/** The tenant's verified domains, to tell where mail leaves the tenant (Organization.Read.All). */
export function listVerifiedDomains(): GraphRequest {
  return { method: 'GET', url: '/organization?$select=verifiedDomains' };
}

/** The user's delegated permission grants (Directory.Read.All, as documented for this path). */
export function listConsents(user: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${segment(user)}/oauth2PermissionGrants`,
  };
}

/** What names a consented app and its publisher (`servicePrincipal` has no publisher name in v1.0). */
export const SERVICE_PRINCIPAL_FIELDS = [
  'id',
  'appDisplayName',
  'displayName',
  'verifiedPublisher',
] as const;

/**
 * A consented app's service principal, by the grant's `clientId`, for its names and verified
 * publisher (Application.Read.All; Directory.Read.All covers it). The look-up's second read.
 */
export function getServicePrincipal(servicePrincipalId: string): GraphRequest {
  return {
    method: 'GET',
    url: `/servicePrincipals/${segment(servicePrincipalId)}?$select=${SERVICE_PRINCIPAL_FIELDS.join(',')}`,
  };
}

/** The groups the user belongs to, nested ones included (for eligibility through a group). */
export function listUserGroups(user: string): GraphRequest {
  return {
    method: 'GET',
    url: `/users/${segment(user)}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$count=true`,
    // An OData cast on a membership list is an advanced query: Graph wants eventual consistency.
    headers: { ConsistencyLevel: 'eventual' },
  };
}

/**
 * The tenant's PIM eligibilities with their roles' names (RoleEligibilitySchedule.Read.Directory,
 * Entra ID P2). Tenant-wide: a user's eligibility through a group is the group's.
 */
export function listRoleEligibilities(): GraphRequest {
  return {
    method: 'GET',
    url:
      '/roleManagement/directory/roleEligibilityScheduleInstances' +
      '?$select=principalId,roleDefinitionId,memberType' +
      '&$expand=roleDefinition($select=displayName,templateId)',
  };
}

/** Identity Protection's record of the user (IdentityRiskyUser.Read.All, Entra ID P2). */
export function getUserRisk(userPrincipalName: string): GraphRequest {
  return {
    method: 'GET',
    url: `/identityProtection/riskyUsers?$filter=${eq('userPrincipalName', userPrincipalName)}`,
  };
}

/** The user's last sign-ins, newest first (AuditLog.Read.All and Directory.Read.All, Entra ID P1). */
export function listRecentSignIns(userPrincipalName: string): GraphRequest {
  return {
    method: 'GET',
    url: `/auditLogs/signIns?$filter=${eq('userPrincipalName', userPrincipalName)}&$top=${SIGN_IN_COUNT}`,
  };
}
