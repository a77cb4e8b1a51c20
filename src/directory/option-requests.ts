/**
 * The writes of the containment options (issue 11), as plain request descriptions (pure): delete
 * a sign-in method, disable an inbox rule, delete a delegated grant, confirm users compromised.
 * The reads they act on are the look-up's (foothold-requests.ts), addressed by object id.
 */
import type { AuthMethodType } from '../lockdown/foothold';
import type { GraphRequest } from './graph-requests';

/**
 * The method types Graph v1.0 can delete, by the navigation property of `authentication` that
 * holds them. The password has none (it is never deleted); an unknown type has no known path.
 */
export const METHOD_COLLECTIONS = {
  microsoftAuthenticator: 'microsoftAuthenticatorMethods',
  phone: 'phoneMethods',
  fido2: 'fido2Methods',
  email: 'emailMethods',
  softwareOath: 'softwareOathMethods',
  windowsHelloForBusiness: 'windowsHelloForBusinessMethods',
  temporaryAccessPass: 'temporaryAccessPassMethods',
  platformCredential: 'platformCredentialMethods',
} as const satisfies Partial<Record<AuthMethodType, string>>;

/** A method type with a delete path. */
export type DeletableMethodType = keyof typeof METHOD_COLLECTIONS;

/** Whether Graph v1.0 has a path to delete a method of this type. */
export function isDeletableMethodType(type: AuthMethodType): type is DeletableMethodType {
  return Object.hasOwn(METHOD_COLLECTIONS, type);
}

function segment(value: string): string {
  return encodeURIComponent(value);
}

/** Deletes one sign-in method (UserAuthenticationMethod.ReadWrite.All). */
export function deleteAuthMethod(
  userId: string,
  type: DeletableMethodType,
  methodId: string,
): GraphRequest {
  return {
    method: 'DELETE',
    url: `/users/${segment(userId)}/authentication/${METHOD_COLLECTIONS[type]}/${segment(methodId)}`,
  };
}

/** Disables (never deletes) one inbox rule (MailboxSettings.ReadWrite). */
export function disableInboxRule(userId: string, ruleId: string): GraphRequest {
  return {
    method: 'PATCH',
    url: `/users/${segment(userId)}/mailFolders/inbox/messageRules/${segment(ruleId)}`,
    body: { isEnabled: false },
  };
}

/** Deletes one delegated permission grant (DelegatedPermissionGrant.ReadWrite.All). */
export function deleteConsent(grantId: string): GraphRequest {
  return { method: 'DELETE', url: `/oauth2PermissionGrants/${segment(grantId)}` };
}

/** Confirms users compromised in Identity Protection (IdentityRiskyUser.ReadWrite.All, P2). */
export function confirmCompromised(userIds: readonly string[]): GraphRequest {
  return {
    method: 'POST',
    url: '/identityProtection/riskyUsers/confirmCompromised',
    body: { userIds: [...userIds] },
  };
}
