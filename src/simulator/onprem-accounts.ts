/**
 * On-premises AD accounts of the tenant's synced users, as Microsoft Defender for Identity sees
 * them (issue 11): each synced user has an on-premises security identifier (SID, served on the
 * user as `onPremisesSecurityIdentifier`) and, when the tenant has Defender for Identity, an
 * identity account that `invokeAction` can disable, enable or force a password reset on. What
 * each action did is recorded, so tests can check it.
 */
import { createHash } from 'node:crypto';
import type { Tenant, TenantUser } from './tenant';

/** The actions Graph's `microsoft.graph.security.action` enumeration has. */
export const SECURITY_ACTIONS = [
  'disable',
  'enable',
  'forcePasswordReset',
  'revokeAllSessions',
  'requireUserToSignInAgain',
  'markUserAsCompromised',
] as const;

/** The actions Defender for Identity takes on an Active Directory account. */
export const ACTIVE_DIRECTORY_ACTIONS = ['disable', 'enable', 'forcePasswordReset'] as const;
/** The actions it takes on the same person's Entra ID account. */
export const ENTRA_ID_ACTIONS = [
  'disable',
  'enable',
  'revokeAllSessions',
  'requireUserToSignInAgain',
  'markUserAsCompromised',
] as const;

/** One action an app invoked on an on-premises account. */
export interface InvokedAction {
  readonly action: string;
  readonly identityProvider: string;
  readonly at: string;
}

/** The on-premises account's state, as the actions left it. */
export interface OnPremisesAccountState {
  /** Whether the AD account may sign in (true at seed time). */
  readonly enabled: boolean;
  /** Whether the user must change the AD password at next logon. */
  readonly passwordResetForced: boolean;
  /** Every action invoked on it, in order. */
  readonly actions: readonly InvokedAction[];
}

/** The domain part of the simulated forest's SIDs. */
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function guidOf(text: string): string {
  const h = digest(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The on-premises SID of a synced user (derived from its object id), or null for cloud-only users. */
export function onPremisesSecurityIdentifierOf(user: TenantUser): string | null {
  if (user.onPremisesSyncEnabled !== true) return null;
  const rid = 1100 + (parseInt(digest(`sid/${user.id.toLowerCase()}`).slice(0, 8), 16) % 900_000);
  return `${DOMAIN_SID}-${rid}`;
}

/** The id of the user's identity account in Defender for Identity. */
export function identityAccountIdOf(user: TenantUser): string {
  return guidOf(`identityAccount/${user.id.toLowerCase()}`);
}

/** The identifier of the user's Active Directory account (its objectGUID, as Defender shows it). */
export function activeDirectoryAccountIdOf(user: TenantUser): string {
  return guidOf(`objectGUID/${user.id.toLowerCase()}`);
}

const INITIAL: OnPremisesAccountState = { enabled: true, passwordResetForced: false, actions: [] };

/** See the module comment. */
export class OnPremisesAccounts {
  private readonly states = new Map<string, OnPremisesAccountState>();

  /**
   * @param defenderForIdentity - Whether the tenant has Microsoft Defender for Identity.
   * @param tenant - Whose synced users have on-premises accounts.
   */
  public constructor(
    public readonly defenderForIdentity: boolean,
    private readonly tenant: Tenant,
  ) {}

  /** The synced users Defender for Identity knows (all of them: its sensors cover the domain). */
  public syncedUsers(): readonly TenantUser[] {
    return this.tenant.users().filter((user) => onPremisesSecurityIdentifierOf(user) !== null);
  }

  /** The synced user whose identity account has this id, or `undefined`. */
  public byAccountId(id: string): TenantUser | undefined {
    return this.syncedUsers().find((user) => identityAccountIdOf(user) === id.toLowerCase());
  }

  /** The state of a user's on-premises account (the seed's until an action changes it). */
  public stateOf(user: TenantUser): OnPremisesAccountState {
    return this.states.get(user.id.toLowerCase()) ?? INITIAL;
  }

  /** The state of a synced user's account (by object id or UPN), or `undefined`. */
  public accountOf(idOrUpn: string): OnPremisesAccountState | undefined {
    const user = this.tenant.user(idOrUpn);
    return user && onPremisesSecurityIdentifierOf(user) !== null ? this.stateOf(user) : undefined;
  }

  /** Records an action and its effect on the AD account (`entraID` ones are recorded only). */
  public invoke(user: TenantUser, action: string, identityProvider: string, at: Date): void {
    const before = this.stateOf(user);
    const onAd = identityProvider === 'activeDirectory';
    this.states.set(user.id.toLowerCase(), {
      enabled:
        onAd && action === 'disable' ? false : onAd && action === 'enable' ? true : before.enabled,
      passwordResetForced: before.passwordResetForced || (onAd && action === 'forcePasswordReset'),
      actions: [...before.actions, { action, identityProvider, at: at.toISOString() }],
    });
  }
}
