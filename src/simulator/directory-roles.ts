/**
 * Built-in Entra ID directory roles known to the simulator, and who may act on whom.
 *
 * Role template ids are the real, immutable ones from Microsoft's "Microsoft Entra built-in
 * roles" reference. The coverage tables follow "Who can reset passwords" and "Who can perform
 * sensitive actions" in Microsoft's "Privileged roles and permissions" article.
 */

/** A built-in directory role. */
export interface BuiltInRole {
  /** Display name, e.g. `User Administrator`. */
  readonly displayName: string;
  /** The role's immutable template id. */
  readonly roleTemplateId: string;
}

/** Every built-in role a seed may name, by display name. */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { displayName: 'Global Administrator', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10' },
  {
    displayName: 'Privileged Role Administrator',
    roleTemplateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  },
  {
    displayName: 'Privileged Authentication Administrator',
    roleTemplateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  },
  { displayName: 'Security Administrator', roleTemplateId: '194ae4cb-b126-40b2-bd5b-6091b380977d' },
  { displayName: 'User Administrator', roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1' },
  { displayName: 'Helpdesk Administrator', roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8' },
  { displayName: 'Password Administrator', roleTemplateId: '966707d0-3269-4727-9be2-8c3a10f19b9d' },
  { displayName: 'Groups Administrator', roleTemplateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c' },
  { displayName: 'Security Reader', roleTemplateId: '5d6b6bb7-de71-4623-b4af-96380a352509' },
  { displayName: 'Exchange Administrator', roleTemplateId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
  {
    displayName: 'Authentication Administrator',
    roleTemplateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  },
  { displayName: 'Security Operator', roleTemplateId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f' },
  { displayName: 'Global Reader', roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451' },
  { displayName: 'Directory Readers', roleTemplateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b' },
  { displayName: 'Guest Inviter', roleTemplateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b' },
  { displayName: 'Message Center Reader', roleTemplateId: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b' },
  { displayName: 'Reports Reader', roleTemplateId: '4a5d8f65-41da-4de4-8968-e035b65339cf' },
  {
    displayName: 'Usage Summary Reports Reader',
    roleTemplateId: '75934031-6c7e-415a-99d7-48dbd49e875e',
  },
  {
    displayName: 'User Experience Success Manager',
    roleTemplateId: '27460883-1df1-4691-b032-3b79643e5e63',
  },
  {
    displayName: 'Application Administrator',
    roleTemplateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  },
  {
    displayName: 'Cloud Application Administrator',
    roleTemplateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
  },
  {
    displayName: 'Conditional Access Administrator',
    roleTemplateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  },
  {
    displayName: 'Hybrid Identity Administrator',
    roleTemplateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  },
  { displayName: 'Intune Administrator', roleTemplateId: '3a2c62db-5318-420d-8d74-23affee5d9d5' },
  {
    displayName: 'Cloud Device Administrator',
    roleTemplateId: '7698a772-787b-4ac8-901f-60d6b08affd2',
  },
  {
    displayName: 'SharePoint Administrator',
    roleTemplateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  },
  { displayName: 'Teams Administrator', roleTemplateId: '69091246-20e8-4a56-aa4d-066075b2a7a8' },
  { displayName: 'Billing Administrator', roleTemplateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe' },
];

/**
 * Finds a built-in role by display name (exact, case-sensitive, as Graph spells it).
 *
 * @param displayName - e.g. `Global Administrator`.
 * @returns The role, or undefined when the simulator does not know it.
 */
export function findBuiltInRole(displayName: string): BuiltInRole | undefined {
  return BUILT_IN_ROLES.find((role) => role.displayName === displayName);
}

/**
 * Which kind of change is being attempted on a user; the kinds have slightly different tables
 * in Microsoft's documentation.
 *
 * - `sensitive`: changing a sensitive property such as `accountEnabled`.
 * - `password`: resetting the password or invalidating refresh tokens (revokeSignInSessions).
 * - `authentication-methods`: deleting (or changing) a user's sign-in methods; only the
 *   authentication administrators cover it, a User Administrator does not.
 */
export type UserChangeKind = 'sensitive' | 'password' | 'authentication-methods';

/** The target of a change, as far as coverage is concerned. */
export interface ChangeTarget {
  /** Display names of the target's effective directory roles (direct and through groups). */
  readonly roles: readonly string[];
  /** Whether the target is a member of a role-assignable group. */
  readonly inRoleAssignableGroup: boolean;
}

/** Roles that may act on every user, admins included. */
const COVERS_EVERYONE = new Set([
  'Global Administrator',
  'Privileged Authentication Administrator',
]);

// Target roles that a limited administrator may act on, besides users with no role at all.
const READERS_COVERED_BY_LIMITED_ADMINS = [
  'Directory Readers',
  'Guest Inviter',
  'Message Center Reader',
  'Reports Reader',
  'Usage Summary Reports Reader',
  'User Experience Success Manager',
  'Password Administrator',
];

const USER_ADMIN_TARGETS = new Set([
  ...READERS_COVERED_BY_LIMITED_ADMINS,
  'Groups Administrator',
  'Helpdesk Administrator',
  'User Administrator',
]);

const AUTH_ADMIN_TARGETS = new Set([
  ...READERS_COVERED_BY_LIMITED_ADMINS,
  'Authentication Administrator',
]);

/** "Who can perform sensitive actions": actor role → target roles it covers. */
const SENSITIVE_ACTION_COVERAGE = new Map<string, ReadonlySet<string>>([
  ['User Administrator', USER_ADMIN_TARGETS],
  ['Authentication Administrator', AUTH_ADMIN_TARGETS],
]);

/** "Who can reset passwords" (and invalidate refresh tokens): actor role → target roles. */
const PASSWORD_RESET_COVERAGE = new Map<string, ReadonlySet<string>>([
  ['User Administrator', USER_ADMIN_TARGETS],
  ['Authentication Administrator', AUTH_ADMIN_TARGETS],
  [
    'Helpdesk Administrator',
    new Set([...READERS_COVERED_BY_LIMITED_ADMINS, 'Helpdesk Administrator']),
  ],
  [
    'Password Administrator',
    new Set(['Directory Readers', 'Guest Inviter', 'Password Administrator']),
  ],
]);

/**
 * Who may manage sign-in methods (the "sensitive actions" column of Authentication
 * Administrator, as the bot's own table in src/lockdown/steps/requirements.ts reads it, which
 * also names Helpdesk Administrators): actor role → target roles it covers.
 */
const AUTHENTICATION_METHOD_COVERAGE = new Map<string, ReadonlySet<string>>([
  ['Authentication Administrator', new Set([...AUTH_ADMIN_TARGETS, 'Helpdesk Administrator'])],
]);

const COVERAGE: Readonly<Record<UserChangeKind, ReadonlyMap<string, ReadonlySet<string>>>> = {
  sensitive: SENSITIVE_ACTION_COVERAGE,
  password: PASSWORD_RESET_COVERAGE,
  'authentication-methods': AUTHENTICATION_METHOD_COVERAGE,
};

/**
 * Decides whether a caller holding `actorRoles` may change `target`.
 *
 * One of the actor's roles must cover every role of the target. Global Administrator and
 * Privileged Authentication Administrator cover everyone; members of role-assignable groups
 * are covered only by those two.
 *
 * @param actorRoles - Display names of the caller's directory roles.
 * @param target - The user being changed.
 * @param kind - Which table applies.
 */
export function mayChangeUser(
  actorRoles: readonly string[],
  target: ChangeTarget,
  kind: UserChangeKind,
): boolean {
  if (actorRoles.some((role) => COVERS_EVERYONE.has(role))) {
    return true;
  }
  if (target.inRoleAssignableGroup) {
    return false;
  }
  const table = COVERAGE[kind];
  return actorRoles.some((role) => {
    const covered = table.get(role);
    return covered !== undefined && target.roles.every((targetRole) => covered.has(targetRole));
  });
}
