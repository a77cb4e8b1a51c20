import { badRequest } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { decodeSkipToken, encodeSkipToken, parseSelect, parseTop, project } from './odata';
import { READ_ROLE_ASSIGNMENTS } from './permissions';
import type { RoleAssignmentObject } from './tenant';

/** The properties of a unifiedRoleAssignment the simulator answers with. */
export const ROLE_ASSIGNMENT_PROPERTIES = [
  'id',
  'principalId',
  'roleDefinitionId',
  'directoryScopeId',
] as const;

const PATH = '/roleManagement/directory/roleAssignments';
/** The one filter the simulator understands: `principalId eq '<id>'` (a quote doubled inside). */
const PRINCIPAL_FILTER = /^\s*principalId\s+eq\s+'((?:[^']|'')*)'\s*$/i;

function principalOf(filter: string | undefined): string {
  const match = PRINCIPAL_FILTER.exec(filter ?? '');
  if (match?.[1] === undefined) {
    throw badRequest(
      filter === undefined
        ? `The Graph simulator lists role assignments by principal only: add $filter=principalId eq '<id>'.`
        : `Unsupported $filter '${filter}': the Graph simulator supports principalId eq '<id>' only.`,
    );
  }
  return match[1].replace(/''/g, "'");
}

/**
 * `GET /roleManagement/directory/roleAssignments?$filter=principalId eq '<id>'`: the directory
 * roles assigned directly to a user, group or service principal, paged like device lists.
 */
function listRoleAssignments(context: RouteContext): GraphResult {
  const { query } = context.call;
  const principalId = principalOf(query['$filter']);
  const select = parseSelect(
    query['$select'],
    ROLE_ASSIGNMENT_PROPERTIES,
    'microsoft.graph.unifiedRoleAssignment',
  );
  const top = parseTop(query['$top'], context.pageSize);
  const offset = decodeSkipToken(query['$skiptoken']);
  const assignments = context.tenant.roleAssignmentsOf(principalId);
  const asGraph = (assignment: RoleAssignmentObject) =>
    project({ ...assignment }, select ?? ROLE_ASSIGNMENT_PROPERTIES);
  const body: Record<string, unknown> = {
    '@odata.context': `${context.origin}/v1.0/$metadata#roleManagement/directory/roleAssignments${
      select === undefined ? '' : `(${select.join(',')})`
    }`,
    value: assignments.slice(offset, offset + top).map(asGraph),
  };
  if (offset + top < assignments.length) {
    const parameters = [
      `$filter=${encodeURIComponent(query['$filter'] ?? '')}`,
      ...(select === undefined ? [] : [`$select=${encodeURIComponent(select.join(','))}`]),
      ...(query['$top'] === undefined ? [] : [`$top=${top}`]),
      `$skiptoken=${encodeSkipToken(offset + top)}`,
    ];
    body['@odata.nextLink'] = `${context.origin}/v1.0${PATH}?${parameters.join('&')}`;
  }
  return { status: 200, body };
}

/** The `/roleManagement/...` operations. */
export const ROLE_MANAGEMENT_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: PATH,
    permissions: READ_ROLE_ASSIGNMENTS,
    queryOptions: ['$filter'],
    handle: listRoleAssignments,
  },
];
