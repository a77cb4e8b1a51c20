/**
 * The per-user data of issue 11 as the simulated tenant holds it (kept out of tenant.ts): what an
 * attacker may have left in each account, eligibility through groups, the tenant's licences and
 * verified domains. The containment options' writes are kept here as changes over the seed
 * (methods and grants deleted, rules switched on or off); the risk state written by
 * confirmCompromised and dismiss lives on the tenant's users and overrides the seeded record.
 */
import { createHash } from 'node:crypto';
import { BuiltInRole, findBuiltInRole } from './directory-roles';
import type {
  SeedAuthMethod,
  SeedConsent,
  SeedFoothold,
  SeedMessageRule,
  SeedRisk,
  SeedSignIn,
} from './foothold-seed';
import type { TenantSeed } from './seed';
import { SecurityIncidents } from './incidents';
import { OnPremisesAccounts } from './onprem-accounts';
import type { SeedServicePrincipal } from './service-principal-seed';
import type { Tenant, TenantUser } from './tenant';

/** The id Graph gives every user's password method. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

/** A PIM eligibility, as roleEligibilityScheduleInstances lists it. */
export interface EligibilityInstance {
  readonly id: string;
  readonly principalId: string;
  /** For a built-in role, its template id. */
  readonly roleDefinitionId: string;
  readonly role: BuiltInRole;
  readonly directoryScopeId: '/';
  /** `Direct`, or `Group` for a user's eligibility inherited from a group. */
  readonly memberType: 'Direct' | 'Group';
  readonly startDateTime: string;
}

/** A user's item: the user's id is case-insensitive, an item's (often base64) is not. */
function itemKey(user: TenantUser, itemId: string): string {
  return `${user.id.toLowerCase()}/${itemId}`;
}

/** A stable UUID derived from text. */
function derivedUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function rolesNamed(names: readonly string[] | undefined): BuiltInRole[] {
  return (names ?? [])
    .map((name) => findBuiltInRole(name))
    .filter((role): role is BuiltInRole => role !== undefined);
}

const ELIGIBLE_SINCE = '2024-01-01T00:00:00Z';

/** See the module comment. */
export class TenantFootholds {
  /** Whether the tenant has Microsoft Entra ID P1 (sign-in logs). */
  public readonly entraIdP1: boolean;
  /** Whether the tenant has Microsoft Entra ID P2 (PIM, Identity Protection). */
  public readonly entraIdP2: boolean;
  /** Synced users' on-premises AD accounts, as Defender for Identity sees them. */
  public readonly onPremises: OnPremisesAccounts;
  /** Defender XDR's incidents and the comments apps added to them (not per user: kept here too). */
  public readonly incidents: SecurityIncidents;
  /** Verified domains, default first. */
  public readonly verifiedDomains: readonly string[];
  private readonly byUser = new Map<string, SeedFoothold>();
  private readonly groupEligibility = new Map<string, readonly BuiltInRole[]>();
  /** The methods (by {@link itemKey}) and grants (`grant/<id>`) deleted since the seed. */
  private readonly deleted = new Set<string>();
  /** Rules switched on or off since the seed, by {@link itemKey}. */
  private readonly ruleEnabled = new Map<string, boolean>();
  /** Every service principal (other publishers' apps, and the seed's own), by lower-case id. */
  private readonly principals = new Map<string, SeedServicePrincipal>();

  /**
   * @param seed - A validated seed.
   * @param tenant - The tenant built from it (users, groups and risk state).
   */
  public constructor(
    seed: TenantSeed,
    private readonly tenant: Tenant,
  ) {
    this.entraIdP2 = seed.licenses?.entraIdP2 ?? true;
    this.entraIdP1 = this.entraIdP2 || (seed.licenses?.entraIdP1 ?? true);
    this.onPremises = new OnPremisesAccounts(seed.licenses?.defenderForIdentity ?? false, tenant);
    this.incidents = new SecurityIncidents(seed.incidents);
    const initial = `${seed.domain.split('.')[0] ?? 'tenant'}.onmicrosoft.com`;
    this.verifiedDomains = seed.verifiedDomains ?? [seed.domain, initial];
    for (const user of seed.users) {
      if (user.foothold) this.byUser.set(user.id.toLowerCase(), user.foothold);
    }
    for (const group of seed.groups ?? []) {
      this.groupEligibility.set(group.id.toLowerCase(), rolesNamed(group.eligibleRoles));
    }
    for (const app of seed.apps) {
      const id = tenant.app(app.clientId)?.servicePrincipalId;
      if (id === undefined) continue;
      this.principals.set(id.toLowerCase(), {
        id,
        appId: app.clientId,
        displayName: app.displayName,
      });
    }
    for (const sp of seed.servicePrincipals ?? []) this.principals.set(sp.id.toLowerCase(), sp);
  }

  /** A service principal by object id (a consent's `clientId`), or `undefined`. */
  public servicePrincipal(id: string): SeedServicePrincipal | undefined {
    return this.principals.get(id.toLowerCase());
  }

  private of(user: TenantUser): SeedFoothold {
    return this.byUser.get(user.id.toLowerCase()) ?? {};
  }

  /** Every method not deleted, the password one first (every user has it). */
  public methodsOf(user: TenantUser): readonly SeedAuthMethod[] {
    const seeded = this.of(user).authenticationMethods ?? [];
    const password: SeedAuthMethod = { id: PASSWORD_METHOD_ID, type: 'password' };
    const all = seeded.some((method) => method.type === 'password')
      ? seeded
      : [password, ...seeded];
    return all.filter((method) => !this.deleted.has(itemKey(user, method.id)));
  }

  /** Deletes one of the user's methods (the caller has checked it may). */
  public deleteMethod(user: TenantUser, methodId: string): void {
    this.deleted.add(itemKey(user, methodId));
  }

  /** Whether the user has an Exchange Online mailbox. */
  public hasMailbox(user: TenantUser): boolean {
    return this.of(user).mailbox ?? true;
  }

  /** The inbox's rules, in sequence order, as switched on or off since the seed. */
  public messageRulesOf(user: TenantUser): readonly (SeedMessageRule & { sequence: number })[] {
    return (this.of(user).messageRules ?? [])
      .map((rule, index) => {
        const enabled = this.ruleEnabled.get(itemKey(user, rule.id));
        return {
          ...rule,
          sequence: rule.sequence ?? index + 1,
          ...(enabled === undefined ? {} : { isEnabled: enabled }),
        };
      })
      .sort((a, b) => a.sequence - b.sequence);
  }

  /** Switches one of the user's rules on or off (the caller has checked it exists). */
  public setRuleEnabled(user: TenantUser, ruleId: string, enabled: boolean): void {
    this.ruleEnabled.set(itemKey(user, ruleId), enabled);
  }

  /** The user's delegated permission grants, those deleted left out. */
  public consentsOf(user: TenantUser): readonly SeedConsent[] {
    return (this.of(user).consents ?? []).filter((grant) => !this.deleted.has(`grant/${grant.id}`));
  }

  /** Deletes a grant (grant ids are unique in the tenant). */
  public deleteConsent(grantId: string): void {
    this.deleted.add(`grant/${grantId}`);
  }

  /** Every user's consents, with the user's id (the grants' `principalId`). */
  public allConsents(): readonly (SeedConsent & { principalId: string })[] {
    return this.tenant
      .users()
      .flatMap((user) => this.consentsOf(user).map((c) => ({ ...c, principalId: user.id })));
  }

  /**
   * Identity Protection's record: the state set by confirmCompromised or dismiss wins over the
   * seeded record; `undefined` when there is none (Graph answers 404).
   */
  public riskOf(user: TenantUser): SeedRisk | undefined {
    if (user.riskState === 'confirmedCompromised') {
      return {
        riskLevel: 'high',
        riskState: 'confirmedCompromised',
        riskDetail: 'adminConfirmedUserCompromised',
      };
    }
    if (user.riskState === 'dismissed') {
      return {
        riskLevel: 'none',
        riskState: 'dismissed',
        riskDetail: 'adminDismissedAllRiskForUser',
      };
    }
    return this.of(user).risk;
  }

  /** The user's sign-ins, newest first. */
  public signInsOf(user: TenantUser): readonly SeedSignIn[] {
    return [...(this.of(user).signIns ?? [])].sort((a, b) =>
      b.createdDateTime.localeCompare(a.createdDateTime),
    );
  }

  /**
   * The eligibility instances of the tenant: each user's and each group's own (`Direct`); with a
   * user's id, that user's own and those inherited from the groups they belong to (`Group`).
   */
  public eligibilities(principalId?: string): readonly EligibilityInstance[] {
    const instance = (
      principal: string,
      role: BuiltInRole,
      memberType: EligibilityInstance['memberType'],
      via = principal,
    ): EligibilityInstance => ({
      id: derivedUuid(
        `${this.tenant.tenantId}/eligibility/${principal}/${via}/${role.roleTemplateId}`,
      ),
      principalId: principal,
      roleDefinitionId: role.roleTemplateId,
      role,
      directoryScopeId: '/',
      memberType,
      startDateTime: ELIGIBLE_SINCE,
    });
    const own = (id: string): EligibilityInstance[] => {
      const user = this.tenant.user(id);
      const roles = user
        ? rolesNamed(this.of(user).eligibleRoles)
        : (this.groupEligibility.get(id.toLowerCase()) ?? []);
      return roles.map((role) => instance(user?.id ?? this.groupId(id), role, 'Direct'));
    };
    if (principalId === undefined) {
      const principals = [
        ...this.tenant.users().map((user) => user.id),
        ...this.tenant.groups().map((group) => group.id),
      ];
      return principals.flatMap(own);
    }
    const user = this.tenant.user(principalId);
    if (!user) return own(principalId);
    const inherited = [...this.tenant.transitiveGroupIds(user.id)].flatMap((groupId) =>
      (this.groupEligibility.get(groupId.toLowerCase()) ?? []).map((role) =>
        instance(user.id, role, 'Group', groupId),
      ),
    );
    return [...own(user.id), ...inherited];
  }

  private groupId(id: string): string {
    return this.tenant.groups().find((g) => g.id.toLowerCase() === id.toLowerCase())?.id ?? id;
  }
}
