/**
 * Asking for a lockdown: who may ask, how many requests one person may leave waiting, the target
 * looked up and checked (unknown, protected), the preflight of its plan, and the pending request
 * recorded with its audit event. Writes nothing to the directory.
 */
import { sameId } from './policy';
import type { LockdownRequest, Person, RequestOrigin } from './request';
import type { AuditEvent, RequestStore } from './request-store';
import {
  checkTarget,
  onPremisesOf,
  type TargetAsk,
  type TargetCheckDependencies,
} from './target-check';

/** What a new lockdown request needs. */
export interface LockdownAsk extends TargetAsk {
  readonly origin: RequestOrigin;
}

/** The answer to a lockdown request. */
export type AskResult =
  | { readonly kind: 'created'; readonly request: LockdownRequest }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  /** The requester may not ask, or the target is protected; nothing was recorded. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** An unlock with nothing to undo; nothing was recorded. */
  | { readonly kind: 'nothing-to-undo'; readonly reason: string };

/** What asking needs. */
export interface AskDependencies extends TargetCheckDependencies {
  readonly store: RequestStore;
  readonly approvalTtlMinutes: number;
  /** Pending requests one person may have at once; default 10. */
  readonly maxPendingPerPerson?: number;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Looks the target up and records a pending request. */
export async function askForLockdown(deps: AskDependencies, ask: LockdownAsk): Promise<AskResult> {
  const checked = await checkTarget(deps, ask, {
    beforeLookUp: async () => {
      const tooMany = await pendingLimitRefusal(deps, ask.requestedBy);
      return tooMany ? { kind: 'refused', reason: tooMany } : undefined;
    },
  });
  if (checked.kind !== 'checked') return checked;
  const { target } = checked;
  const request = newPendingRequest(deps, ask, {
    mode: ask.mode,
    ...(ask.options && ask.options.length > 0 ? { options: ask.options } : {}),
    ...onPremisesOf(deps, target),
    target,
    preflight: checked.preflight,
  });
  await deps.store.create(request, [requestedEvent(request)]);
  deps.logger.info(
    {
      requestId: request.id,
      target: request.target.userPrincipalName,
      targetId: request.target.id,
      mode: ask.mode,
      requestedBy: ask.requestedBy.id,
    },
    'lockdown requested',
  );
  return { kind: 'created', request };
}

/** What differs between a new lockdown and a new unlock. */
export type NewRequestFields = Pick<LockdownRequest, 'mode' | 'target' | 'preflight'> &
  Partial<Pick<LockdownRequest, 'kind' | 'options' | 'undo' | 'onPremises'>>;

/** A pending request asked by `ask.requestedBy` now, waiting for the approvals its target needs. */
export function newPendingRequest(
  deps: Pick<AskDependencies, 'policy' | 'approvalTtlMinutes' | 'now' | 'newId'>,
  ask: Pick<LockdownAsk, 'requestedBy' | 'origin'>,
  fields: NewRequestFields,
): LockdownRequest {
  const now = deps.now();
  return {
    id: deps.newId(),
    state: 'pending',
    ...fields,
    requiredApprovals: deps.policy.requiredApprovals(fields.target),
    approvals: [],
    requestedBy: ask.requestedBy,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.approvalTtlMinutes * 60_000).toISOString(),
    origin: ask.origin,
    steps: [],
  };
}

/** Why `person` may not ask for another request now (too many waiting), or `undefined`. */
export async function pendingLimitRefusal(
  deps: Pick<AskDependencies, 'store' | 'maxPendingPerPerson'>,
  person: Person,
): Promise<string | undefined> {
  const limit = deps.maxPendingPerPerson ?? 10;
  // The members of a group count once: they wait on one card.
  const mine = new Set(
    (await deps.store.listInStates(['pending']))
      .filter((request) => sameId(request.requestedBy.id, person.id))
      .map((request) => request.group?.leaderId ?? request.id),
  );
  if (mine.size < limit) return undefined;
  return `You already have ${mine.size} requests waiting for approval (the limit is ${limit}). Have them approved or cancelled, or wait for them to expire, then ask again.`;
}

/**
 * The `requested` audit event of a new request: its target, what it does (a lockdown's mode
 * and options, an unlock's lockdown), and its group and alert when it has them.
 */
export function requestedEvent(request: LockdownRequest): AuditEvent {
  const { alert, group } = request;
  return {
    at: request.requestedAt,
    requestId: request.id,
    type: 'requested',
    actor: request.requestedBy,
    data: {
      target: request.target.userPrincipalName,
      targetId: request.target.id,
      ...(request.kind === 'unlock'
        ? { kind: 'unlock', lockdownId: request.undo?.lockdownId }
        : { mode: request.mode }),
      ...(request.options ? { options: request.options } : {}),
      ...(group ? { groupLeader: group.leaderId, groupSize: group.memberIds.length } : {}),
      ...(alert
        ? {
            alert: {
              title: alert.title,
              ...(alert.source ? { source: alert.source } : {}),
              ...(alert.incidentId ? { incidentId: alert.incidentId } : {}),
            },
          }
        : {}),
    },
  };
}
