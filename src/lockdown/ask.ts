/**
 * Asking for a lockdown: who may ask, how many requests one person may leave waiting, the target
 * looked up and checked (unknown, protected), the preflight of its plan, and the pending request
 * recorded with its audit event. Writes nothing to the directory.
 */
import type { Logger } from 'pino';
import type { Directory, GrantsReader } from './directory';
import { type AccessPolicy, sameId } from './policy';
import { preflight } from './preflight';
import { readGrants } from './preview';
import type { LockdownMode, LockdownRequest, Person, RequestOrigin } from './request';
import type { RequestStore } from './request-store';

/** What a new lockdown request needs. */
export interface LockdownAsk {
  readonly userPrincipalName: string;
  readonly mode: LockdownMode;
  readonly requestedBy: Person;
  readonly origin: RequestOrigin;
}

/** The answer to a lockdown request. */
export type AskResult =
  | { readonly kind: 'created'; readonly request: LockdownRequest }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  /** The requester may not ask, or the target is protected; nothing was recorded. */
  | { readonly kind: 'refused'; readonly reason: string };

/** What asking needs. */
export interface AskDependencies {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly policy: AccessPolicy;
  readonly logger: Logger;
  readonly grants?: GrantsReader;
  readonly approvalTtlMinutes: number;
  /** Pending requests one person may have at once; default 10. */
  readonly maxPendingPerPerson?: number;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Looks the target up and records a pending request. */
export async function askForLockdown(deps: AskDependencies, ask: LockdownAsk): Promise<AskResult> {
  const { policy, logger } = deps;
  const notAllowed = await policy.requesterRefusal(ask.requestedBy);
  if (notAllowed) {
    logger.warn({ requestedBy: ask.requestedBy.id }, 'lockdown request refused: not a requester');
    return { kind: 'refused', reason: notAllowed };
  }
  const tooMany = await pendingLimitRefusal(deps, ask.requestedBy);
  if (tooMany) {
    logger.warn({ requestedBy: ask.requestedBy.id }, 'lockdown request refused: pending limit');
    return { kind: 'refused', reason: tooMany };
  }
  const user = await deps.directory.findUser(ask.userPrincipalName);
  if (!user) {
    return { kind: 'unknown-user', userPrincipalName: ask.userPrincipalName };
  }
  const protection = policy.protection(user);
  if (protection) {
    logger.warn(
      { requestedBy: ask.requestedBy.id, target: user.userPrincipalName, targetId: user.id },
      'lockdown request refused: protected target',
    );
    return { kind: 'refused', reason: protection };
  }
  const target = policy.toTargetProfile(user);
  const checked = preflight(ask.mode, target, await readGrants(deps.grants, deps.logger));
  const now = deps.now();
  const request: LockdownRequest = {
    id: deps.newId(),
    state: 'pending',
    mode: ask.mode,
    target,
    requiredApprovals: policy.requiredApprovals(target),
    approvals: [],
    requestedBy: ask.requestedBy,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.approvalTtlMinutes * 60_000).toISOString(),
    origin: ask.origin,
    steps: [],
    preflight: checked,
  };
  await deps.store.create(request, [
    {
      at: request.requestedAt,
      requestId: request.id,
      type: 'requested',
      actor: ask.requestedBy,
      data: {
        target: request.target.userPrincipalName,
        targetId: request.target.id,
        mode: ask.mode,
      },
    },
  ]);
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

/** Why `person` may not ask for another lockdown now (too many waiting), or `undefined`. */
async function pendingLimitRefusal(
  deps: AskDependencies,
  person: Person,
): Promise<string | undefined> {
  const limit = deps.maxPendingPerPerson ?? 10;
  const mine = (await deps.store.listInStates(['pending'])).filter((request) =>
    sameId(request.requestedBy.id, person.id),
  );
  if (mine.length < limit) return undefined;
  return `You already have ${mine.length} lockdown requests waiting for approval (the limit is ${limit}). Have them approved or cancelled, or wait for them to expire, then ask again.`;
}
