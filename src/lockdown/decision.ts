/**
 * What every decision on a card (approve, cancel) shares: where the click must come from, the
 * answers it can get, and the check that the request is still pending and unexpired.
 */
import type { Logger } from 'pino';
import { followLeader } from './follow-leader';
import { isLeader } from './group';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest } from './request';
import type { RequestStore } from './request-store';

/** Where a card action comes from; it must match the request's origin. */
export interface ActionSource {
  readonly tenantId: string;
  readonly conversationId: string;
}

/** The answer to a decision (approve or cancel). */
export type DecisionResult =
  | { readonly kind: 'approved'; readonly request: LockdownRequest }
  /** A first approval of a request that needs two. */
  | { readonly kind: 'awaiting-approval'; readonly request: LockdownRequest }
  | { readonly kind: 'cancelled'; readonly request: LockdownRequest }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'not-pending'; readonly request: LockdownRequest }
  | { readonly kind: 'expired'; readonly request: LockdownRequest }
  | { readonly kind: 'refused'; readonly reason: string; readonly request: LockdownRequest };

/** What the pending check needs. */
export interface DecisionDependencies {
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** The request, when it is still open to a decision; otherwise the answer to give. */
export type PendingCheck =
  | { readonly kind: 'pending'; readonly request: LockdownRequest }
  | { readonly kind: 'stop'; readonly result: DecisionResult };

/**
 * Loads the request a card action names and checks it may still be decided: it exists, the
 * action comes from its conversation, it is pending, and it has not expired (an expired one is
 * marked so on the spot, and its card edited).
 */
export async function pendingRequest(
  deps: DecisionDependencies,
  requestId: string,
  source: ActionSource,
): Promise<PendingCheck> {
  const request = await deps.store.get(requestId);
  if (!request) return { kind: 'stop', result: { kind: 'unknown' } };
  if (!isLeader(request)) {
    // Only the leader's card has buttons: an action naming another member is forged or stale.
    deps.logger.warn(
      { requestId, leaderId: request.group?.leaderId },
      'card action on a group member',
    );
    return { kind: 'stop', result: { kind: 'unknown' } };
  }
  if (!sameOrigin(request, source)) {
    deps.logger.warn({ requestId, source }, 'card action from another conversation');
    return { kind: 'stop', result: { kind: 'foreign' } };
  }
  if (request.state !== 'pending') {
    return { kind: 'stop', result: { kind: 'not-pending', request } };
  }
  if (Date.parse(request.expiresAt) <= deps.now().getTime()) {
    const at = deps.now().toISOString();
    const expired = await deps.store.transition(
      requestId,
      ['pending'],
      { state: 'expired', decidedAt: at },
      {},
      [{ at, requestId, type: 'expired' }],
    );
    if (expired) {
      await followLeader(deps, expired);
      deps.listener.onChange(expired);
    }
    return { kind: 'stop', result: { kind: 'expired', request: expired ?? request } };
  }
  return { kind: 'pending', request };
}

/** Card actions must come from the conversation (and tenant) the request was made in. */
export function sameOrigin(request: LockdownRequest, source: ActionSource): boolean {
  return (
    request.origin.tenantId === source.tenantId &&
    request.origin.conversationId === source.conversationId
  );
}

/** The request as it now stands, after a decision lost its compare-and-set. */
export async function currentResult(
  store: RequestStore,
  requestId: string,
): Promise<DecisionResult> {
  const current = await store.get(requestId);
  return current ? { kind: 'not-pending', request: current } : { kind: 'unknown' };
}
