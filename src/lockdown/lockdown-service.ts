/**
 * The use cases: ask for a lockdown, approve it, cancel it, resume interrupted ones.
 * Every decision is one compare-and-set in the store, so a double click or a second instance
 * can never run the pipeline twice.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Directory } from './directory';
import { runPipeline } from './pipeline';
import type { AccessPolicy } from './policy';
import type { ProgressListener } from './progress-listener';
import type { LockdownMode, LockdownRequest, Person, RequestOrigin } from './request';
import type { RequestStore } from './request-store';

/** Settings of the service. */
export interface LockdownServiceOptions {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly generatePassword: () => string;
  readonly approvalTtlMinutes: number;
  readonly policy: AccessPolicy;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** What a new lockdown request needs. */
export interface LockdownAsk {
  readonly userPrincipalName: string;
  readonly mode: LockdownMode;
  readonly requestedBy: Person;
  readonly origin: RequestOrigin;
}

/** The answer to {@link LockdownService.request}. */
export type AskResult =
  | { readonly kind: 'created'; readonly request: LockdownRequest }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  /** The requester may not ask, or the target is protected; nothing was recorded. */
  | { readonly kind: 'refused'; readonly reason: string };

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

/** The lockdown use cases. */
export class LockdownService {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly options: LockdownServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /** Looks the target up and records a pending request. Writes nothing to the directory. */
  async request(ask: LockdownAsk): Promise<AskResult> {
    const { policy, logger } = this.options;
    const notAllowed = await policy.requesterRefusal(ask.requestedBy);
    if (notAllowed) {
      logger.warn({ requestedBy: ask.requestedBy.id }, 'lockdown request refused: not a requester');
      return { kind: 'refused', reason: notAllowed };
    }
    const user = await this.options.directory.findUser(ask.userPrincipalName);
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
    const now = this.now();
    const request: LockdownRequest = {
      id: this.newId(),
      state: 'pending',
      mode: ask.mode,
      target,
      requiredApprovals: policy.requiredApprovals(target),
      approvals: [],
      requestedBy: ask.requestedBy,
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.options.approvalTtlMinutes * 60_000).toISOString(),
      origin: ask.origin,
      steps: [],
    };
    await this.options.store.create(request);
    await this.options.store.appendAudit({
      at: request.requestedAt,
      requestId: request.id,
      type: 'requested',
      actor: ask.requestedBy,
      data: {
        target: request.target.userPrincipalName,
        targetId: request.target.id,
        mode: ask.mode,
      },
    });
    this.options.logger.info(
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

  /** Who may approve, for per-person card views; see {@link AccessPolicy.approverCandidates}. */
  approverCandidates(): Promise<readonly string[] | undefined> {
    return this.options.policy.approverCandidates();
  }

  /** The latest request for a target (any state), for `/lockdown status`. */
  async latestFor(userPrincipalName: string): Promise<LockdownRequest | undefined> {
    const [latest] = await this.options.store.listRecent({
      targetUpn: userPrincipalName,
      limit: 1,
    });
    return latest;
  }

  /** The most recent requests made in a channel, newest first, for `/lockdown history`. */
  async recentIn(channelId: string, limit = 20): Promise<readonly LockdownRequest[]> {
    return this.options.store.listRecent({ channelId, limit });
  }

  /** Remembers the message that carries the request's card, so it can be edited later. */
  async attachCard(requestId: string, activityId: string): Promise<void> {
    await this.options.store.setCardActivityId(requestId, activityId);
  }

  /** Approves a pending request and starts its pipeline in the background. */
  async approve(
    requestId: string,
    approver: Person,
    source: ActionSource,
  ): Promise<DecisionResult> {
    const checked = await this.pendingRequest(requestId, source);
    if (checked.kind !== 'pending') return checked.result;
    const request = checked.request;
    if (this.stopping) {
      return {
        kind: 'refused',
        reason: 'The bot is restarting; please click Confirm again in a minute.',
        request,
      };
    }
    const refusal = await this.options.policy.approverRefusal(request, approver);
    if (refusal) {
      this.options.logger.warn({ requestId, approver: approver.id, refusal }, 'approval refused');
      return { kind: 'refused', reason: refusal, request };
    }
    const decidedAt = this.now().toISOString();
    const earlier = request.approvals ?? [];
    const approvals = [...earlier, { by: approver, at: decidedAt }];
    if (approvals.length < (request.requiredApprovals ?? 1)) {
      // The count guard makes two simultaneous "first" approvals impossible.
      const recorded = await this.options.store.transition(
        requestId,
        ['pending'],
        { state: 'pending', approvals },
        { approvalCount: earlier.length },
      );
      if (!recorded) return this.lostRace(requestId);
      await this.options.store.appendAudit({
        at: decidedAt,
        requestId,
        type: 'approval-recorded',
        actor: approver,
        data: { approvals: approvals.length, required: request.requiredApprovals },
      });
      this.options.logger.info({ requestId, approvedBy: approver.id }, 'first approval recorded');
      this.options.listener.onChange(recorded);
      return { kind: 'awaiting-approval', request: recorded };
    }
    const approved = await this.options.store.transition(
      requestId,
      ['pending'],
      { state: 'approved', decidedBy: approver, decidedAt, approvals },
      { approvalCount: earlier.length },
    );
    if (!approved) return this.lostRace(requestId);
    await this.options.store.appendAudit({
      at: decidedAt,
      requestId,
      type: 'approved',
      actor: approver,
    });
    this.options.logger.info({ requestId, approvedBy: approver.id }, 'lockdown approved');
    this.options.listener.onChange(approved);
    this.startPipeline(approved);
    return { kind: 'approved', request: approved };
  }

  /**
   * A request as `viewer` may see it, with why they may not approve it (if so). Used to give each
   * person their own view of a pending card.
   */
  async viewFor(
    requestId: string,
    viewer: Person,
    source: ActionSource,
  ): Promise<
    | { readonly kind: 'view'; readonly request: LockdownRequest; readonly refusal?: string }
    | { readonly kind: 'unknown' }
    | { readonly kind: 'foreign' }
  > {
    const request = await this.options.store.get(requestId);
    if (!request) return { kind: 'unknown' };
    if (!sameOrigin(request, source)) return { kind: 'foreign' };
    if (request.state !== 'pending') return { kind: 'view', request };
    const refusal = await this.options.policy.approverRefusal(request, viewer);
    return refusal ? { kind: 'view', request, refusal } : { kind: 'view', request };
  }

  /** Cancels a pending request; nothing is written to the directory. */
  async cancel(requestId: string, actor: Person, source: ActionSource): Promise<DecisionResult> {
    const checked = await this.pendingRequest(requestId, source);
    if (checked.kind !== 'pending') return checked.result;
    const decidedAt = this.now().toISOString();
    const cancelled = await this.options.store.transition(requestId, ['pending'], {
      state: 'cancelled',
      decidedBy: actor,
      decidedAt,
    });
    if (!cancelled) return this.lostRace(requestId);
    await this.options.store.appendAudit({ at: decidedAt, requestId, type: 'cancelled', actor });
    this.options.logger.info({ requestId, cancelledBy: actor.id }, 'lockdown cancelled');
    this.options.listener.onChange(cancelled);
    return { kind: 'cancelled', request: cancelled };
  }

  /** Resumes requests that were approved or running when the process last stopped. */
  async resumeInterrupted(): Promise<number> {
    const interrupted = await this.options.store.listInStates(['approved', 'running']);
    for (const request of interrupted) {
      this.options.logger.warn(
        { requestId: request.id, state: request.state },
        'resuming interrupted lockdown',
      );
      this.startPipeline(request);
    }
    return interrupted.length;
  }

  /**
   * Stops taking decisions and asks running pipelines to stop at their next stage boundary
   * (their requests stay `running` and resume at the next start); resolves when they have.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.drain();
  }

  /**
   * Marks pending requests past their time to live as expired (and tells the listener, so their
   * cards say so). Returns how many it expired.
   */
  async expireStale(): Promise<number> {
    const now = this.now();
    let expired = 0;
    for (const request of await this.options.store.listInStates(['pending'])) {
      if (Date.parse(request.expiresAt) > now.getTime()) continue;
      const moved = await this.options.store.transition(request.id, ['pending'], {
        state: 'expired',
        decidedAt: now.toISOString(),
      });
      if (!moved) continue;
      expired++;
      await this.options.store.appendAudit({
        at: now.toISOString(),
        requestId: request.id,
        type: 'expired',
      });
      this.options.logger.info({ requestId: request.id }, 'lockdown request expired');
      this.options.listener.onChange(moved);
    }
    return expired;
  }

  /** Waits for every pipeline started by this instance to finish. */
  async drain(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  private startPipeline(request: LockdownRequest): void {
    const run = runPipeline(request, {
      ...this.options,
      now: this.now,
      shouldStop: () => this.stopping,
    })
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, requestId: request.id }, 'pipeline crashed');
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async pendingRequest(
    requestId: string,
    source: ActionSource,
  ): Promise<
    | { readonly kind: 'pending'; readonly request: LockdownRequest }
    | { readonly kind: 'stop'; readonly result: DecisionResult }
  > {
    const request = await this.options.store.get(requestId);
    if (!request) return { kind: 'stop', result: { kind: 'unknown' } };
    if (!sameOrigin(request, source)) {
      this.options.logger.warn({ requestId, source }, 'card action from another conversation');
      return { kind: 'stop', result: { kind: 'foreign' } };
    }
    if (request.state !== 'pending') {
      return { kind: 'stop', result: { kind: 'not-pending', request } };
    }
    if (Date.parse(request.expiresAt) <= this.now().getTime()) {
      const expired = await this.options.store.transition(requestId, ['pending'], {
        state: 'expired',
      });
      if (expired) {
        await this.options.store.appendAudit({
          at: this.now().toISOString(),
          requestId,
          type: 'expired',
        });
        this.options.listener.onChange(expired);
      }
      return { kind: 'stop', result: { kind: 'expired', request: expired ?? request } };
    }
    return { kind: 'pending', request };
  }

  private async lostRace(requestId: string): Promise<DecisionResult> {
    const current = await this.options.store.get(requestId);
    return current ? { kind: 'not-pending', request: current } : { kind: 'unknown' };
  }
}

/** Card actions must come from the conversation (and tenant) the request was made in. */
function sameOrigin(request: LockdownRequest, source: ActionSource): boolean {
  return (
    request.origin.tenantId === source.tenantId &&
    request.origin.conversationId === source.conversationId
  );
}
