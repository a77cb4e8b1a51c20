/**
 * A lockdown request and everything the bot knows about it: who asked, whom it targets,
 * which mode, where it stands, and the outcome of each containment step.
 *
 * The domain model is plain data so that it can be stored, rendered on a card and
 * resumed after a restart without any translation layer.
 */

import type { Foothold } from './foothold';
import type { LockdownOption } from './options';
import type { Preflight } from './preflight';
import type { RequestKind, StepId } from './step-plan';

export * from './step-plan';

/** `full` disables the account and devices; `keep-enabled` only resets the password and revokes sessions. */
export type LockdownMode = 'full' | 'keep-enabled';

/**
 * The life of a request:
 * `pending` -> `approved` -> `running` -> `completed` | `partial` | `failed`,
 * or `pending` -> `cancelled` | `expired` | `rejected`.
 */
export type RequestState =
  | 'pending'
  | 'approved'
  | 'running'
  | 'completed'
  | 'partial'
  | 'failed'
  | 'cancelled'
  | 'expired'
  | 'rejected';

/** States from which a request never moves again. */
export const FINAL_STATES: readonly RequestState[] = [
  'completed',
  'partial',
  'failed',
  'cancelled',
  'expired',
  'rejected',
];

/**
 * Where a step stands. `unconfirmed`: Graph accepted the write but reading the account back
 * (twice) does not show its effect.
 */
export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'unconfirmed';

/** A person in the tenant, as Teams named them (object id from the authenticated activity). */
export interface Person {
  /** Entra object id (`from.aadObjectId`). */
  readonly id: string;
  /** Display name at the time of the action. */
  readonly name: string;
}

/** A directory role held by the target. */
export interface RoleSummary {
  readonly displayName: string;
  readonly roleTemplateId: string;
  /**
   * True for the built-in roles Microsoft marks privileged (see `privileged-roles.ts`) and those
   * the deployment adds: its holder needs two approvers.
   */
  readonly privileged: boolean;
}

/** A device registered to the target. */
export interface DeviceSummary {
  readonly id: string;
  readonly displayName: string;
  readonly operatingSystem: string;
  readonly accountEnabled: boolean;
  /**
   * `intune` when the directory refused to list the user's registered devices and this one was
   * found through their Intune managed devices instead (a device Intune does not manage is then
   * missed).
   */
  readonly foundThrough?: 'intune';
}

/** The target account as read from the directory when the request was made. */
export interface TargetProfile {
  /** Entra object id. */
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly accountEnabled: boolean;
  /** Synced from on-premises AD: a cloud-only disable is undone by the next sync. */
  readonly onPremisesSyncEnabled: boolean;
  /** The on-premises account's SID, for a synced user (how Defender for Identity finds it). */
  readonly onPremisesSecurityIdentifier?: string;
  /** `Guest` for B2B guests (`#EXT#`), whose home-tenant sessions cannot be revoked from here. */
  readonly userType: 'Member' | 'Guest';
  readonly roles: readonly RoleSummary[];
  readonly devices: readonly DeviceSummary[];
  /**
   * What the attacker may have left (methods, mail rules, consents, eligible roles, risk,
   * sign-ins), each section read on its own; absent in records made before it was read.
   */
  readonly foothold?: Foothold;
}

/** A refusal or error from the directory, with what a responder needs to follow it up. */
export interface DirectoryFailure {
  /** HTTP status, or 0 when no response came back (network, timeout). */
  readonly status: number;
  /** Graph error code, e.g. `Authorization_RequestDenied`. */
  readonly code: string;
  readonly message: string;
  /** Graph `request-id`, for Microsoft support and the audit trail. */
  readonly requestId?: string;
  /** How many times the call was sent again after a network error (reset, timeout, ...). */
  readonly networkRetries?: number;
}

/** The outcome for one device within the `disable-devices` step. */
export interface DeviceOutcome {
  readonly deviceId: string;
  readonly displayName: string;
  readonly operatingSystem: string;
  readonly status: 'done' | 'failed' | 'skipped';
  readonly failure?: DirectoryFailure;
  /** Why it failed or was skipped, in words a responder can act on. */
  readonly note?: string;
  /**
   * Whether the device was enabled when the step listed it, before the step changed it (an
   * unlock re-enables only those). Absent in records made before it was kept.
   */
  readonly wasEnabled?: boolean;
}

/**
 * The outcome for one item of an option's step: a sign-in method, an inbox rule, a consent.
 */
export interface ItemOutcome {
  readonly id: string;
  /** What it is, safe to show: "Microsoft Authenticator: Pixel 8", a rule's name, an app. */
  readonly label: string;
  readonly status: 'done' | 'failed' | 'skipped';
  readonly failure?: DirectoryFailure;
  /** Why it failed or was skipped, in words a responder can act on. */
  readonly note?: string;
}

/** What the `verify` step read back. */
export interface Observation {
  readonly accountEnabled: boolean;
  readonly signInSessionsValidFromDateTime?: string;
}

/** The outcome of one step. */
export interface StepOutcome {
  readonly step: StepId;
  readonly status: StepStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  /** One line a responder reads on the card, e.g. "3 of 4 devices disabled". */
  readonly detail?: string;
  readonly failure?: DirectoryFailure;
  /** The directory's request id of a successful call, for the audit trail (failures carry theirs). */
  readonly requestId?: string;
  /** The directory's clock when it answered (its `Date` header), ISO. */
  readonly serverTime?: string;
  /** How many times the step's calls were sent again after a network error. */
  readonly networkRetries?: number;
  readonly devices?: readonly DeviceOutcome[];
  /** Per item of an option's step (methods removed, rules disabled, consents revoked). */
  readonly items?: readonly ItemOutcome[];
  readonly observed?: Observation;
}

/**
 * Where the request came from and where its card lives. The domain carries it without
 * interpreting it: `reply` is whatever the chat adapter needs to reach the conversation again.
 */
export interface RequestOrigin {
  readonly tenantId: string;
  /** Conversation the command came from; card actions must come from the same one. */
  readonly conversationId: string;
  /** Teams channel id, when the command came from a channel. */
  readonly channelId?: string;
  /** Opaque, serialised adapter data (a Bot Framework conversation reference). */
  readonly reply: string;
  /** Id of the message that carries the request's card, once it is posted. */
  readonly cardActivityId?: string;
  /**
   * Opaque chat ids of the people who get their own view of the card (the listed approvers).
   * When present, the card everyone else sees has no Confirm.
   */
  readonly audience?: readonly string[];
}

/** Who runs a request, and until when unless they renew (so a dead runner's work is taken over). */
export interface Lease {
  /** The runner (one per bot process). */
  readonly owner: string;
  /** ISO time after which any runner may take the request over. */
  readonly expiresAt: string;
}

/** One approver's click on Confirm. */
export interface Approval {
  readonly by: Person;
  readonly at: string;
}

/** A device an unlock leaves as it is, and why. */
export interface DeviceLeftAlone {
  readonly deviceId: string;
  readonly displayName: string;
  readonly operatingSystem: string;
  readonly reason: string;
}

/**
 * What an unlock undoes, read from the record of the target's latest finished lockdown when the
 * unlock was asked for: only what that lockdown did.
 */
export interface UndoPlan {
  /** The lockdown being undone. */
  readonly lockdownId: string;
  /** When it finished, and who asked for it. */
  readonly lockdownFinishedAt?: string;
  readonly lockdownRequestedBy: Person;
  /** That lockdown disabled the account, which was enabled before it: enable it again. */
  readonly enableAccount: boolean;
  /** The devices that lockdown disabled and that were enabled before it. */
  readonly devices: readonly DeviceSummary[];
  /** That lockdown disabled the on-premises AD account (Defender for Identity): enable it again. */
  readonly enableOnPremises?: boolean;
  /** Devices that stay as they are (disabled before the lockdown, refused, ...). */
  readonly leftAlone: readonly DeviceLeftAlone[];
  /**
   * What the lockdown's options did that an unlock never restores, one line each (e.g. "3
   * sign-in methods removed: the person registers again"); absent or empty when nothing.
   */
  readonly staysRemoved?: readonly string[];
}

/** On a lockdown: the unlock that undid it. */
export interface UndoneBy {
  /** The unlock request. */
  readonly requestId: string;
  readonly finishedAt: string;
  readonly requestedBy: Person;
  /** Who approved the unlock, oldest first. */
  readonly approvedBy: readonly Person[];
  /** `partial` when some of it could not be undone. */
  readonly state: 'completed' | 'partial';
}

/** An account asked for together with others but left out of the request, and why. */
export interface LeftOut {
  /** As it was asked for (a UPN or an object id). */
  readonly userPrincipalName: string;
  /**
   * `unknown-user`: no such user; `refused`: protected, or refused for another reason;
   * `lookup-failed`: the directory did not answer the look-up (the reason has its error).
   */
  readonly kind: 'unknown-user' | 'refused' | 'lookup-failed';
  /** In words a responder can act on. */
  readonly reason: string;
}

/**
 * Membership of a request asked together with others: several targets, one card, one
 * approval. Each target is a request of its own (own steps, lease and resume); the first one,
 * the leader, carries the group's card and takes the decisions, which the others follow.
 */
export interface RequestGroup {
  /** The leader's request id (the first member). */
  readonly leaderId: string;
  /** Every member's request id, in the order asked, the leader first. */
  readonly memberIds: readonly string[];
  /** Accounts asked for and left out (on every member, so any one can tell the whole story). */
  readonly leftOut: readonly LeftOut[];
}

/** The alert a request was opened from (`POST /api/alerts`), shown on top of its card. */
export interface AlertOrigin {
  readonly title: string;
  /** As the alert gave it, e.g. `high`. */
  readonly severity?: string;
  /** Where it came from, e.g. `sentinel`, `defender`. */
  readonly source?: string;
  /** The Microsoft Defender XDR incident id (a Sentinel incident's `providerIncidentId`). */
  readonly incidentId?: string;
  /** A link to the alert or incident (https only). */
  readonly url?: string;
}

/** What became of the comment that tells an alert's incident how its lockdown ended. */
export interface IncidentComment {
  readonly status: 'done' | 'failed';
  readonly at: string;
  readonly failure?: DirectoryFailure;
}

/** A lockdown request (or an unlock request: see {@link LockdownRequest.kind}). */
export interface LockdownRequest {
  readonly id: string;
  /** Absent in records made before unlocks existed: a lockdown. */
  readonly kind?: RequestKind;
  readonly state: RequestState;
  /** An unlock carries the mode of the lockdown it undoes. */
  readonly mode: LockdownMode;
  /** A lockdown's containment options beyond the article's steps (absent: none). */
  readonly options?: readonly LockdownOption[];
  /**
   * How a lockdown of a synced account reaches its on-premises AD account (absent: it does not;
   * the next directory sync may undo a cloud-only disable).
   */
  readonly onPremises?: 'defender-for-identity';
  readonly target: TargetProfile;
  readonly requestedBy: Person;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly origin: RequestOrigin;
  /** Distinct approvals needed before it runs: 2 for a privileged target, 1 otherwise. */
  readonly requiredApprovals?: number;
  /** Approvals so far, oldest first (the last one decides). */
  readonly approvals?: readonly Approval[];
  /** Who approved, cancelled or rejected it. */
  readonly decidedBy?: Person;
  readonly decidedAt?: string;
  readonly steps: readonly StepOutcome[];
  readonly finishedAt?: string;
  /** The runner that holds it while `running`. */
  readonly lease?: Lease;
  /**
   * How many times a runner has claimed it to run (`RequestStore.claim`), kept by the store:
   * each claim that takes the lease counts (the first one, a takeover of a lapsed or released
   * lease, including a runner taking back its own lapsed lease); a runner re-claiming the live
   * lease it holds does not. Absent (or 0) until first claimed. The runner gives up on a
   * request claimed more often than it allows, so a run that keeps crashing is not repeated
   * for ever.
   */
  readonly claims?: number;
  /** What the app's grants let each step do, read when the request was made. */
  readonly preflight?: Preflight;
  /** Set when the request was asked together with others (see {@link RequestGroup}). */
  readonly group?: RequestGroup;
  /** Set when the request was opened from an alert rather than typed. */
  readonly alert?: AlertOrigin;
  /** An unlock's plan: what it undoes. */
  readonly undo?: UndoPlan;
  /** A lockdown's unlock, once one finished. */
  readonly undoneBy?: UndoneBy;
}
