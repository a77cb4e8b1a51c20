/**
 * The requests that reach a synced user's on-premises AD account through Microsoft Defender for
 * Identity (issue 11), as plain request descriptions (pure): find the identity account by the
 * on-premises SID, and invoke an action on its Active Directory account.
 */
import type { OnPremisesAction } from '../lockdown/directory';
import type { GraphRequest } from './graph-requests';

/** Where Defender for Identity's identity accounts live. */
const IDENTITY_ACCOUNTS = '/security/identities/identityAccounts';

/**
 * Finds the identity account of an on-premises SID
 * (`microsoft.graph.security.identityAccounts.onPremisesSecurityIdentifier`;
 * SecurityIdentitiesAccount.Read.All).
 */
export function findIdentityAccount(securityIdentifier: string): GraphRequest {
  // OData string literal: a quote inside is doubled.
  const filter = `onPremisesSecurityIdentifier eq '${securityIdentifier.replace(/'/g, "''")}'`;
  return { method: 'GET', url: `${IDENTITY_ACCOUNTS}?$filter=${encodeURIComponent(filter)}` };
}

/**
 * Invokes one action on the Active Directory account (`accountId`, the `identifier` of its
 * `activeDirectory` entry in `accounts`) of an identity account (SecurityIdentitiesActions.ReadWrite.All).
 */
export function invokeIdentityAction(
  identityAccountId: string,
  accountId: string,
  action: OnPremisesAction,
): GraphRequest {
  return {
    method: 'POST',
    url: `${IDENTITY_ACCOUNTS}/${encodeURIComponent(identityAccountId)}/invokeAction`,
    body: { accountId, action, identityProvider: 'activeDirectory' },
  };
}
