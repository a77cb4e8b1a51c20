import { eqFilter, listAnswer, pathUser } from './foothold-answers';
import type { SeedConsent } from './foothold-seed';
import { resourceNotFound } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { parseSelect, project } from './odata';
import {
  CHECK_MEMBER_GROUPS,
  DELETE_GRANTS,
  LIST_GRANTS,
  READ_ORGANIZATION,
  READ_USER_GRANTS,
} from './permissions';

/** A delegated permission grant as Graph v1.0 answers it. */
function grantAsGraph(grant: SeedConsent, principalId: string): Record<string, unknown> {
  return {
    id: grant.id,
    clientId: grant.clientId,
    consentType: 'Principal',
    principalId,
    resourceId: grant.resourceId,
    scope: grant.scope,
  };
}

/** `GET /users/{id}/oauth2PermissionGrants`: the grants the user consented to. */
function listUserGrants(context: RouteContext): GraphResult {
  const user = pathUser(context);
  return listAnswer(
    context,
    'oauth2PermissionGrants',
    context.footholds.consentsOf(user).map((grant) => grantAsGraph(grant, user.id)),
  );
}

/** `GET /oauth2PermissionGrants[?$filter=principalId eq '{id}' | clientId eq '{id}']`. */
function listGrants(context: RouteContext): GraphResult {
  const filter = eqFilter(context.call.query['$filter'], ['principalId', 'clientId']);
  const grants = context.footholds
    .allConsents()
    .filter(
      (grant) =>
        filter === undefined ||
        grant[filter.property as 'principalId' | 'clientId'].toLowerCase() ===
          filter.value.toLowerCase(),
    );
  return listAnswer(
    context,
    'oauth2PermissionGrants',
    grants.map((grant) => grantAsGraph(grant, grant.principalId)),
  );
}

/**
 * `DELETE /oauth2PermissionGrants/{id}` (DelegatedPermissionGrant.ReadWrite.All or
 * Directory.ReadWrite.All): the app loses the user's delegated consent; tokens already issued
 * live on until they expire.
 */
function deleteGrant(context: RouteContext): GraphResult {
  const id = context.params['id'] ?? '';
  if (!context.footholds.allConsents().some((grant) => grant.id === id)) {
    throw resourceNotFound(id);
  }
  context.footholds.deleteConsent(id);
  return { status: 204 };
}

/** The organization properties the simulator answers with. */
export const ORGANIZATION_PROPERTIES = ['id', 'displayName', 'verifiedDomains'] as const;

/** `GET /organization`: the tenant, with its verified domains. */
function listOrganization(context: RouteContext): GraphResult {
  const select = parseSelect(
    context.call.query['$select'],
    ORGANIZATION_PROPERTIES,
    'microsoft.graph.organization',
  );
  const [initial] = context.footholds.verifiedDomains.filter((d) => d.endsWith('.onmicrosoft.com'));
  const organization = {
    id: context.tenant.tenantId,
    displayName: context.tenant.domain,
    verifiedDomains: context.footholds.verifiedDomains.map((name, index) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: index === 0,
      isInitial: name === initial,
      name,
      type: 'Managed',
    })),
  };
  return listAnswer(
    context,
    select === undefined ? 'organization' : `organization(${select.join(',')})`,
    [project(organization, select ?? ORGANIZATION_PROPERTIES)],
  );
}

const GROUP_FIELDS = ['id', 'displayName', 'isAssignableToRole'] as const;

/** `GET /users/{id}/transitiveMemberOf/microsoft.graph.group`: the user's groups, nested too. */
function listUserGroups(context: RouteContext): GraphResult {
  const user = pathUser(context);
  const ids = new Set(
    [...context.tenant.transitiveGroupIds(user.id)].map((id) => id.toLowerCase()),
  );
  const select = parseSelect(context.call.query['$select'], GROUP_FIELDS, 'microsoft.graph.group');
  const groups = context.tenant
    .groups()
    .filter((group) => ids.has(group.id.toLowerCase()))
    .map((group) =>
      project(
        {
          '@odata.type': '#microsoft.graph.group',
          id: group.id,
          displayName: group.displayName,
          isAssignableToRole: group.isAssignableToRole,
        },
        select ?? GROUP_FIELDS,
      ),
    );
  const answer = listAnswer(context, 'groups', groups);
  if (context.call.query['$count'] !== 'true') return answer;
  return { ...answer, body: { '@odata.count': groups.length, ...(answer.body as object) } };
}

/** Consents (listed, deleted), the organization's verified domains and a user's groups. */
export const CONSENT_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/oauth2PermissionGrants',
    permissions: READ_USER_GRANTS,
    handle: listUserGrants,
  },
  {
    method: 'GET',
    pattern: '/oauth2PermissionGrants',
    permissions: LIST_GRANTS,
    queryOptions: ['$filter'],
    handle: listGrants,
  },
  {
    method: 'DELETE',
    pattern: '/oauth2PermissionGrants/:id',
    permissions: DELETE_GRANTS,
    handle: deleteGrant,
  },
  {
    method: 'GET',
    pattern: '/organization',
    permissions: READ_ORGANIZATION,
    handle: listOrganization,
  },
  {
    method: 'GET',
    pattern: '/users/:user/transitiveMemberOf/microsoft.graph.group',
    permissions: CHECK_MEMBER_GROUPS,
    handle: listUserGroups,
  },
];
