/**
 * The decisions: ask for a lockdown, approve it, cancel it, expire it. Every decision is one
 * compare-and-set in the store (with its audit event), so a double click or a second instance
 * can never decide twice; running an approved request is the runner's job.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Directory, GrantsReader } from './directory';
import { approveRequest } from './approve';
import { describeConsents, describeFoothold } from './describe-consents';
import { type AlertClaim, alertKey, claimAlert } from './alert-claim';
import { expireStale } from './expire';
import { followLeader } from './follow-leader';
import { askForGroup, type GroupAsk, type GroupAskResult } from './ask-group';
import { loadGroup, recentInChannel } from './group-store';
import type { GroupView } from './group';
import type { Foothold } from './foothold';
import { type AskResult, askForLockdown, type LockdownAsk } from './ask';
import { askForUnlock, previewUnlock, type UnlockAsk } from './ask-unlock';
import { type PreviewResult, previewLockdown } from './preview';
import type { AccessPolicy } from './policy';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest, Person } from './request';
import type { RequestStore } from './request-store';
import {
  type ActionSource,
  type DecisionDependencies,
  type DecisionResult,
  currentResult,
  pendingRequest,
  sameOrigin,
} from './decision';

/** Starts running an approved request (the runner). */
export interface LockdownStarter {
  run(requestId: string): void;
}

/** Settings of the service. */
export interface LockdownServiceOptions {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly approvalTtlMinutes: number;
  readonly policy: AccessPolicy;
  readonly runner: LockdownStarter;
  /** The app's own grants, for the preflight; without it every grant shows as unknown. */
  readonly grants?: GrantsReader;
  /**
   * How a lockdown of a synced account reaches on-premises AD (Defender for Identity); absent:
   * it does not, and the card says the next sync may undo a cloud-only disable.
   */
  readonly onPremises?: 'defender-for-identity';
  /** Pending requests one person may have at once; default 10. */
  readonly maxPendingPerPerson?: number;
  /** How long a handled chat message is remembered, to ignore its redelivery; default 10 min. */
  readonly messageMemoryMs?: number;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export type { PreviewResult } from './preview';

export type { AskResult, LockdownAsk } from './ask';

export type { UnlockAsk } from './ask-unlock';

export type { GroupAsk, GroupAskResult } from './ask-group';

export type { AlertClaim } from './alert-claim';

export type { ActionSource, DecisionResult } from './decision';

/** The lockdown use cases. */
export class LockdownService {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private stopping = false;

  constructor(private readonly options: LockdownServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
  }

  /** Looks the target up and records a pending request. Writes nothing to the directory. */
  request(ask: LockdownAsk): Promise<AskResult> {
    return askForLockdown({ ...this.options, now: this.now, newId: this.newId }, ask);
  }

  /**
   * Looks several targets up and records one group of pending requests (one card, one
   * approval); unknown and protected targets are left out with the reason. Writes nothing to
   * the directory.
   */
  requestGroup(ask: GroupAsk): Promise<GroupAskResult> {
    return askForGroup({ ...this.options, now: this.now, newId: this.newId }, ask);
  }

  /**
   * Claims an alert (its incident and users) for a new request, or answers the request another
   * call made for it within the approval time to live; see {@link claimAlert}.
   */
  claimAlert(incidentId: string, users: readonly string[]): Promise<AlertClaim> {
    return claimAlert(
      { ...this.options, now: this.now, newId: this.newId },
      alertKey(incidentId, users),
    );
  }

  /** A request by id (any state), or `undefined`. */
  get(requestId: string): Promise<LockdownRequest | undefined> {
    return this.options.store.get(requestId);
  }

  /**
   * Keeps how to reach a chat conversation (the adapter's opaque data), for posts made outside
   * any turn (an alert's card).
   */
  async rememberConversation(conversationKey: string, reply: string): Promise<void> {
    await this.options.store.putKey(`conversation:${conversationKey}`, reply);
  }

  /** What {@link rememberConversation} kept, or `undefined`. */
  conversation(conversationKey: string): Promise<string | undefined> {
    return this.options.store.readKey(`conversation:${conversationKey}`, this.now().toISOString());
  }

  /** The group `request` belongs to, as it now stands (`undefined` for an ungrouped request). */
  group(request: Pick<LockdownRequest, 'id' | 'group'>): Promise<GroupView | undefined> {
    return loadGroup(this.options.store, request);
  }

  /**
   * What a lockdown of the user would do and whether the app has what each step needs (a dry
   * run): the same checks as {@link request}, one audit event, no request, no directory write.
   */
  preview(ask: Omit<LockdownAsk, 'origin'>): Promise<PreviewResult> {
    return previewLockdown({ ...this.options, now: this.now, newId: this.newId }, ask);
  }

  /**
   * Records a pending unlock of the user's latest finished lockdown: it undoes what that lockdown
   * did, and only that. Answers `nothing-to-undo` (nothing recorded) when there is no such
   * lockdown, it kept everything enabled, or it was unlocked already. Writes nothing to the
   * directory.
   */
  requestUnlock(ask: UnlockAsk): Promise<AskResult> {
    return askForUnlock({ ...this.options, now: this.now, newId: this.newId }, ask);
  }

  /** The dry run of {@link requestUnlock}: what it would undo, one audit event, nothing else. */
  previewUnlock(ask: Omit<UnlockAsk, 'origin'>): Promise<PreviewResult> {
    return previewUnlock({ ...this.options, now: this.now, newId: this.newId }, ask);
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

  /**
   * The most recent requests made in a channel, newest first, for `/lockdown history`: those of
   * the `limit` latest requests or groups (the members of a group count once).
   */
  async recentIn(channelId: string, limit = 20): Promise<readonly LockdownRequest[]> {
    return recentInChannel(this.options.store, channelId, limit);
  }

  /** Remembers the message that carries the request's card, so it can be edited later. */
  async attachCard(requestId: string, activityId: string): Promise<void> {
    await this.options.store.setCardActivityId(requestId, activityId);
  }

  /**
   * Names the consented apps of a request's target (a second read, after its card is posted),
   * stores them and, while it is pending, tells the listener so the card is edited; see
   * {@link describeConsents}.
   */
  describeConsents(requestId: string): Promise<LockdownRequest | undefined> {
    return describeConsents(this.options, requestId);
  }

  /** The dry run's {@link describeConsents}: the foothold completed, or `undefined` if nothing to do. */
  describeFoothold(foothold: Foothold | undefined): Promise<Foothold | undefined> {
    return describeFoothold(this.options.directory, foothold);
  }

  /**
   * Approves a pending request and hands it to the runner; see {@link approveRequest}.
   */
  approve(requestId: string, approver: Person, source: ActionSource): Promise<DecisionResult> {
    return approveRequest(
      { ...this.decisionDeps(), stopping: () => this.stopping },
      requestId,
      approver,
      source,
    );
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
    const refusal = await this.options.policy.viewRefusal(request, viewer);
    return refusal ? { kind: 'view', request, refusal } : { kind: 'view', request };
  }

  /**
   * Cancels a pending request; nothing is written to the directory. Only the requester and the
   * people who may approve may cancel; a refused attempt is recorded in the audit trail.
   */
  async cancel(requestId: string, actor: Person, source: ActionSource): Promise<DecisionResult> {
    const checked = await pendingRequest(this.decisionDeps(), requestId, source);
    if (checked.kind !== 'pending') return checked.result;
    const refusal = await this.options.policy.cancelRefusal(checked.request, actor);
    if (refusal) {
      this.options.logger.warn({ requestId, actor: actor.id, refusal }, 'cancel refused');
      await this.options.store.appendAudit({
        at: this.now().toISOString(),
        requestId,
        type: 'cancel-refused',
        actor,
        data: { reason: refusal },
      });
      return { kind: 'refused', reason: refusal, request: checked.request };
    }
    const decidedAt = this.now().toISOString();
    const cancelled = await this.options.store.transition(
      requestId,
      ['pending'],
      { state: 'cancelled', decidedBy: actor, decidedAt },
      {},
      [{ at: decidedAt, requestId, type: 'cancelled', actor }],
    );
    if (!cancelled) return currentResult(this.options.store, requestId);
    this.options.logger.info({ requestId, cancelledBy: actor.id }, 'lockdown cancelled');
    await followLeader(this.options, cancelled);
    this.options.listener.onChange(cancelled);
    return { kind: 'cancelled', request: cancelled };
  }

  /**
   * True the first time a chat message is seen within the memory window; false for a
   * redelivery of a message that was already handled (by this or another instance).
   */
  async firstDelivery(messageKey: string): Promise<boolean> {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + (this.options.messageMemoryMs ?? 10 * 60_000));
    return this.options.store.rememberMessage(
      messageKey,
      expiresAt.toISOString(),
      now.toISOString(),
    );
  }

  /** Forgets that a message was handled: handling it failed, so its redelivery must be handled. */
  async forgetDelivery(messageKey: string): Promise<void> {
    await this.options.store.forgetMessage(messageKey);
  }

  /**
   * Forgets handled messages past the memory window and keyed records past their expiry (the
   * store may have no expiry of its own); answers how many.
   */
  async forgetOldMessages(): Promise<number> {
    const now = this.now().toISOString();
    const [messages, keys] = await Promise.all([
      this.options.store.forgetMessages(now),
      this.options.store.forgetKeys(now),
    ]);
    return messages + keys;
  }

  /** Stops taking approvals (the process is shutting down). */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Marks pending requests past their time to live as expired (and tells the listener, so their
   * cards say so); see {@link expireStale}. Returns how many it expired.
   */
  expireStale(): Promise<number> {
    return expireStale({ ...this.options, now: this.now });
  }

  private decisionDeps(): DecisionDependencies & Pick<LockdownServiceOptions, 'policy' | 'runner'> {
    return { ...this.options, now: this.now };
  }
}
