/**
 * Persistence as the domain needs it: the port that `src/store` implements. Every state change
 * is a compare-and-set on the expected state, so two clicks or two instances cannot both win.
 */
import type { Foothold } from './foothold';
import type {
  Approval,
  LockdownRequest,
  Person,
  RequestState,
  StepOutcome,
  UndoneBy,
} from './request';

export type { Lease } from './request';

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
  /** Apply only if this runner holds the request's lease (whether or not it has lapsed). */
  readonly leaseOwner?: string;
}

/**
 * Durable storage of requests, their step outcomes and the audit trail.
 *
 * Audit events handed to {@link create}, {@link transition} and {@link saveStep} are recorded
 * with the change or not at all: a crash between the two never leaves a change without its
 * event (SQLite: one transaction; Azure Tables: an outbox on the request row, flushed after).
 */
export interface RequestStore {
  /** Stores a new request (and its audit events); fails if its id exists. */
  create(request: LockdownRequest, audit?: readonly AuditEvent[]): Promise<void>;
  get(id: string): Promise<LockdownRequest | undefined>;
  /**
   * Applies `change` only if the request is in one of the `expected` states (and meets the
   * `guard`), atomically, with `audit`. A change to any state but `running` clears the lease; a
   * change to `running` takes none (runners use {@link claim}).
   * Returns the updated request, or `undefined` when it was not (someone else moved it first).
   */
  transition(
    id: string,
    expected: readonly RequestState[],
    change: StateChange,
    guard?: TransitionGuard,
    audit?: readonly AuditEvent[],
  ): Promise<LockdownRequest | undefined>;
  /**
   * Takes the lease of an `approved` or `running` request for `owner` until `expiresAt`, and
   * moves it to `running`: only when nobody holds a lease, the lease lapsed (its `expiresAt` is
   * not after `now`), or `owner` already holds it. Returns the request as it now stands, or
   * `undefined` when someone else holds a live lease (or the request is in another state).
   * Times are UTC ISO strings (`toISOString()`); a lease whose `expiresAt` equals `now` has lapsed.
   *
   * In the same conditional write, adds one to the request's `claims` unless `owner` already
   * held a live lease (its `expiresAt` after `now`): a first claim, a takeover and a runner
   * taking back its own lapsed or released lease count; extending a live lease does not.
   */
  claim(
    id: string,
    owner: string,
    expiresAt: string,
    now: string,
  ): Promise<LockdownRequest | undefined>;
  /**
   * Extends `owner`'s lease of a `running` request (also a lapsed one nobody took over); false
   * when `owner` no longer holds it.
   */
  renewLease(id: string, owner: string, expiresAt: string): Promise<boolean>;
  /** Gives up `owner`'s lease (the request stays `running`, free for any runner to claim). */
  releaseLease(id: string, owner: string): Promise<void>;
  /** Remembers which message carries the request's card. */
  setCardActivityId(id: string, activityId: string): Promise<void>;
  /**
   * Replaces what was read of the target's foothold (a second read completed it, e.g. the
   * consented apps' names), whatever the request's state; last writer wins. Returns the request
   * as it now stands, or `undefined` when there is none.
   */
  setFoothold(id: string, foothold: Foothold): Promise<LockdownRequest | undefined>;
  /**
   * Records on a lockdown the unlock that undid it, with `audit` (last writer wins: an unlock
   * finishes once). Returns the lockdown as it now stands, or `undefined` when there is none.
   */
  markUndone(
    id: string,
    undoneBy: UndoneBy,
    audit?: readonly AuditEvent[],
  ): Promise<LockdownRequest | undefined>;
  /**
   * Inserts or replaces the outcome of one step, with `audit`, only while `owner` holds the
   * request's lease (whether or not it has lapsed). Returns the request as it now stands, or `undefined` when the lease is
   * someone else's (nothing written).
   */
  saveStep(
    id: string,
    outcome: StepOutcome,
    owner: string,
    audit?: readonly AuditEvent[],
  ): Promise<LockdownRequest | undefined>;
  /**
   * Records that a chat message was handled, until `expiresAt`. True the first time for `key`;
   * false when `key` was recorded before and has not expired by `now` (a redelivery).
   */
  rememberMessage(key: string, expiresAt: string, now: string): Promise<boolean>;
  /**
   * Forgets one remembered message at once (its handling failed, so Teams' redelivery must be
   * handled again); nothing when it is not remembered.
   */
  forgetMessage(key: string): Promise<void>;
  /** Forgets remembered messages that expired by `now`; answers how many. */
  forgetMessages(now: string): Promise<number>;
  /**
   * Records `value` under `key` until `expiresAt`, only if no live record has that key (an
   * expired one, `expiresAt` not after `now`, is replaced), or when the live record's value is
   * `replacing`. Returns the value now stored under the key and whether this call wrote it.
   * Two callers racing for the same key: exactly one writes.
   */
  claimKey(
    key: string,
    value: string,
    expiresAt: string,
    now: string,
    replacing?: string,
  ): Promise<{ readonly value: string; readonly created: boolean }>;
  /** The live value under `key` (not expired by `now`), or `undefined`. */
  readKey(key: string, now: string): Promise<string | undefined>;
  /** Records `value` under `key` with no expiry, whatever was there (last writer wins). */
  putKey(key: string, value: string): Promise<void>;
  /** Forgets the records that expired by `now` (never those without expiry); answers how many. */
  forgetKeys(now: string): Promise<number>;
  /** Requests in any of the given states, oldest first. */
  listInStates(states: readonly RequestState[]): Promise<readonly LockdownRequest[]>;
  /** Requests newest first, filtered by target (UPN, any case) and/or channel, at most `limit`. */
  listRecent(filter: RecentFilter): Promise<readonly LockdownRequest[]>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** The audit trail, oldest first, optionally for one request. */
  listAudit(requestId?: string): Promise<readonly AuditEvent[]>;
  close(): Promise<void>;
}
