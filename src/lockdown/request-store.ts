/**
 * Persistence as the domain needs it: the port that `src/store` implements. Every state change
 * is a compare-and-set on the expected state, so two clicks or two instances cannot both win.
 */
import type { Approval, LockdownRequest, Person, RequestState, StepOutcome } from './request';

/** One line of the append-only audit trail. Never carries a secret. */
export interface AuditEvent {
  readonly at: string;
  readonly requestId: string;
  /** e.g. `requested`, `approved`, `cancelled`, `step`, `finished`. */
  readonly type: string;
  readonly actor?: Person;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Which recent requests to list. */
export interface RecentFilter {
  readonly targetUpn?: string;
  readonly channelId?: string;
  readonly limit: number;
}

/** Fields that change together with the state. */
export interface StateChange {
  readonly state: RequestState;
  readonly decidedBy?: Person;
  readonly decidedAt?: string;
  readonly finishedAt?: string;
  /** The full list of approvals after this change. */
  readonly approvals?: readonly Approval[];
}

/** An extra condition on a transition. */
export interface TransitionGuard {
  /** Apply only if the request has exactly this many approvals (so two approvers cannot both be "first"). */
  readonly approvalCount?: number;
}

/** Durable storage of requests, their step outcomes and the audit trail. */
export interface RequestStore {
  /** Stores a new request; fails if its id exists. */
  create(request: LockdownRequest): Promise<void>;
  get(id: string): Promise<LockdownRequest | undefined>;
  /**
   * Applies `change` only if the request is in one of the `expected` states (and meets the
   * `guard`), atomically. Returns the updated request, or `undefined` when it was not (someone
   * else moved it first).
   */
  transition(
    id: string,
    expected: readonly RequestState[],
    change: StateChange,
    guard?: TransitionGuard,
  ): Promise<LockdownRequest | undefined>;
  /** Remembers which message carries the request's card. */
  setCardActivityId(id: string, activityId: string): Promise<void>;
  /** Inserts or replaces the outcome of one step; returns the request as it now stands. */
  saveStep(id: string, outcome: StepOutcome): Promise<LockdownRequest>;
  /** Requests in any of the given states, oldest first. */
  listInStates(states: readonly RequestState[]): Promise<readonly LockdownRequest[]>;
  /** Requests newest first, filtered by target (UPN, any case) and/or channel, at most `limit`. */
  listRecent(filter: RecentFilter): Promise<readonly LockdownRequest[]>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** The audit trail, oldest first, optionally for one request. */
  listAudit(requestId?: string): Promise<readonly AuditEvent[]>;
  close(): Promise<void>;
}
