import { resourceNotFound } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { parseSelect, project } from './odata';
import { LIST_GROUP_MEMBERS } from './permissions';

const MEMBER_FIELDS = ['id', 'displayName', 'userPrincipalName'] as const;

/** `GET /groups/{id}/transitiveMembers/microsoft.graph.user`: the users in a group, nested included. */
function listTransitiveUsers(context: RouteContext): GraphResult {
  const groupId = context.params['group'] ?? '';
  const users = context.tenant.transitiveUserMembers(groupId);
  if (users === undefined) throw resourceNotFound(groupId);
  const select = parseSelect(context.call.query['$select'], MEMBER_FIELDS, 'microsoft.graph.user');
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#users`,
      value: users.map((user) => {
        const entity = {
          '@odata.type': '#microsoft.graph.user',
          id: user.id,
          displayName: user.displayName,
          userPrincipalName: user.userPrincipalName,
        };
        return select ? project(entity, select) : entity;
      }),
    },
  };
}

/** The `/groups/...` operations. */
export const GROUP_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/groups/:group/transitiveMembers/microsoft.graph.user',
    permissions: LIST_GROUP_MEMBERS,
    handle: listTransitiveUsers,
  },
];
