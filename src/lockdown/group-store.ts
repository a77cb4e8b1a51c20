/**
 * Reading a group of requests back from the store: the leader and every member, in the order
 * asked.
 */
import { firstGroups, type GroupView } from './group';
import type { IncidentComment, LockdownRequest } from './request';
import type { RequestStore } from './request-store';
import { MAX_TARGETS } from './target-names';

/**
 * The group `request` belongs to, as it now stands, or `undefined` when it belongs to none or
 * its leader is not on record (its creation did not finish). Members not on record are left out.
 */
export async function loadGroup(
  store: Pick<RequestStore, 'get' | 'readKey'>,
  request: Pick<LockdownRequest, 'id' | 'group'>,
): Promise<GroupView | undefined> {
  const group = request.group;
  if (!group) return undefined;
  const members = await Promise.all(group.memberIds.map((id) => store.get(id)));
  const found = members.filter((member): member is LockdownRequest => member !== undefined);
  const leader = found.find((member) => member.id === group.leaderId);
  if (!leader) return undefined;
  const incidentComment = leader.alert?.incidentId
    ? await readIncidentComment(store, leader.id)
    : undefined;
  return {
    leader,
    members: found,
    leftOut: leader.group?.leftOut ?? group.leftOut,
    ...(incidentComment ? { incidentComment } : {}),
  };
}

/** The store key of a group's incident comment. */
export function incidentCommentKey(leaderId: string): string {
  return `incident-comment:${leaderId}`;
}

/** The recorded incident comment of the group led by `leaderId`, if any. */
async function readIncidentComment(
  store: Pick<RequestStore, 'readKey'>,
  leaderId: string,
): Promise<IncidentComment | undefined> {
  const value = await store.readKey(incidentCommentKey(leaderId), new Date().toISOString());
  return value === undefined ? undefined : (JSON.parse(value) as IncidentComment);
}

/**
 * The requests of the `limit` latest requests or groups made in a channel (a group's members
 * count once), newest first. Reads `limit` + 1 records first (no groups: done), and more only
 * while they hold no more than `limit` groups, so the last group kept is whole.
 */
export async function recentInChannel(
  store: Pick<RequestStore, 'listRecent'>,
  channelId: string,
  limit: number,
): Promise<readonly LockdownRequest[]> {
  for (let size = limit + 1; ; size *= 4) {
    const recent = await store.listRecent({ channelId, limit: size });
    const groups = new Set(recent.map((request) => request.group?.leaderId ?? request.id)).size;
    if (groups > limit || recent.length < size || size >= limit * MAX_TARGETS) {
      return firstGroups(recent, limit);
    }
  }
}
