import { badRequest, GraphError } from './graph-error';
import { GraphResult, objectBody } from './graph-request';
import { Route, RouteContext } from './graph-router';
import { devicePage } from './device-routes';
import { parseSelect, project } from './odata';
import { onPremisesSecurityIdentifierOf } from './onprem-accounts';
import {
  ANY_USER_WRITE,
  CHECK_MEMBER_GROUPS,
  LIST_USER_DEVICES,
  READ_ROLE_MEMBERSHIP,
  READ_USER,
  REVOKE_SESSIONS,
} from './permissions';
import { TenantUser, UserChange } from './tenant';

/** Properties Graph v1.0 returns for a user when there is no `$select`. */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** Every user property the simulator can return through `$select`. */
export const SELECTABLE_USER_PROPERTIES = [
  ...DEFAULT_USER_PROPERTIES,
  'accountEnabled',
  'department',
  'onPremisesSyncEnabled',
  'onPremisesSecurityIdentifier',
  'userType',
  'signInSessionsValidFromDateTime',
  'createdDateTime',
  'lastPasswordChangeDateTime',
];

/** Properties `PATCH /users/{id}` accepts, besides `accountEnabled` and `passwordProfile`. */
const PROFILE_PROPERTIES = ['displayName', 'jobTitle', 'department'] as const;

function userAsGraph(user: TenantUser): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: user.mobilePhone,
    officeLocation: user.officeLocation,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    accountEnabled: user.accountEnabled,
    department: user.department,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    onPremisesSecurityIdentifier: onPremisesSecurityIdentifierOf(user),
    userType: user.userType,
    signInSessionsValidFromDateTime: user.signInSessionsValidFromDateTime,
    createdDateTime: user.createdDateTime,
    lastPasswordChangeDateTime: user.lastPasswordChangeDateTime,
  };
}

function getUser(context: RouteContext): GraphResult {
  const user = context.tenant.requireUser(context.params['user'] ?? '');
  const select = parseSelect(
    context.call.query['$select'],
    SELECTABLE_USER_PROPERTIES,
    'microsoft.graph.user',
  );
  const entitySet = select === undefined ? 'users' : `users(${select.join(',')})`;
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#${entitySet}/$entity`,
      ...project(userAsGraph(user), select ?? DEFAULT_USER_PROPERTIES),
    },
  };
}

function invalidValue(property: string, type: string): GraphError {
  return badRequest(`Invalid value specified for property '${property}' of resource '${type}'.`);
}

function parsePasswordProfile(value: unknown): UserChange['passwordProfile'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue('passwordProfile', 'User');
  }
  const profile = value as Record<string, unknown>;
  const password = profile['password'];
  const force = profile['forceChangePasswordNextSignIn'] ?? true;
  if (typeof password !== 'string') {
    throw invalidValue('passwordProfile.password', 'User');
  }
  if (typeof force !== 'boolean') {
    throw invalidValue('passwordProfile.forceChangePasswordNextSignIn', 'User');
  }
  return { password, forceChangePasswordNextSignIn: force };
}

/** Turns a PATCH body into a change, refusing unknown properties and wrong types. */
function parseUserChange(body: Readonly<Record<string, unknown>>): UserChange {
  const change: { -readonly [K in keyof UserChange]: UserChange[K] } = {};
  for (const [property, value] of Object.entries(body)) {
    if (property === 'accountEnabled') {
      if (typeof value !== 'boolean') {
        throw invalidValue(property, 'User');
      }
      change.accountEnabled = value;
    } else if (property === 'passwordProfile') {
      change.passwordProfile = parsePasswordProfile(value);
    } else if ((PROFILE_PROPERTIES as readonly string[]).includes(property)) {
      if (typeof value !== 'string' || value === '') {
        throw invalidValue(property, 'User');
      }
      change[property as (typeof PROFILE_PROPERTIES)[number]] = value;
    } else {
      throw badRequest(
        `Property '${property}' is not supported by the Graph simulator for PATCH /users/{id}.`,
      );
    }
  }
  return change;
}

function patchUser(context: RouteContext): GraphResult {
  const target = context.params['user'] ?? '';
  const change = parseUserChange(objectBody(context.call.body));
  context.tenant.updateUser(context.caller, target, change, context.now);
  return { status: 204 };
}

function revokeSignInSessions(context: RouteContext): GraphResult {
  context.tenant.revokeSignInSessions(context.caller, context.params['user'] ?? '', context.now);
  // Documented as 204, but v1.0 really answers 200 with an Edm.Boolean.
  return {
    status: 200,
    body: { '@odata.context': `${context.origin}/v1.0/$metadata#Edm.Boolean`, value: true },
  };
}

/** The derived type a `registeredDevices` or `ownedDevices` list can be cast to. */
const DEVICE_CAST = 'microsoft.graph.device';

function listDevices(relation: 'registered' | 'owned', cast = false) {
  return (context: RouteContext): GraphResult => {
    const user = context.tenant.requireUser(context.params['user'] ?? '');
    const segment = relation === 'registered' ? 'registeredDevices' : 'ownedDevices';
    const suffix = cast ? `/${DEVICE_CAST}` : '';
    return devicePage(context, context.tenant.devicesOf(user.id, relation), {
      nextPath: `/v1.0/users/${encodeURIComponent(user.id)}/${segment}${suffix}`,
      cast,
    });
  };
}

function listDirectoryRoles(transitive: boolean) {
  return (context: RouteContext): GraphResult => {
    const user = context.tenant.requireUser(context.params['user'] ?? '');
    const roles = context.tenant.directoryRolesOf(user.id, transitive);
    return {
      status: 200,
      body: {
        '@odata.context': `${context.origin}/v1.0/$metadata#directoryRoles`,
        // Graph answers an advanced query's `$count=true` with the total next to the page.
        ...(context.call.query['$count'] === 'true' ? { '@odata.count': roles.length } : {}),
        value: roles.map((role) => ({ '@odata.type': '#microsoft.graph.directoryRole', ...role })),
      },
    };
  };
}

/** Graph refuses more than 20 group ids in one checkMemberGroups call. */
const MAX_GROUP_IDS = 20;

function checkMemberGroups(context: RouteContext): GraphResult {
  const user = context.tenant.requireUser(context.params['user'] ?? '');
  const groupIds = objectBody(context.call.body)['groupIds'];
  if (!Array.isArray(groupIds) || !groupIds.every((id) => typeof id === 'string')) {
    throw badRequest("The request body must contain 'groupIds', an array of group ids.");
  }
  if (groupIds.length > MAX_GROUP_IDS) {
    throw badRequest(`At most ${MAX_GROUP_IDS} group ids can be checked in one request.`);
  }
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#Collection(Edm.String)`,
      value: context.tenant.checkMemberGroups(user.id, groupIds as string[]),
    },
  };
}

/** The `/users/...` operations. */
export const USER_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/users/:user', permissions: READ_USER, handle: getUser },
  { method: 'PATCH', pattern: '/users/:user', permissions: ANY_USER_WRITE, handle: patchUser },
  {
    method: 'POST',
    pattern: '/users/:user/revokeSignInSessions',
    permissions: REVOKE_SESSIONS,
    handle: revokeSignInSessions,
  },
  {
    method: 'GET',
    pattern: '/users/:user/registeredDevices',
    permissions: LIST_USER_DEVICES,
    handle: listDevices('registered'),
  },
  {
    method: 'GET',
    pattern: '/users/:user/ownedDevices',
    permissions: LIST_USER_DEVICES,
    handle: listDevices('owned'),
  },
  // The cast keeps the devices (all these lists hold) and makes device properties selectable.
  // Any other type segment is unknown to the router: 400, as Graph answers.
  {
    method: 'GET',
    pattern: `/users/:user/registeredDevices/${DEVICE_CAST}`,
    permissions: LIST_USER_DEVICES,
    handle: listDevices('registered', true),
  },
  {
    method: 'GET',
    pattern: `/users/:user/ownedDevices/${DEVICE_CAST}`,
    permissions: LIST_USER_DEVICES,
    handle: listDevices('owned', true),
  },
  {
    method: 'GET',
    pattern: '/users/:user/memberOf/microsoft.graph.directoryRole',
    permissions: READ_ROLE_MEMBERSHIP,
    handle: listDirectoryRoles(false),
  },
  {
    method: 'GET',
    pattern: '/users/:user/transitiveMemberOf/microsoft.graph.directoryRole',
    permissions: READ_ROLE_MEMBERSHIP,
    handle: listDirectoryRoles(true),
  },
  {
    method: 'POST',
    pattern: '/users/:user/checkMemberGroups',
    permissions: CHECK_MEMBER_GROUPS,
    handle: checkMemberGroups,
  },
];
