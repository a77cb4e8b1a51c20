/**
 * The use cases: ask for a lockdown, approve it, cancel it, resume interrupted ones.
 * Every decision is one compare-and-set in the store, so a double click or a second instance
 * can never run the pipeline twice.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Directory } from './directory';
import { runPipeline } from './pipeline';
import { approvalRefusal, toTargetProfile } from './policy';
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
  readonly allowSelfApproval: boolean;
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
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string };

/** Where a card action comes from; it must match the request's origin. */
export interface ActionSource {
  readonly tenantId: string;
  readonly conversationId: string;
}

/** The answer to a decision (approve or cancel). */
export type DecisionResult =
  | { readonly kind: 'approved'; readonly request: LockdownRequest }
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

  constructor(private readonly options: LockdownServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /** Looks the target up and records a pending request. Writes nothing to the directory. */
  async request(ask: LockdownAsk): Promise<AskResult> {
    const user = await this.options.directory.findUser(ask.userPrincipalName);
    if (!user) {
      return { kind: 'unknown-user', userPrincipalName: ask.userPrincipalName };
    }
    const now = this.now();
    const request: LockdownRequest = {
      id: this.newId(),
      state: 'pending',
      mode: ask.mode,
      target: toTargetProfile(user),
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
    const refusal = approvalRefusal(request.requestedBy, approver, {
      allowSelfApproval: this.options.allowSelfApproval,
    });
    if (refusal) {
      this.options.logger.warn({ requestId, approver: approver.id }, 'approval refused');
      return { kind: 'refused', reason: refusal, request };
    }
    const decidedAt = this.now().toISOString();
    const approved = await this.options.store.transition(requestId, ['pending'], {
      state: 'approved',
      decidedBy: approver,
      decidedAt,
    });
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

  /** Waits for every pipeline started by this instance to finish. */
  async drain(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  private startPipeline(request: LockdownRequest): void {
    const run = runPipeline(request, { ...this.options, now: this.now })
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
    if (
      request.origin.tenantId !== source.tenantId ||
      request.origin.conversationId !== source.conversationId
    ) {
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
