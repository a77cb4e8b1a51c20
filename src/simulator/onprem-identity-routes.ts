/**
 * Microsoft Defender for Identity's identity accounts (issue 11, on-premises accounts):
 * `GET /security/identities/identityAccounts[?$filter=onPremisesSecurityIdentifier eq '{sid}']`
 * and `POST /security/identities/identityAccounts/{id}/invokeAction`. Without Defender for
 * Identity in the tenant (the seed's `licenses.defenderForIdentity`, off by default) both answer
 * 403 (see {@link defenderForIdentityAbsent}).
 */
import { randomUUID } from 'node:crypto';
import { eqFilter, listAnswer } from './foothold-answers';
import { badRequest, GraphError } from './graph-error';
import { type GraphResult, objectBody } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import {
  ACTIVE_DIRECTORY_ACTIONS,
  activeDirectoryAccountIdOf,
  ENTRA_ID_ACTIONS,
  identityAccountIdOf,
  onPremisesSecurityIdentifierOf,
  SECURITY_ACTIONS,
} from './onprem-accounts';
import { READ_IDENTITY_ACCOUNTS, INVOKE_IDENTITY_ACTIONS } from './permissions';
import type { TenantUser } from './tenant';

/**
 * What the simulator answers when the tenant has no Defender for Identity. Unverified: Graph's
 * real answer is not documented; a 403 naming the missing product is a plausible guess.
 */
export function defenderForIdentityAbsent(): GraphError {
  return new GraphError(
    403,
    'Forbidden',
    'Microsoft Defender for Identity is not enabled for this tenant (no workspace).',
  );
}

function requireDefender(context: RouteContext): void {
  if (!context.footholds.onPremises.defenderForIdentity) throw defenderForIdentityAbsent();
}

/** A `microsoft.graph.security.user` as Graph v1.0 answers it. */
function identityAccountAsGraph(context: RouteContext, user: TenantUser): Record<string, unknown> {
  const state = context.footholds.onPremises.stateOf(user);
  const domain = user.userPrincipalName.split('@')[1] ?? null;
  return {
    '@odata.type': '#microsoft.graph.security.user',
    id: identityAccountIdOf(user),
    displayName: user.displayName,
    domain,
    isEnabled: state.enabled,
    onPremisesSecurityIdentifier: onPremisesSecurityIdentifierOf(user),
    cloudSecurityIdentifier: null,
    userPrincipalName: user.userPrincipalName,
    emailAddress: user.mail,
    accounts: [
      {
        identifier: activeDirectoryAccountIdOf(user),
        identityProvider: 'activeDirectory',
        actions: [...ACTIVE_DIRECTORY_ACTIONS],
      },
      { identifier: user.id, identityProvider: 'entraID', actions: [...ENTRA_ID_ACTIONS] },
    ],
  };
}

/** The list, filtered by `onPremisesSecurityIdentifier` (or `id`) when asked. */
function listIdentityAccounts(context: RouteContext): GraphResult {
  requireDefender(context);
  const filter = eqFilter(context.call.query['$filter'], ['onPremisesSecurityIdentifier', 'id']);
  const users = context.footholds.onPremises.syncedUsers().filter((user) => {
    if (filter === undefined) return true;
    const value =
      filter.property === 'id' ? identityAccountIdOf(user) : onPremisesSecurityIdentifierOf(user);
    return value?.toLowerCase() === filter.value.toLowerCase();
  });
  return listAnswer(
    context,
    'security/identities/identityAccounts',
    users.map((user) => identityAccountAsGraph(context, user)),
  );
}

function accountOf(context: RouteContext): TenantUser {
  const id = context.params['id'] ?? '';
  const user = context.footholds.onPremises.byAccountId(id);
  if (!user) throw new GraphError(404, 'NotFound', `The identity account '${id}' was not found.`);
  return user;
}

/** Performs one action on one of the identity account's accounts. */
function invokeAction(context: RouteContext): GraphResult {
  requireDefender(context);
  const user = accountOf(context);
  const body = objectBody(context.call.body);
  const { accountId, action } = body;
  const identityProvider = String(body['identityProvider']);
  if (typeof accountId !== 'string' || typeof action !== 'string') {
    throw badRequest('accountId and action are required strings.');
  }
  if (!(SECURITY_ACTIONS as readonly string[]).includes(action)) {
    throw badRequest(`'${action}' is not a member of microsoft.graph.security.action.`);
  }
  const supported: readonly string[] | undefined =
    identityProvider === 'activeDirectory'
      ? ACTIVE_DIRECTORY_ACTIONS
      : identityProvider === 'entraID'
        ? ENTRA_ID_ACTIONS
        : undefined;
  if (supported === undefined) {
    throw badRequest(`identityProvider '${identityProvider}' has no account here.`);
  }
  const expected =
    identityProvider === 'activeDirectory' ? activeDirectoryAccountIdOf(user) : user.id;
  if (accountId.toLowerCase() !== expected.toLowerCase()) {
    throw badRequest(
      `The account '${accountId}' is not a ${identityProvider} account of this identity.`,
    );
  }
  if (!supported.includes(action)) {
    throw badRequest(`The action '${action}' is not supported for ${identityProvider} accounts.`);
  }
  context.footholds.onPremises.invoke(user, action, identityProvider, context.now);
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#microsoft.graph.security.invokeActionResult`,
      accountId,
      action,
      identityProvider,
      correlationId: randomUUID(),
    },
  };
}

/** Defender for Identity's identity accounts and their actions. */
export const ONPREM_IDENTITY_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/security/identities/identityAccounts',
    permissions: READ_IDENTITY_ACCOUNTS,
    queryOptions: ['$filter'],
    handle: listIdentityAccounts,
  },
  {
    method: 'POST',
    pattern: '/security/identities/identityAccounts/:id/invokeAction',
    permissions: INVOKE_IDENTITY_ACTIONS,
    handle: invokeAction,
  },
];
