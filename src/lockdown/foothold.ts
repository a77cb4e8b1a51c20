/**
 * What an attacker may have left in an account, read when a lockdown is asked for: their own
 * sign-in methods, mail rules that leak or hide mail, consented apps holding delegated tokens,
 * roles they can activate, the account's risk and its last sign-ins. Each section is read on
 * its own and may be unreadable (a missing permission or licence) without affecting the others.
 */

/** A section as read, or why it could not be (in words a responder can act on). */
export type Section<T> =
  | { readonly items: readonly T[] }
  /** e.g. "not readable: the app lacks MailboxSettings.Read". */
  | { readonly unreadable: string };

/** The kinds of authentication methods Graph v1.0 lists. */
export type AuthMethodType =
  | 'password'
  | 'microsoftAuthenticator'
  | 'phone'
  | 'fido2'
  | 'email'
  | 'softwareOath'
  | 'windowsHelloForBusiness'
  | 'temporaryAccessPass'
  | 'platformCredential'
  | 'other';

/** One registered authentication method. */
export interface AuthMethod {
  readonly id: string;
  readonly type: AuthMethodType;
  /**
   * What identifies it, safe to show: a phone number masked to its last 2 digits, the
   * Authenticator's device name, a FIDO2 key's model.
   */
  readonly display: string;
  /** When it was registered, where Graph says (ISO). */
  readonly registeredAt?: string;
}

/** What an inbox rule does that an attacker uses. */
export type MailRuleAction =
  'forward' | 'forward-as-attachment' | 'redirect' | 'delete' | 'move-and-mark-read';

/** Where a rule sends mail. */
export interface MailDestination {
  readonly address: string;
  /** Outside the tenant's verified domains; `undefined` when the domains could not be read. */
  readonly external?: boolean;
}

/** An inbox rule that forwards, redirects, deletes or hides mail. */
export interface MailRule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly actions: readonly MailRuleAction[];
  readonly destinations: readonly MailDestination[];
}

/** A delegated permission grant (an app the user consented to). */
export interface ConsentGrant {
  /** The grant's id. */
  readonly id: string;
  /** The client app's service principal id. */
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** The app's name, once looked up. */
  readonly appName?: string;
  readonly publisher?: string;
  /** Whether Microsoft verified the publisher; `undefined` until looked up. */
  readonly verifiedPublisher?: boolean;
}

/**
 * The consented apps as read: the grants (their apps named once a second read describes them,
 * with why that read failed, if it did), or why the grants themselves could not be read.
 */
export type ConsentSection =
  | {
      readonly items: readonly ConsentGrant[];
      /** e.g. "names not readable: the app lacks Application.Read.All". */
      readonly namesUnreadable?: string;
    }
  | { readonly unreadable: string };

/** A directory role the user may activate through Privileged Identity Management. */
export interface EligibleRole {
  readonly displayName: string;
  readonly roleTemplateId: string;
  /** Display name of the group through which the user is eligible, if not directly. */
  readonly throughGroup?: string;
  /** Set by the policy, as for active roles: an eligible privileged role needs two approvers. */
  readonly privileged?: boolean;
}

/** Identity Protection's view of the user. */
export interface RiskState {
  /** `none`, `low`, `medium`, `high`, `hidden`. */
  readonly level: string;
  /** `none`, `atRisk`, `confirmedCompromised`, `remediated`, `dismissed`, ... */
  readonly state: string;
}

/** One sign-in. */
export interface SignInSummary {
  readonly at: string;
  readonly app: string;
  readonly ipAddress: string;
  readonly location?: string;
  /** `success`, or the failure reason. */
  readonly result: string;
}

/**
 * Everything read about the attacker's possible foothold. A section that is absent was not read
 * (a record made before it was); one that could not be read says why.
 */
export interface Foothold {
  readonly methods?: Section<AuthMethod>;
  /** Only the rules that forward, redirect, delete or hide mail. */
  readonly mailRules?: Section<MailRule>;
  readonly consents?: ConsentSection;
  readonly eligibleRoles?: Section<EligibleRole>;
  /** One item, or none when Identity Protection has no record of the user. */
  readonly risk?: Section<RiskState>;
  /** The last few, newest first. */
  readonly signIns?: Section<SignInSummary>;
}

/** How recent a method's registration must be to stand out. */
export const RECENT_METHOD_DAYS = 7;

/** The items of a section, or `undefined` when it was unreadable. */
export function itemsOf<T>(section: Section<T> | undefined): readonly T[] | undefined {
  return section && 'items' in section ? section.items : undefined;
}
