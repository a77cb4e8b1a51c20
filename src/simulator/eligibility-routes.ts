import { eqFilter, pimLicenseRequired } from './foothold-answers';
import type { EligibilityInstance } from './footholds';
import { GraphError } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { parseSelect, project } from './odata';
import { READ_ROLE_ELIGIBILITY } from './permissions';

/** The properties of a unifiedRoleEligibilityScheduleInstance the simulator answers with. */
export const ELIGIBILITY_PROPERTIES = [
  'id',
  'principalId',
  'roleDefinitionId',
  'directoryScopeId',
  'appScopeId',
  'startDateTime',
  'endDateTime',
  'memberType',
  'roleEligibilityScheduleId',
] as const;

/** The properties of an expanded unifiedRoleDefinition. */
export const ROLE_DEFINITION_PROPERTIES = [
  'id',
  'displayName',
  'templateId',
  'isBuiltIn',
  'isEnabled',
] as const;

const PATH = '/roleManagement/directory/roleEligibilityScheduleInstances';

/** `$expand=roleDefinition` or `roleDefinition($select=a,b)`: the role's selected properties. */
function expandedRole(expand: string | undefined): readonly string[] | undefined {
  if (expand === undefined) return undefined;
  const match = /^\s*roleDefinition(?:\(\$select=([^)]*)\))?\s*$/i.exec(expand);
  if (!match) {
    throw new GraphError(
      400,
      'BadRequest',
      `Unsupported $expand '${expand}': the Graph simulator expands roleDefinition only.`,
    );
  }
  return match[1] === undefined
    ? ROLE_DEFINITION_PROPERTIES
    : (parseSelect(match[1], ROLE_DEFINITION_PROPERTIES, 'microsoft.graph.unifiedRoleDefinition') ??
        []);
}

function instanceAsGraph(instance: EligibilityInstance): Record<string, unknown> {
  return {
    id: instance.id,
    principalId: instance.principalId,
    roleDefinitionId: instance.roleDefinitionId,
    directoryScopeId: instance.directoryScopeId,
    appScopeId: null,
    startDateTime: instance.startDateTime,
    endDateTime: null,
    memberType: instance.memberType,
    roleEligibilityScheduleId: instance.id,
  };
}

/**
 * `GET /roleManagement/directory/roleEligibilityScheduleInstances[?$filter=principalId eq '{id}']`
 * (PIM, Entra ID P2): the tenant's eligibilities, or a principal's; a user's include those
 * inherited from their groups (`memberType: Group`). `$select` and `$expand=roleDefinition`.
 */
function listEligibilities(context: RouteContext): GraphResult {
  if (!context.footholds.entraIdP2) throw pimLicenseRequired();
  const { query } = context.call;
  const filter = eqFilter(query['$filter'], ['principalId']);
  const select = parseSelect(
    query['$select'],
    ELIGIBILITY_PROPERTIES,
    'microsoft.graph.unifiedRoleEligibilityScheduleInstance',
  );
  const roleFields = expandedRole(query['$expand']);
  const value = context.footholds.eligibilities(filter?.value).map((instance) => ({
    ...project(instanceAsGraph(instance), select ?? ELIGIBILITY_PROPERTIES),
    ...(roleFields === undefined
      ? {}
      : {
          roleDefinition: project(
            {
              id: instance.role.roleTemplateId,
              displayName: instance.role.displayName,
              templateId: instance.role.roleTemplateId,
              isBuiltIn: true,
              isEnabled: true,
            },
            roleFields,
          ),
        }),
  }));
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#roleManagement/directory/roleEligibilityScheduleInstances`,
      value,
    },
  };
}

/** PIM eligibility. */
export const ELIGIBILITY_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: PATH,
    permissions: READ_ROLE_ELIGIBILITY,
    queryOptions: ['$filter', '$expand'],
    handle: listEligibilities,
  },
];
