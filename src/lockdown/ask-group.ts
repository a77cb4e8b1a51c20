/**
 * Asking for a lockdown of several accounts at once: each target is looked up and checked as a
 * single request's would be; unknown and protected ones are left out with the reason; the rest
 * become one group of pending requests (one card, one approval: see `RequestGroup`). Writes
 * nothing to the directory.
 */
import {
  type AskDependencies,
  newPendingRequest,
  type NewRequestFields,
  pendingLimitRefusal,
  requestedEvent,
} from './ask';
import { checkUnlock } from './ask-unlock';
import { mapWithConcurrency } from './concurrency';
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
  /** A lockdown (default) or an unlock of each target's latest finished lockdown. */
  readonly kind?: 'lockdown' | 'unlock';
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
  const drafts = await mapWithConcurrency(ask.targets, LOOK_UP_CONCURRENCY, (userPrincipalName) =>
    draftMember(deps, ask, userPrincipalName).catch((error: unknown) => {
      // One target's failed look-up leaves that target out, not the others.
      if (!(error instanceof DirectoryError)) throw error;
      return {
        kind: 'left-out' as const,
        leftOut: lookUpFailure(userPrincipalName, error.failure),
      };
    }),
  );
  const leftOut: LeftOut[] = [];
  const checked: NewRequestFields[] = [];
  for (const draft of drafts) {
    if (draft.kind === 'drafted') checked.push(draft.fields);
    else leftOut.push(draft.leftOut);
  }
  if (checked.length === 0) return { kind: 'nothing-left', leftOut };

  const ids = checked.map((_, index) =>
    index === 0 && ask.leaderId ? ask.leaderId : deps.newId(),
  );
  const leaderId = ids[0] as string;
  const group = { leaderId, memberIds: ids, leftOut };
  const pending = checked.map((fields, index) => ({
    ...newPendingRequest(deps, ask, fields),
    id: ids[index] as string,
  }));
  // A privileged target anywhere makes the whole group need two approvers.
  const requiredApprovals = Math.max(...pending.map((draft) => draft.requiredApprovals ?? 1));
  // One account typed is a request of its own; an alert's request is always a group, whose
  // card carries the alert and the comment on its incident.
  const single = ask.targets.length === 1 && !ask.alert;
  const members: LockdownRequest[] = pending.map((draft) => ({
    ...draft,
    requiredApprovals,
    ...(single ? {} : { group }),
    ...(ask.alert ? { alert: ask.alert } : {}),
  }));
  // The leader last: a group whose creation was cut short has no leader, so nobody can approve it.
  for (const member of [...members.slice(1), members[0] as LockdownRequest]) {
    await deps.store.create(member, [requestedEvent(member)]);
  }
  deps.logger.info(
    {
      requestId: leaderId,
      members: members.map((member) => member.target.userPrincipalName),
      leftOut: leftOut.length,
      requiredApprovals,
      requestedBy: ask.requestedBy.id,
    },
    `${ask.kind ?? 'lockdown'} of several accounts requested`,
  );
  const leader = members[0] as LockdownRequest;
  return { kind: 'created', view: { leader, members, leftOut } };
}

/** One target checked and drafted as a member, or why it is left out. */
type Draft =
  | { readonly kind: 'drafted'; readonly fields: NewRequestFields }
  | { readonly kind: 'left-out'; readonly leftOut: LeftOut };

/** Checks one target as a single request of the group's kind would be. */
async function draftMember(
  deps: AskDependencies,
  ask: GroupAsk,
  userPrincipalName: string,
): Promise<Draft> {
  const requestedBy = ask.requestedBy;
  if (ask.kind === 'unlock') {
    const unlock = await checkUnlock(
      deps,
      { userPrincipalName, requestedBy },
      { limitPending: false, requesterChecked: true },
    );
    if (unlock.kind !== 'unlockable') return leftOutBecause(userPrincipalName, unlock.answer);
    const { target, preflight } = unlock.checked;
    return {
      kind: 'drafted',
      fields: { kind: 'unlock', mode: unlock.mode, target, preflight, undo: unlock.plan },
    };
  }
  const check = await checkTarget(
    deps,
    {
      userPrincipalName,
      mode: ask.mode,
      ...(ask.options ? { options: ask.options } : {}),
      requestedBy,
    },
    { requesterChecked: true },
  );
  if (check.kind !== 'checked') return leftOutBecause(userPrincipalName, check);
  return {
    kind: 'drafted',
    fields: {
      mode: ask.mode,
      ...(ask.options && ask.options.length > 0 ? { options: ask.options } : {}),
      ...onPremisesOf(deps, check.target),
      target: check.target,
      preflight: check.preflight,
    },
  };
}

/** Why a target was left out, from its check's answer. */
function leftOutBecause(asked: string, check: Exclude<TargetCheck, { kind: 'checked' }>): Draft {
  const leftOut: LeftOut =
    check.kind === 'unknown-user'
      ? { userPrincipalName: asked, kind: 'unknown-user', reason: 'No such user.' }
      : { userPrincipalName: asked, kind: 'refused', reason: check.reason };
  return { kind: 'left-out', leftOut };
}

/** A target whose look-up the directory did not answer. */
function lookUpFailure(asked: string, failure: DirectoryFailure): LeftOut {
  const requestId = failure.requestId ? `, request-id ${failure.requestId}` : '';
  return {
    userPrincipalName: asked,
    kind: 'lookup-failed',
    reason: `Could not look it up: ${failure.message} (${failure.code}, ${failure.status}${requestId}).`,
  };
}
