/**
 * Asking for a lockdown of several accounts at once: each target is looked up and checked as a
 * single request's would be; unknown and protected ones are left out with the reason; the rest
 * become one group of pending requests (one card, one approval: see `RequestGroup`). Writes
 * nothing to the directory.
 */
import { newPendingRequest, pendingLimitRefusal, type AskDependencies } from './ask';
import type { GroupView } from './group';
import type {
  AlertOrigin,
  DirectoryFailure,
  LeftOut,
  LockdownMode,
  LockdownRequest,
  Person,
  RequestOrigin,
} from './request';
import { DirectoryError } from './directory';
import { checkTarget, onPremisesOf, type TargetCheck } from './target-check';
import type { LockdownOption } from './options';

/** What a lockdown of several accounts needs. */
export interface GroupAsk {
  /** The accounts (UPNs or object ids), each once, already checked for syntax. */
  readonly targets: readonly string[];
  readonly mode: LockdownMode;
  readonly options?: readonly LockdownOption[];
  readonly requestedBy: Person;
  readonly origin: RequestOrigin;
  /** The alert the request comes from. */
  readonly alert?: AlertOrigin;
  /**
   * The requester was authenticated and authorised elsewhere (an alert's calling app): the
   * requester lists and the per-person pending limit do not apply.
   */
  readonly trustedRequester?: boolean;
  /** The leader's request id, when the caller needs to know it beforehand (an alert's key). */
  readonly leaderId?: string;
}

/** The answer to a lockdown of several accounts. */
export type GroupAskResult =
  | { readonly kind: 'created'; readonly view: GroupView }
  /** Every account was left out: nothing was recorded. */
  | { readonly kind: 'nothing-left'; readonly leftOut: readonly LeftOut[] }
  /** The requester may not ask (or has too many requests waiting): nothing was recorded. */
  | { readonly kind: 'refused'; readonly reason: string };

/** How many look-ups run at once: each is one `$batch`, so this bounds the burst on Graph. */
const LOOK_UP_CONCURRENCY = 10;

/** Looks every target up and records one group of pending requests. */
export async function askForGroup(deps: AskDependencies, ask: GroupAsk): Promise<GroupAskResult> {
  if (!ask.trustedRequester) {
    const refusal =
      (await deps.policy.requesterRefusal(ask.requestedBy)) ??
      (await pendingLimitRefusal(deps, ask.requestedBy));
    if (refusal) {
      deps.logger.warn({ requestedBy: ask.requestedBy.id }, 'group request refused');
      return { kind: 'refused', reason: refusal };
    }
  }
  const checks = await inBatches(ask.targets, LOOK_UP_CONCURRENCY, (userPrincipalName) =>
    checkOrFailure(
      deps,
      {
        userPrincipalName,
        mode: ask.mode,
        ...(ask.options ? { options: ask.options } : {}),
        requestedBy: ask.requestedBy,
      },
      { requesterChecked: true },
    ),
  );
  const leftOut: LeftOut[] = [];
  const checked: Extract<TargetCheck, { kind: 'checked' }>[] = [];
  // One target's failed look-up leaves that target out, not the others.
  checks.forEach((check, index) => {
    const asked = ask.targets[index] as string;
    if (check.kind === 'checked') checked.push(check);
    else leftOut.push(leftOutOf(asked, check));
  });
  if (checked.length === 0) return { kind: 'nothing-left', leftOut };

  const ids = checked.map((_, index) =>
    index === 0 && ask.leaderId ? ask.leaderId : deps.newId(),
  );
  const leaderId = ids[0] as string;
  const group = { leaderId, memberIds: ids, leftOut };
  const drafts = checked.map((check, index) => ({
    ...newPendingRequest(deps, ask, {
      mode: ask.mode,
      ...(ask.options && ask.options.length > 0 ? { options: ask.options } : {}),
      ...onPremisesOf(deps, check.target),
      target: check.target,
      preflight: check.preflight,
    }),
    id: ids[index] as string,
  }));
  // A privileged target anywhere makes the whole group need two approvers.
  const requiredApprovals = Math.max(...drafts.map((draft) => draft.requiredApprovals ?? 1));
  // One account typed is a request of its own; an alert's request is always a group, whose
  // card carries the alert and the comment on its incident.
  const single = ask.targets.length === 1 && !ask.alert;
  const members: LockdownRequest[] = drafts.map((draft) => ({
    ...draft,
    requiredApprovals,
    ...(single ? {} : { group }),
    ...(ask.alert ? { alert: ask.alert } : {}),
  }));
  // The leader last: a group whose creation was cut short has no leader, so nobody can approve it.
  for (const member of [...members.slice(1), members[0] as LockdownRequest]) {
    await deps.store.create(member, [requestedEvent(member, ask, members.length)]);
  }
  deps.logger.info(
    {
      requestId: leaderId,
      members: members.map((member) => member.target.userPrincipalName),
      leftOut: leftOut.length,
      requiredApprovals,
      requestedBy: ask.requestedBy.id,
    },
    'lockdown of several accounts requested',
  );
  const leader = members[0] as LockdownRequest;
  return { kind: 'created', view: { leader, members, leftOut } };
}

/** The `requested` audit event of one member. */
function requestedEvent(member: LockdownRequest, ask: GroupAsk, size: number) {
  return {
    at: member.requestedAt,
    requestId: member.id,
    type: 'requested',
    actor: ask.requestedBy,
    data: {
      target: member.target.userPrincipalName,
      targetId: member.target.id,
      mode: ask.mode,
      ...(member.options ? { options: member.options } : {}),
      groupLeader: member.group?.leaderId,
      groupSize: size,
      ...(ask.alert ? { alert: alertAudit(ask.alert) } : {}),
    },
  };
}

/** What the audit trail keeps of an alert. */
function alertAudit(alert: AlertOrigin): Readonly<Record<string, string>> {
  return {
    title: alert.title,
    ...(alert.source ? { source: alert.source } : {}),
    ...(alert.incidentId ? { incidentId: alert.incidentId } : {}),
  };
}

/** A look-up the directory did not answer. */
interface LookUpFailure {
  readonly kind: 'lookup-failed';
  readonly failure: DirectoryFailure;
}

/** {@link checkTarget}, with the directory's refusal of the look-up as an answer. */
async function checkOrFailure(
  ...args: Parameters<typeof checkTarget>
): Promise<TargetCheck | LookUpFailure> {
  try {
    return await checkTarget(...args);
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return { kind: 'lookup-failed', failure: error.failure };
  }
}

/** Why an account was left out. */
function leftOutOf(
  asked: string,
  check: Exclude<TargetCheck, { kind: 'checked' }> | LookUpFailure,
): LeftOut {
  if (check.kind === 'lookup-failed') {
    const { failure } = check;
    const requestId = failure.requestId ? `, request-id ${failure.requestId}` : '';
    return {
      userPrincipalName: asked,
      kind: 'lookup-failed',
      reason: `Could not look it up: ${failure.message} (${failure.code}, ${failure.status}${requestId}).`,
    };
  }
  if (check.kind === 'unknown-user') {
    return { userPrincipalName: asked, kind: 'unknown-user', reason: 'No such user.' };
  }
  return { userPrincipalName: asked, kind: 'refused', reason: check.reason };
}

/** Maps `items` through `work`, at most `limit` at a time, keeping their order. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
