/**
 * When the last member of a group finishes, the group is told once: whichever runner finishes
 * a member looks at the whole group, and the first to see it all finished claims the group's
 * end with a conditional write, so two instances never post two verdicts.
 */
import type { Logger } from 'pino';
import { groupFinished, type GroupView } from './group';
import type { Directory } from './directory';
import { incidentCommentKey, loadGroup } from './group-store';
import { incidentCommentText } from './incident-comment';
import type { ProgressListener } from './progress-listener';
import { FINAL_STATES, type IncidentComment, type LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** What finishing a group needs. */
export interface FinishGroupDependencies {
  readonly store: RequestStore;
  readonly directory: Pick<Directory, 'commentOnIncident'>;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** How long the claim of a group's end is kept (long after any member could still finish). */
const GROUP_END_MEMORY_MS = 7 * 24 * 60 * 60_000;

/**
 * After `member` finished: tells the listener about its group (so the group's card shows it)
 * and, when every member has finished and nobody claimed the group's end before, that the group
 * finished. Answers the group when this call claimed its end.
 */
export async function finishGroupMember(
  deps: FinishGroupDependencies,
  member: LockdownRequest,
): Promise<GroupView | undefined> {
  // Every member's end comes here: read the others a few at a time and stop at one still open,
  // rather than the whole group each time.
  if (!(await othersFinished(deps.store, member))) return undefined;
  const view = await loadGroup(deps.store, member);
  if (!view || !groupFinished(view.members)) return undefined;
  if (view.members.length < (member.group?.memberIds.length ?? 0)) return undefined;
  const now = deps.now();
  const first = await deps.store.rememberMessage(
    `group-finished:${view.leader.id}`,
    new Date(now.getTime() + GROUP_END_MEMORY_MS).toISOString(),
    now.toISOString(),
  );
  if (!first) return undefined;
  deps.logger.info(
    { requestId: view.leader.id, members: view.members.length },
    'every member of the group finished',
  );
  const finished = await commentOnIncident(deps, view);
  deps.listener.onGroupFinished?.(finished);
  return finished;
}

/**
 * Adds the group's end to its alert's incident, when it names one, and records how that went;
 * a failed comment is shown on the card and never fails the lockdown.
 */
async function commentOnIncident(
  deps: FinishGroupDependencies,
  view: GroupView,
): Promise<GroupView> {
  const incidentId = view.leader.alert?.incidentId;
  if (!incidentId) return view;
  const at = deps.now().toISOString();
  let comment: IncidentComment;
  try {
    const result = await deps.directory.commentOnIncident(incidentId, incidentCommentText(view));
    comment = result.ok
      ? { status: 'done', at }
      : { status: 'failed', at, failure: result.failure };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    comment = { status: 'failed', at, failure: { status: 0, code: 'Error', message } };
  }
  deps.logger[comment.status === 'done' ? 'info' : 'warn'](
    { requestId: view.leader.id, incidentId, failure: comment.failure },
    comment.status === 'done' ? 'incident comment added' : 'incident comment failed',
  );
  try {
    await deps.store.putKey(incidentCommentKey(view.leader.id), JSON.stringify(comment));
    await deps.store.appendAudit({
      at,
      requestId: view.leader.id,
      type: 'incident-comment',
      data: {
        incidentId,
        status: comment.status,
        ...(comment.failure ? { failure: comment.failure } : {}),
      },
    });
  } catch (error) {
    deps.logger.warn(
      { err: error, requestId: view.leader.id },
      'could not record the incident comment',
    );
  }
  return { ...view, incidentComment: comment };
}

/** How many members are read at once while looking for one still open. */
const CHECK_BATCH = 10;

/** True when every other member of `member`'s group is on record and finished. */
async function othersFinished(
  store: Pick<RequestStore, 'get'>,
  member: LockdownRequest,
): Promise<boolean> {
  const others = (member.group?.memberIds ?? []).filter((id) => id !== member.id);
  for (let start = 0; start < others.length; start += CHECK_BATCH) {
    const read = await Promise.all(
      others.slice(start, start + CHECK_BATCH).map((id) => store.get(id)),
    );
    if (!read.every((other) => other !== undefined && FINAL_STATES.includes(other.state))) {
      return false;
    }
  }
  return true;
}
