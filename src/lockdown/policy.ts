/**
 * Who may ask, who may approve, which targets are off limits and which need two approvers.
 * Refusals are sentences a person can act on; a membership check that fails refuses (fail closed).
 */
import type { DirectoryUser } from './directory';
import { DirectoryError } from './directory';
import { TIMED_OUT, withinDeadline } from './deadline';
import { itemsOf, type EligibleRole, type Foothold } from './foothold';
import { isPrivilegedBuiltInRole, PRIVILEGED_BUILT_IN_ROLES } from './privileged-roles';
import {
  kindOf,
  type LockdownRequest,
  type Person,
  type RoleSummary,
  type TargetProfile,
} from './request';

export {
  PRIVILEGED_BUILT_IN_ROLES,
  PRIVILEGED_ROLE_TEMPLATE_IDS,
  PRIVILEGED_ROLES_SOURCE,
} from './privileged-roles';

/** The rules, from configuration. */
export interface AccessRules {
  /** Entra object ids allowed to ask; with `requesterGroupIds` empty too, anyone may ask. */
  readonly requesterIds: readonly string[];
  readonly requesterGroupIds: readonly string[];
  /** Entra object ids allowed to approve; with `approverGroupIds` empty too, anyone but the requester. */
  readonly approverIds: readonly string[];
  readonly approverGroupIds: readonly string[];
  readonly allowSelfApproval: boolean;
  /** Lower-case UPNs or object ids that are never locked down. */
  readonly protectedTargets: readonly string[];
  /**
   * Extra privileged roles, by display name or template id, besides the built-in roles Microsoft
   * marks privileged (`PRIVILEGED_BUILT_IN_ROLES`): an addition, never a replacement.
   */
  readonly privilegedRoles: readonly string[];
}

/**
 * No lists, no protected targets: anyone in a security channel may ask, anyone but the requester
 * may approve. A base to spread the configured rules onto.
 */
export const OPEN_ACCESS_RULES: AccessRules = {
  requesterIds: [],
  requesterGroupIds: [],
  approverIds: [],
  approverGroupIds: [],
  allowSelfApproval: false,
  protectedTargets: [],
  privilegedRoles: [],
};

/** What the policy asks the directory about groups. */
export interface GroupDirectory {
  /** Which of `groupIds` a user is a transitive member of. */
  memberGroups(userId: string, groupIds: readonly string[]): Promise<readonly string[]>;
  /** The users of the groups, nested groups included. */
  groupUserIds(groupIds: readonly string[]): Promise<readonly string[]>;
}

/** How long the approvers' list is reused before the groups are read again. */
const APPROVERS_CACHE_MS = 60_000;

/** How long a membership check may take inside a card click, which the chat answers in seconds. */
export const DEFAULT_CHECK_DEADLINE_MS = 3_000;

/** The access policy in force. */
export class AccessPolicy {
  private readonly extraPrivileged: ReadonlySet<string>;
  private readonly rules: AccessRules;
  private approversCache?: { readonly at: number; readonly ids: readonly string[] | undefined };

  /**
   * @param checkDeadlineMs - How long a group membership check may take before the action is
   *   refused as "could not be verified in time".
   */
  constructor(
    rules: AccessRules,
    private readonly groups: GroupDirectory,
    private readonly now: () => number = Date.now,
    private readonly checkDeadlineMs: number = DEFAULT_CHECK_DEADLINE_MS,
  ) {
    // Object ids are compared in lower case everywhere: Teams and admins may write them either way.
    const lower = (ids: readonly string[]): string[] => ids.map((id) => id.toLowerCase());
    this.rules = {
      ...rules,
      requesterIds: lower(rules.requesterIds),
      requesterGroupIds: lower(rules.requesterGroupIds),
      approverIds: lower(rules.approverIds),
      approverGroupIds: lower(rules.approverGroupIds),
      protectedTargets: lower(rules.protectedTargets),
    };
    this.extraPrivileged = new Set(rules.privilegedRoles.map((role) => role.toLowerCase()));
  }

  /** Why `person` may not ask for a lockdown, or `undefined` when they may. */
  async requesterRefusal(person: Person): Promise<string | undefined> {
    const allowed = await this.isListed(
      person,
      this.rules.requesterIds,
      this.rules.requesterGroupIds,
    );
    if (allowed === true) return undefined;
    return allowed === false
      ? 'You are not on the list of people who may ask for a lockdown (LOCKDOWN_REQUESTER_IDS / LOCKDOWN_REQUESTER_GROUP_IDS).'
      : allowed;
  }

  /**
   * Why `viewer`'s own view of the card must not show Confirm, or `undefined`. Only a definite
   * refusal hides it: when the group check fails or is slow, the view keeps Confirm (a view is
   * never a gate; the click itself is checked again).
   */
  async viewRefusal(request: LockdownRequest, viewer: Person): Promise<string | undefined> {
    return this.approverRefusal(request, viewer, false);
  }

  /** Why `approver` may not approve `request`, or `undefined` when they may. */
  async approverRefusal(
    request: LockdownRequest,
    approver: Person,
    refuseWhenUnsure = true,
  ): Promise<string | undefined> {
    if (!this.rules.allowSelfApproval && sameId(request.requestedBy.id, approver.id)) {
      return `You asked for this ${kindOf(request)}, so someone else must approve it (four-eyes rule).`;
    }
    if ((request.approvals ?? []).some((approval) => sameId(approval.by.id, approver.id))) {
      return `You have already approved this ${kindOf(request)}; it needs a second, different approver.`;
    }
    const allowed = await this.isListed(
      approver,
      this.rules.approverIds,
      this.rules.approverGroupIds,
    );
    if (allowed === true) return undefined;
    if (allowed === false) return 'You are not an approver for lockdowns.';
    return refuseWhenUnsure ? allowed : undefined;
  }

  /**
   * Why `person` may not cancel `request`, or `undefined` when they may: the requester and the
   * people who may approve (same lists and groups). A failed group check refuses: a lockdown is
   * never stopped on a guess.
   */
  async cancelRefusal(request: LockdownRequest, person: Person): Promise<string | undefined> {
    if (sameId(request.requestedBy.id, person.id)) return undefined;
    const allowed = await this.isListed(
      person,
      this.rules.approverIds,
      this.rules.approverGroupIds,
    );
    if (allowed === true) return undefined;
    return allowed === false
      ? `Only the requester or an approver can cancel this ${kindOf(request)}.`
      : allowed;
  }

  /**
   * Everyone who may approve, as lower-case Entra object ids (listed people and the users of the
   * listed groups), so the card can show Confirm to them alone; `undefined` when anyone may
   * approve or when the groups cannot be read (then everyone sees Confirm and each click is
   * checked).
   */
  async approverCandidates(): Promise<readonly string[] | undefined> {
    const { approverIds, approverGroupIds } = this.rules;
    if (approverIds.length + approverGroupIds.length === 0) return undefined;
    const cached = this.approversCache;
    if (cached && this.now() - cached.at < APPROVERS_CACHE_MS) return cached.ids;
    let ids: readonly string[] | undefined;
    try {
      const members =
        approverGroupIds.length > 0 ? await this.groups.groupUserIds(approverGroupIds) : [];
      ids = [...new Set([...approverIds, ...members].map((id) => id.toLowerCase()))];
    } catch {
      // Not cached: the next card asks again rather than hiding Confirm on a stale failure.
      return undefined;
    }
    this.approversCache = { at: this.now(), ids };
    return ids;
  }

  /** Why a user must never be locked down, or `undefined`. */
  protection(user: DirectoryUser): string | undefined {
    const listed = this.rules.protectedTargets;
    if (
      listed.includes(user.id.toLowerCase()) ||
      listed.includes(user.userPrincipalName.toLowerCase())
    ) {
      return `${user.userPrincipalName} is a protected account (LOCKDOWN_PROTECTED), e.g. a break-glass account: the bot never locks it down.`;
    }
    return undefined;
  }

  /**
   * The target as the domain sees it, with its privileged roles marked: active roles and, when
   * they could be read, the roles it is eligible for, by the same rule.
   */
  toTargetProfile(user: DirectoryUser): TargetProfile {
    const roles: RoleSummary[] = user.roles.map((role) => ({
      ...role,
      privileged: this.isPrivileged(role),
    }));
    const eligible = itemsOf(user.foothold?.eligibleRoles);
    if (!user.foothold || eligible === undefined) return { ...user, roles };
    const foothold: Foothold = {
      ...user.foothold,
      eligibleRoles: {
        items: eligible.map((role) => ({ ...role, privileged: this.isPrivileged(role) })),
      },
    };
    return { ...user, roles, foothold };
  }

  /**
   * A privileged target needs two distinct approvers: one holding, or eligible for, a privileged
   * role. When eligibility could not be read (or was not), the active roles alone decide.
   */
  requiredApprovals(target: TargetProfile): number {
    const eligible = itemsOf(target.foothold?.eligibleRoles) ?? [];
    const privileged =
      target.roles.some((role) => role.privileged) ||
      eligible.some((role) => role.privileged ?? this.isPrivileged(role));
    return privileged ? 2 : 1;
  }

  /** Whether Microsoft marks the role privileged, or `LOCKDOWN_PRIVILEGED_ROLES` names it. */
  private isPrivileged(role: Pick<EligibleRole, 'displayName' | 'roleTemplateId'>): boolean {
    return (
      isPrivilegedBuiltInRole(role.roleTemplateId) ||
      this.extraPrivileged.has(role.roleTemplateId.toLowerCase()) ||
      this.extraPrivileged.has(role.displayName.toLowerCase())
    );
  }

  /** One line for the start-up log. */
  describe(): Record<string, string> {
    const who = (ids: readonly string[], groups: readonly string[], otherwise: string): string =>
      ids.length + groups.length === 0
        ? otherwise
        : `${ids.length} people and ${groups.length} groups listed`;
    return {
      requesters: who(
        this.rules.requesterIds,
        this.rules.requesterGroupIds,
        'anyone in a security channel',
      ),
      approvers: who(
        this.rules.approverIds,
        this.rules.approverGroupIds,
        this.rules.allowSelfApproval
          ? 'anyone in a security channel'
          : 'anyone in a security channel but the requester',
      ),
      selfApproval: this.rules.allowSelfApproval ? 'allowed' : 'refused (four-eyes)',
      protectedTargets: String(this.rules.protectedTargets.length),
      privilegedTargets: `need two distinct approvers (${PRIVILEGED_BUILT_IN_ROLES.size} built-in and ${this.extraPrivileged.size} configured privileged roles, active or eligible)`,
    };
  }

  /** True when listed (or nobody is listed), false when not, a sentence when the check failed. */
  private async isListed(
    person: Person,
    ids: readonly string[],
    groupIds: readonly string[],
  ): Promise<boolean | string> {
    if (ids.length === 0 && groupIds.length === 0) return true;
    if (ids.some((id) => sameId(id, person.id))) return true;
    if (groupIds.length === 0) return false;
    try {
      const found = await withinDeadline(
        this.groups.memberGroups(person.id, groupIds),
        this.checkDeadlineMs,
      );
      if (found === TIMED_OUT) {
        return 'Your group membership could not be verified in time, so nothing was changed; please try again.';
      }
      return found.length > 0;
    } catch (error) {
      const reason =
        error instanceof DirectoryError
          ? `${error.failure.code}: ${error.failure.message}`
          : String(error);
      return `Your group membership could not be checked (${reason}), so the action is refused.`;
    }
  }
}

/** Entra object ids are GUIDs: the same id may arrive in either letter case. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
