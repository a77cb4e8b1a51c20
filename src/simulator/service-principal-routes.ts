/**
 * `GET /servicePrincipals/{id}`: an app's service principal, by object id (a consent's
 * `clientId`), with its names and verified publisher; Graph answers null fields for a publisher
 * it has not verified. 404 for an id the tenant does not know, 400 for one that is no GUID.
 */
import { GraphError, resourceNotFound } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { parseSelect, project } from './odata';
import { READ_SERVICE_PRINCIPAL } from './permissions';
import type { SeedServicePrincipal } from './service-principal-seed';

/** The servicePrincipal properties the simulator answers with. */
export const SERVICE_PRINCIPAL_PROPERTIES = [
  'id',
  'appId',
  'appDisplayName',
  'displayName',
  'accountEnabled',
  'servicePrincipalType',
  'verifiedPublisher',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A service principal as Graph v1.0 answers it. */
function asGraph(principal: SeedServicePrincipal): Record<string, unknown> {
  const publisher = principal.verifiedPublisher;
  return {
    id: principal.id,
    appId: principal.appId,
    appDisplayName: principal.appDisplayName ?? principal.displayName,
    displayName: principal.displayName,
    accountEnabled: true,
    servicePrincipalType: 'Application',
    verifiedPublisher: {
      displayName: publisher?.displayName ?? null,
      verifiedPublisherId: publisher?.verifiedPublisherId ?? null,
      addedDateTime: publisher?.addedDateTime ?? null,
    },
  };
}

function getServicePrincipal(context: RouteContext): GraphResult {
  const id = context.params['id'] ?? '';
  if (!UUID.test(id)) {
    throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
  }
  const principal = context.footholds.servicePrincipal(id);
  if (!principal) throw resourceNotFound(id);
  const select = parseSelect(
    context.call.query['$select'],
    SERVICE_PRINCIPAL_PROPERTIES,
    'microsoft.graph.servicePrincipal',
  );
  const set = select === undefined ? 'servicePrincipals' : `servicePrincipals(${select.join(',')})`;
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#${set}/$entity`,
      ...project(asGraph(principal), select ?? SERVICE_PRINCIPAL_PROPERTIES),
    },
  };
}

/** The apps' service principals (Application.Read.All, or Directory.Read.All). */
export const SERVICE_PRINCIPAL_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/servicePrincipals/:id',
    permissions: READ_SERVICE_PRINCIPAL,
    handle: getServicePrincipal,
  },
];
