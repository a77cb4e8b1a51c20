/**
 * The directory as the domain needs it: the port that `src/directory` implements over Microsoft
 * Graph. Every write returns a receipt with the directory's request id, for the audit trail.
 */
import type { AuthMethod, ConsentGrant, MailRule } from './foothold';
import type { DeviceSummary, DirectoryFailure, Observation, TargetProfile } from './request';

/** A user as the directory returns it; the domain decides which roles are privileged. */
export interface DirectoryUser extends Omit<TargetProfile, 'roles'> {
  readonly roles: readonly { readonly displayName: string; readonly roleTemplateId: string }[];
}

/** Proof that the directory accepted a write. */
export interface DirectoryReceipt {
  /** The directory's request id, when it sent one. */
  readonly requestId?: string;
  /** How many times the call was sent again after a network error (reset, timeout, ...). */
  readonly networkRetries?: number;
  /** The directory's clock when it answered (HTTP `Date`), ISO; compares with its timestamps. */
  readonly serverTime?: string;
}

/** A read-back of the account after containment. */
export interface ReadBack extends Observation, DirectoryReceipt {}

/** Thrown by a {@link Directory} when the directory refuses or fails a call. */
export class DirectoryError extends Error {
  constructor(readonly failure: DirectoryFailure) {
    super(`${failure.code} (${failure.status}): ${failure.message}`);
    this.name = 'DirectoryError';
  }
}

/** One change to the account, in containment order (or `enable-account`, alone, to unlock). */
export type AccountOperation =
  | { readonly kind: 'disable-account' }
  | { readonly kind: 'enable-account' }
  /** The password is never kept: it lives only in this object until the directory has it. */
  | { readonly kind: 'reset-password'; readonly password: string }
  | { readonly kind: 'revoke-sessions' };

/** What Defender for Identity may do to an on-premises AD account. */
export type OnPremisesAction = 'disable' | 'enable' | 'forcePasswordReset';

/** A list an option's step reads, which the account's operations may read ahead. */
export type PrefetchList = 'methods' | 'mailRules' | 'consents';

/** An app (a client service principal) as the directory describes it. */
export interface AppDescription {
  readonly appName: string;
  /** The verified publisher's name; absent when the publisher is not verified. */
  readonly publisher?: string;
  /** Whether Microsoft verified the app's publisher. */
  readonly verifiedPublisher: boolean;
}

/** What {@link Directory.describeApps} could read. */
export interface AppDescriptions {
  /** By client (service principal) id as asked; an id the directory does not know is absent. */
  readonly apps: Readonly<Record<string, AppDescription>>;
  /**
   * Why some or all apps could not be read, in words a responder can act on, e.g. "names not
   * readable: the app lacks Application.Read.All"; absent when every app was read.
   */
  readonly unreadable?: string;
}

/** The result of one operation: a receipt, or the directory's refusal. */
export type OperationResult =
  | { readonly ok: true; readonly receipt: DirectoryReceipt }
  | { readonly ok: false; readonly failure: DirectoryFailure };

/** The directory operations a lockdown uses, in the order the pipeline uses them. */
export interface Directory {
  /** Looks a user up by UPN; `undefined` when the tenant has no such user. */
  findUser(userPrincipalName: string): Promise<DirectoryUser | undefined>;
  /**
   * Applies the operations to the account in the given order, in as few round trips as the
   * directory allows, and answers one result per operation (same order). A failed operation
   * does not stop the ones after it. `prefetch` names the lists the steps after it will read
   * (the directory may read them in the same round trip; without it, it decides).
   */
  runAccountOperations(
    userId: string,
    operations: readonly AccountOperation[],
    prefetch?: readonly PrefetchList[],
  ): Promise<readonly OperationResult[]>;
  /** Disables the devices (in parallel where the directory allows); one result per id, same order. */
  disableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]>;
  /** Enables the devices again (an unlock); one result per id, same order. */
  enableDevices(deviceIds: readonly string[]): Promise<readonly OperationResult[]>;
  /** Every registered device, across all pages. */
  listDevices(userId: string): Promise<readonly DeviceSummary[]>;
  readBack(userId: string): Promise<ReadBack>;
  /** The user's sign-in methods, now (the password method included). */
  listAuthMethods(userId: string): Promise<readonly AuthMethod[]>;
  /** Deletes the methods (each by its type and id); one result per method, same order. */
  deleteAuthMethods(
    userId: string,
    methods: readonly AuthMethod[],
  ): Promise<readonly OperationResult[]>;
  /**
   * The inbox rules that forward, redirect, delete or hide mail, now. Throws a
   * {@link DirectoryError} when the mailbox cannot be read (none, or no permission).
   */
  listMailRules(userId: string): Promise<readonly MailRule[]>;
  /** Disables the rules (`isEnabled: false`, never deleted); one result per id, same order. */
  disableMailRules(userId: string, ruleIds: readonly string[]): Promise<readonly OperationResult[]>;
  /** The user's delegated permission grants, now. */
  listConsents(userId: string): Promise<readonly ConsentGrant[]>;
  /**
   * Names and publishers of the apps (client service principals) of consents. Never throws for
   * a refusal: what could not be read is said in `unreadable`.
   */
  describeApps(clientIds: readonly string[]): Promise<AppDescriptions>;
  /** Deletes the grants; one result per id, same order. */
  revokeConsents(grantIds: readonly string[]): Promise<readonly OperationResult[]>;
  /** Confirms the user compromised in Identity Protection. */
  confirmCompromised(userId: string): Promise<OperationResult>;
  /**
   * Acts on the user's on-premises AD account through Microsoft Defender for Identity, found by
   * its on-premises security identifier; one result per action, in order (an account Defender
   * for Identity does not know fails each action, never throws).
   */
  onPremisesActions(
    securityIdentifier: string,
    actions: readonly OnPremisesAction[],
  ): Promise<readonly OperationResult[]>;
  /** Which of `groupIds` the user is a member of, directly or through nested groups. */
  memberGroups(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
  /** The object ids of the users in the groups, directly or through nested groups. */
  groupUserIds(groupIds: readonly string[]): Promise<readonly string[]>;
  /**
   * Adds `comment` to the timeline of a Microsoft Defender XDR incident (`incidentId`, a
   * Sentinel incident's `providerIncidentId` too), so the incident shows what the bot did.
   * Never throws for a refusal: an id that is not 1 to 100 letters, digits, `_` or `-` is
   * refused without a request; Graph's refusals (no SecurityIncident.ReadWrite.All, no such
   * incident) are failed results. Retried and timed like the other writes.
   */
  commentOnIncident(incidentId: string, comment: string): Promise<OperationResult>;
}

/** What the app may do in the directory, as far as it can tell without extra permissions. */
export interface AppGrants {
  /** Application permissions from the `roles` claim of the app's own access token. */
  readonly permissions: readonly string[];
  /** When that token was issued (ISO): grants changed since may not show yet. */
  readonly issuedAt?: string;
  /**
   * Template ids of the directory roles assigned to the app's service principal, or `undefined`
   * when they could not be read (e.g. without RoleManagement.Read.Directory).
   */
  readonly directoryRoleTemplateIds?: readonly string[];
}

/** Reads the app's own grants (for the preflight). */
export interface GrantsReader {
  /** Never throws for a missing permission: what cannot be read is left undefined. */
  appGrants(): Promise<AppGrants>;
}
