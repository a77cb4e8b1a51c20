/**
 * Group memberships the policy asks about: which of some groups a user is in, and who is in some
 * groups (nested groups included).
 */
import { chunk } from '../lockdown/concurrency';
import { followPages } from './graph-pages';
import * as requests from './graph-requests';
import { memberGroupsSchema, memberPageSchema } from './graph-schemas';
import type { GraphTransport } from './graph-transport';
import type { RetryBudget } from './retry-policy';

/** Which of `groupIds` the user is in, directly or through nested groups. */
export async function memberGroupsOf(
  transport: GraphTransport,
  userId: string,
  groupIds: readonly string[],
  budget: RetryBudget,
): Promise<string[]> {
  const found: string[] = [];
  // Graph takes at most 20 group ids per call.
  for (const ids of chunk(groupIds, 20)) {
    const { body } = await transport.send(
      requests.checkMemberGroups(userId, ids),
      memberGroupsSchema,
      budget,
    );
    found.push(...body.value);
  }
  return found;
}

/** The object ids of the users in the groups, directly or through nested groups. */
export async function usersInGroups(
  transport: GraphTransport,
  groupIds: readonly string[],
  budget: RetryBudget,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const groupId of groupIds) {
    const { body } = await transport.send(
      requests.listGroupUsers(groupId),
      memberPageSchema,
      budget,
    );
    const members = await followPages(transport, body, memberPageSchema, budget, 'group members');
    for (const member of members) ids.add(member.id);
  }
  return [...ids];
}
