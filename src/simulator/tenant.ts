import { createHash } from 'node:crypto';
import { BuiltInRole, findBuiltInRole, mayChangeUser, UserChangeKind } from './directory-roles';
import { accessDenied, badRequest, resourceNotFound } from './graph-error';
import {
  ENABLE_DISABLE_USER,
  holdsAny,
  RESET_PASSWORD,
  WRITE_DEVICE,
  WRITE_USER_PROFILE,
} from './permissions';
import { SeedApp, SeedDevice, SeedGroup, SeedUser, TenantSeed } from './seed';

/** A user as the simulated directory holds it. */
export interface TenantUser {
  /** Object id. */
  readonly id: string;
  /** Sign-in name. */
  readonly userPrincipalName: string;
  /** Display name. */
  readonly displayName: string;
  /** Primary SMTP address. */
  readonly mail: string | null;
  /** Job title. */
  readonly jobTitle: string | null;
  /** Department. */
  readonly department: string | null;
  /** Given name. */
  readonly givenName: string | null;
  /** Surname. */
  readonly surname: string | null;
  /** Mobile phone number. */
  readonly mobilePhone: string | null;
  /** Office location. */
  readonly officeLocation: string | null;
  /** Whether the account may sign in. */
  readonly accountEnabled: boolean;
  /** True for accounts synchronised from on-premises AD; null for cloud-only ones. */
  readonly onPremisesSyncEnabled: boolean | null;
  /** `Member` or `Guest`. */
  readonly userType: 'Member' | 'Guest';
  /** `federated` users' passwords cannot be set through Graph. */
  readonly passwordPolicy: 'cloud' | 'federated';
  /** Directly assigned directory roles, by display name. */
  readonly directoryRoles: readonly string[];
  /** ISO creation time. */
  readonly createdDateTime: string;
  /** Tokens issued before this time are invalid; moved by revokeSignInSessions. */
  readonly signInSessionsValidFromDateTime: string;
  /** Last time the password was set. */
  readonly lastPasswordChangeDateTime: string;
  /** From the last password reset; false until one happens. */
  readonly forceChangePasswordNextSignIn: boolean;
  /** How many times the password was set through Graph. */
  readonly passwordResets: number;
  /** Identity Protection risk state, changed by riskyUsers/confirmCompromised and dismiss. */
  readonly riskState: 'none' | 'confirmedCompromised' | 'dismissed';
}

/** A device as the simulated directory holds it. */
export interface TenantDevice {
  /** Object id (used in `/devices/{id}`). */
  readonly id: string;
  /** The device's own id; not the object id. */
  readonly deviceId: string;
  /** Display name. */
  readonly displayName: string;
  /** e.g. `Windows`, `iOS`, `Android`, `MacMDM`. */
  readonly operatingSystem: string;
  /** Operating system version. */
  readonly operatingSystemVersion: string | null;
  /** Whether the device may be used to sign in. */
  readonly accountEnabled: boolean;
  /** Ids of the users the device is registered for. */
  readonly registeredUsers: readonly string[];
  /** Ids of the device's registered owners. */
  readonly registeredOwners: readonly string[];
}

/** An Intune managed device as `/users/{id}/managedDevices` lists it. */
export interface TenantManagedDevice {
  /** The managed device's (Intune) id. */
  readonly id: string;
  /** Name (the directory device's `displayName` for derived ones). */
  readonly deviceName: string;
  /** Operating system. */
  readonly operatingSystem: string;
  /** The directory device's `deviceId` (not its object id). */
  readonly azureADDeviceId: string;
}

/** The `azureADDeviceId` Intune reports for a device that is not in the directory. */
export const NO_AZURE_AD_DEVICE_ID = '00000000-0000-0000-0000-000000000000';

/** A group as the simulated directory holds it. */
export interface TenantGroup {
  /** Object id. */
  readonly id: string;
  /** Display name. */
  readonly displayName: string;
  /** Ids of direct members (users or groups). */
  readonly members: readonly string[];
  /** Whether the group is role-assignable (its members are protected like admins). */
  readonly isAssignableToRole: boolean;
  /** Directory roles held by the group, by display name. */
  readonly directoryRoles: readonly string[];
}

/** An activated directory role as Graph lists it under `memberOf`. */
export interface DirectoryRoleObject {
  /** Object id of the activated role in this tenant (differs from the template id). */
  readonly id: string;
  /** e.g. `Global Administrator`. */
  readonly displayName: string;
  /** The built-in role's immutable template id. */
  readonly roleTemplateId: string;
}

/** An app registration with its service principal's object id resolved. */
export interface TenantApp extends SeedApp {
  /** Object id of the app's service principal: its tokens' `oid`. */
  readonly servicePrincipalId: string;
}

/** A directory role assignment as Graph lists it under `roleManagement/directory/roleAssignments`. */
export interface RoleAssignmentObject {
  /** The assignment's id. */
  readonly id: string;
  /** Object id of the user, group or service principal holding the role. */
  readonly principalId: string;
  /** For a built-in role, its template id. */
  readonly roleDefinitionId: string;
  /** `/`: the whole tenant (the simulator has no scoped assignments). */
  readonly directoryScopeId: string;
}

/** Who is calling: what the token grants and which roles the app's service principal holds. */
export interface Caller {
  /** Application permissions from the token's `roles` claim. */
  readonly permissions: readonly string[];
  /** Directory roles of the calling app's service principal, by display name. */
  readonly directoryRoles: readonly string[];
  /** The calling app's display name, when it is one of the seed's (who wrote a comment). */
  readonly appDisplayName?: string;
}

/** A change to a user. Absent fields are left alone. */
export interface UserChange {
  /** Enable or disable sign-in (a sensitive property). */
  readonly accountEnabled?: boolean;
  /** New display name (User.ReadWrite.All; not for synced users). */
  readonly displayName?: string;
  /** New job title (User.ReadWrite.All; not for synced users). */
  readonly jobTitle?: string;
  /** New department (User.ReadWrite.All; not for synced users). */
  readonly department?: string;
  /** New password (a sensitive property). */
  readonly passwordProfile?: {
    readonly password: string;
    readonly forceChangePasswordNextSignIn: boolean;
  };
}

/** A change to a device. Absent fields are left alone. */
export interface DeviceChange {
  /** Enable or disable the device. */
  readonly accountEnabled?: boolean;
}

/** Read access to the simulated tenant, for tests and tools. */
export interface TenantView {
  /** The tenant (directory) id. */
  readonly tenantId: string;
  /** The tenant's primary domain. */
  readonly domain: string;
  /** A snapshot of a user found by object id or (case-insensitive) UPN. */
  user(idOrUpn: string): TenantUser | undefined;
  /** A snapshot of a device found by object id. */
  device(id: string): TenantDevice | undefined;
  /**
   * Snapshots of a user's devices, in seed order.
   *
   * @param userId - The user's object id.
   * @param relation - `registered` (default; registeredDevices) or `owned` (ownedDevices).
   */
  devicesOf(userId: string, relation?: 'registered' | 'owned'): readonly TenantDevice[];
  /** Snapshots of every user, in seed order. */
  users(): readonly TenantUser[];
  /** Snapshots of every device, in seed order. */
  devices(): readonly TenantDevice[];
  /** Snapshots of every group, in seed order. */
  groups(): readonly TenantGroup[];
}

/** Entra ID's password rule: 8 to 256 characters, three of the four character classes. */
export function passwordMeetsComplexity(password: string): boolean {
  if (password.length < 8 || password.length > 256) {
    return false;
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  return classes.filter((pattern) => pattern.test(password)).length >= 3;
}

/** Graph's timestamps for these properties have whole seconds and a `Z`. */
export function toGraphTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A stable UUID derived from text, so activated roles keep their ids across restarts. */
function derivedUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const DEFAULT_CREATED = '2020-01-01T00:00:00Z';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function userFromSeed(seed: SeedUser): Mutable<TenantUser> {
  const created = seed.createdDateTime ?? DEFAULT_CREATED;
  return {
    id: seed.id,
    userPrincipalName: seed.userPrincipalName,
    displayName: seed.displayName,
    mail: seed.mail ?? null,
    jobTitle: seed.jobTitle ?? null,
    department: seed.department ?? null,
    givenName: seed.givenName ?? null,
    surname: seed.surname ?? null,
    mobilePhone: seed.mobilePhone ?? null,
    officeLocation: seed.officeLocation ?? null,
    accountEnabled: seed.accountEnabled,
    onPremisesSyncEnabled: seed.onPremisesSyncEnabled ?? null,
    userType: seed.userType ?? 'Member',
    passwordPolicy: seed.passwordPolicy ?? 'cloud',
    directoryRoles: [...(seed.directoryRoles ?? [])],
    createdDateTime: created,
    signInSessionsValidFromDateTime: created,
    lastPasswordChangeDateTime: created,
    forceChangePasswordNextSignIn: false,
    passwordResets: 0,
    riskState: 'none',
  };
}

function deviceFromSeed(seed: SeedDevice): Mutable<TenantDevice> {
  return {
    id: seed.id,
    deviceId: seed.deviceId,
    displayName: seed.displayName,
    operatingSystem: seed.operatingSystem,
    operatingSystemVersion: seed.operatingSystemVersion ?? null,
    accountEnabled: seed.accountEnabled,
    registeredUsers: [...seed.registeredUsers],
    registeredOwners: [...(seed.registeredOwners ?? seed.registeredUsers)],
  };
}

function groupFromSeed(seed: SeedGroup, seedUsers: readonly SeedUser[]): TenantGroup {
  // A user's `groups` list is another way to state membership; merge both.
  const viaUsers = seedUsers.filter((u) => u.groups?.includes(seed.id)).map((u) => u.id);
  return {
    id: seed.id,
    displayName: seed.displayName,
    members: [...new Set([...seed.members, ...viaUsers])],
    isAssignableToRole: seed.isAssignableToRole ?? false,
    directoryRoles: [...(seed.directoryRoles ?? [])],
  };
}

/**
 * The in-memory state of one fake tenant, cloned from a seed, with Entra ID's rules for the
 * operations the simulator supports. Throws a GraphError for anything Graph would refuse.
 */
export class Tenant implements TenantView {
  /** {@inheritDoc TenantView.tenantId} */
  public readonly tenantId: string;
  /** {@inheritDoc TenantView.domain} */
  public readonly domain: string;
  private readonly apps: readonly TenantApp[];
  private readonly usersById = new Map<string, Mutable<TenantUser>>();
  private readonly devicesById = new Map<string, Mutable<TenantDevice>>();
  private readonly groupsById = new Map<string, TenantGroup>();
  /** Managed devices with no directory device, by lower-case user id. */
  private readonly intuneOnly = new Map<string, readonly TenantManagedDevice[]>();

  /** @param seed - A validated seed (see `parseTenantSeed`); it is copied, not kept. */
  public constructor(seed: TenantSeed) {
    this.tenantId = seed.tenantId;
    this.domain = seed.domain;
    this.apps = seed.apps.map((app) => ({
      ...app,
      servicePrincipalId:
        app.servicePrincipalId ?? derivedUuid(`${seed.tenantId}/servicePrincipal/${app.clientId}`),
    }));
    for (const user of seed.users) {
      this.usersById.set(user.id.toLowerCase(), userFromSeed(user));
      this.intuneOnly.set(
        user.id.toLowerCase(),
        (user.managedDevices ?? []).map((device) => ({
          id: device.id,
          deviceName: device.deviceName,
          operatingSystem: device.operatingSystem,
          azureADDeviceId: device.azureADDeviceId ?? NO_AZURE_AD_DEVICE_ID,
        })),
      );
    }
    for (const device of seed.devices) {
      this.devicesById.set(device.id.toLowerCase(), deviceFromSeed(device));
    }
    for (const group of seed.groups ?? []) {
      this.groupsById.set(group.id.toLowerCase(), groupFromSeed(group, seed.users));
    }
  }

  /** Whether `name` (an id or a domain, any case) designates this tenant. */
  public isNamed(name: string): boolean {
    const lower = name.toLowerCase();
    return lower === this.tenantId.toLowerCase() || lower === this.domain.toLowerCase();
  }

  /** The app registration with this client id, if any. */
  public app(clientId: string): TenantApp | undefined {
    return this.apps.find((app) => app.clientId.toLowerCase() === clientId.toLowerCase());
  }

  /** {@inheritDoc TenantView.user} */
  public user(idOrUpn: string): TenantUser | undefined {
    const user = this.findUser(idOrUpn);
    return user === undefined ? undefined : { ...user, directoryRoles: [...user.directoryRoles] };
  }

  /** {@inheritDoc TenantView.device} */
  public device(id: string): TenantDevice | undefined {
    const device = this.devicesById.get(id.toLowerCase());
    return device === undefined ? undefined : copyDevice(device);
  }

  /** {@inheritDoc TenantView.users} */
  public users(): readonly TenantUser[] {
    return [...this.usersById.values()].map((user) => ({
      ...user,
      directoryRoles: [...user.directoryRoles],
    }));
  }

  /** {@inheritDoc TenantView.devices} */
  public devices(): readonly TenantDevice[] {
    return [...this.devicesById.values()].map(copyDevice);
  }

  /** {@inheritDoc TenantView.groups} */
  public groups(): readonly TenantGroup[] {
    return [...this.groupsById.values()];
  }

  /**
   * The user, or a 404 `Request_ResourceNotFound` naming `idOrUpn`.
   *
   * @param idOrUpn - Object id or user principal name.
   */
  public requireUser(idOrUpn: string): TenantUser {
    const user = this.user(idOrUpn);
    if (user === undefined) {
      throw resourceNotFound(idOrUpn);
    }
    return user;
  }

  /** {@inheritDoc TenantView.devicesOf} */
  public devicesOf(
    userId: string,
    relation: 'registered' | 'owned' = 'registered',
  ): readonly TenantDevice[] {
    const id = userId.toLowerCase();
    return this.devices().filter((device) =>
      (relation === 'registered' ? device.registeredUsers : device.registeredOwners).some(
        (member) => member.toLowerCase() === id,
      ),
    );
  }

  /**
   * A user's Intune managed devices: one per registered device (`azureADDeviceId` = its
   * `deviceId`, a stable derived id), then the seed's Intune-only ones.
   *
   * @param userId - The user's object id.
   */
  public managedDevicesOf(userId: string): readonly TenantManagedDevice[] {
    const derived = this.devicesOf(userId, 'registered').map((device) => ({
      id: derivedUuid(`${this.tenantId}/managedDevice/${device.id.toLowerCase()}`),
      deviceName: device.displayName,
      operatingSystem: device.operatingSystem,
      azureADDeviceId: device.deviceId,
    }));
    return [...derived, ...(this.intuneOnly.get(userId.toLowerCase()) ?? [])];
  }

  /**
   * The directory devices whose `deviceId` (not object id) is `deviceId`, any case.
   *
   * @param deviceId - The device's own id.
   */
  public devicesWithDeviceId(deviceId: string): readonly TenantDevice[] {
    const key = deviceId.toLowerCase();
    return this.devices().filter((device) => device.deviceId.toLowerCase() === key);
  }

  /**
   * Ids of the groups a user belongs to, directly and through nested groups.
   *
   * @param userId - The user's object id.
   */
  public transitiveGroupIds(userId: string): ReadonlySet<string> {
    const found = new Set<string>();
    let frontier = [userId.toLowerCase()];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const group of this.groupsById.values()) {
        const key = group.id.toLowerCase();
        if (!found.has(key) && group.members.some((m) => frontier.includes(m.toLowerCase()))) {
          found.add(key);
          next.push(key);
        }
      }
      frontier = next;
    }
    return new Set([...found].map((key) => this.groupsById.get(key)?.id ?? key));
  }

  /**
   * The users in a group, directly or through nested groups, in seed order; `undefined` when the
   * group does not exist.
   *
   * @param groupId - The group's object id.
   */
  public transitiveUserMembers(groupId: string): readonly TenantUser[] | undefined {
    const group = this.groupsById.get(groupId.toLowerCase());
    if (group === undefined) return undefined;
    const memberIds = new Set<string>();
    const seenGroups = new Set<string>();
    const visit = (current: TenantGroup): void => {
      if (seenGroups.has(current.id.toLowerCase())) return;
      seenGroups.add(current.id.toLowerCase());
      for (const member of current.members) {
        const nested = this.groupsById.get(member.toLowerCase());
        if (nested) visit(nested);
        else memberIds.add(member.toLowerCase());
      }
    };
    visit(group);
    return this.users().filter((user) => memberIds.has(user.id.toLowerCase()));
  }

  /**
   * The directory roles of a user as Graph lists them.
   *
   * @param userId - The user's object id.
   * @param transitive - Include roles held through role-assignable groups (transitiveMemberOf).
   */
  public directoryRolesOf(userId: string, transitive: boolean): readonly DirectoryRoleObject[] {
    const user = this.findUser(userId);
    if (user === undefined) {
      return [];
    }
    const names = new Set(user.directoryRoles);
    if (transitive) {
      for (const groupId of this.transitiveGroupIds(user.id)) {
        this.groupsById.get(groupId.toLowerCase())?.directoryRoles.forEach((r) => names.add(r));
      }
    }
    return [...names]
      .map((name) => findBuiltInRole(name))
      .filter((role): role is BuiltInRole => role !== undefined)
      .map((role) => ({
        id: derivedUuid(`${this.tenantId}/${role.roleTemplateId}`),
        displayName: role.displayName,
        roleTemplateId: role.roleTemplateId,
      }));
  }

  /**
   * The directory roles assigned directly to a principal (a user, a role-assignable group or an
   * app's service principal), as role assignments; none for an unknown id.
   *
   * @param principalId - The principal's object id.
   */
  public roleAssignmentsOf(principalId: string): readonly RoleAssignmentObject[] {
    const key = principalId.toLowerCase();
    const principal =
      this.usersById.get(key) ??
      this.groupsById.get(key) ??
      this.apps.find((app) => app.servicePrincipalId.toLowerCase() === key);
    const id =
      principal === undefined
        ? principalId
        : 'servicePrincipalId' in principal
          ? principal.servicePrincipalId
          : principal.id;
    return (principal?.directoryRoles ?? [])
      .map((name) => findBuiltInRole(name))
      .filter((role): role is BuiltInRole => role !== undefined)
      .map((role) => ({
        id: derivedUuid(`${this.tenantId}/assignment/${id}/${role.roleTemplateId}`),
        principalId: id,
        roleDefinitionId: role.roleTemplateId,
        directoryScopeId: '/',
      }));
  }

  /**
   * Which of `groupIds` the user is a transitive member of, in the order given.
   *
   * @param userId - The user's object id.
   * @param groupIds - Group ids to test.
   */
  public checkMemberGroups(userId: string, groupIds: readonly string[]): readonly string[] {
    const groups = new Set([...this.transitiveGroupIds(userId)].map((id) => id.toLowerCase()));
    return groupIds.filter((id) => groups.has(id.toLowerCase()));
  }

  /**
   * Applies `PATCH /users/{id}` with Entra ID's checks: the permission for each property, the
   * directory-role coverage of the target for `accountEnabled` and `passwordProfile`, federated
   * passwords, password complexity, and synced users' read-only profile. Nothing changes unless
   * every check passes.
   *
   * @param caller - The calling app.
   * @param idOrUpn - The target user.
   * @param change - What to change.
   * @param now - The time of the change.
   */
  public updateUser(caller: Caller, idOrUpn: string, change: UserChange, now: Date): void {
    const user = this.findUser(idOrUpn);
    if (user === undefined) {
      throw resourceNotFound(idOrUpn);
    }
    const { accountEnabled, displayName, jobTitle, department } = change;
    const profileChange = { displayName, jobTitle, department };
    const changesProfile = Object.values(profileChange).some((value) => value !== undefined);
    if (changesProfile) {
      requirePermission(caller, WRITE_USER_PROFILE);
      if (user.onPremisesSyncEnabled === true) {
        throw badRequest(
          'Unable to update the specified properties for on-premises mastered Directory Sync ' +
            'objects or objects currently undergoing migration.',
        );
      }
    }
    if (accountEnabled !== undefined) {
      requirePermission(caller, ENABLE_DISABLE_USER);
      this.requireCoverage(caller, user, 'sensitive');
    }
    const profile = change.passwordProfile;
    if (profile !== undefined) {
      requirePermission(caller, RESET_PASSWORD);
      this.requireCoverage(caller, user, 'password');
      if (user.passwordPolicy === 'federated') {
        const domain = user.userPrincipalName.split('@')[1] ?? this.domain;
        throw badRequest(
          `The password of user '${user.userPrincipalName}' is managed by the federated identity ` +
            `provider of domain '${domain}'; it cannot be set through Microsoft Graph.`,
        );
      }
      if (!passwordMeetsComplexity(profile.password)) {
        throw badRequest(
          'The specified password does not comply with password complexity requirements. ' +
            'Please provide a different password.',
        );
      }
    }
    if (accountEnabled !== undefined) {
      user.accountEnabled = accountEnabled;
    }
    user.displayName = displayName ?? user.displayName;
    user.jobTitle = jobTitle ?? user.jobTitle;
    user.department = department ?? user.department;
    if (profile !== undefined) {
      user.lastPasswordChangeDateTime = toGraphTimestamp(now);
      user.forceChangePasswordNextSignIn = profile.forceChangePasswordNextSignIn;
      user.passwordResets += 1;
    }
  }

  /**
   * `POST /users/{id}/revokeSignInSessions`: moves `signInSessionsValidFromDateTime` to now.
   * Needs the same role coverage as a password reset (invalidating refresh tokens).
   *
   * @param caller - The calling app.
   * @param idOrUpn - The target user.
   * @param now - The time of the revocation.
   */
  public revokeSignInSessions(caller: Caller, idOrUpn: string, now: Date): void {
    const user = this.findUser(idOrUpn);
    if (user === undefined) {
      throw resourceNotFound(idOrUpn);
    }
    this.requireCoverage(caller, user, 'password');
    user.signInSessionsValidFromDateTime = toGraphTimestamp(now);
  }

  /**
   * `POST /identityProtection/riskyUsers/confirmCompromised` or `.../dismiss`: sets the risk
   * state of every listed user, or of none when one id is unknown.
   *
   * @param userIds - Object ids.
   * @param state - The new risk state.
   */
  public setRiskState(
    userIds: readonly string[],
    state: 'confirmedCompromised' | 'dismissed',
  ): void {
    const users = userIds.map((id) => {
      const user = this.usersById.get(id.toLowerCase());
      if (user === undefined) {
        throw resourceNotFound(id);
      }
      return user;
    });
    users.forEach((user) => (user.riskState = state));
  }

  /**
   * `PATCH /devices/{id}`. App-only callers may change only Windows devices; Graph answers 403
   * for iOS, Android, macOS and others.
   *
   * @param caller - The calling app.
   * @param id - The device's object id (not its deviceId).
   * @param change - What to change.
   */
  public updateDevice(caller: Caller, id: string, change: DeviceChange): void {
    requirePermission(caller, WRITE_DEVICE);
    const device = this.devicesById.get(id.toLowerCase());
    if (device === undefined) {
      throw resourceNotFound(id);
    }
    if (change.accountEnabled === undefined) {
      return;
    }
    if (!device.operatingSystem.toLowerCase().startsWith('windows')) {
      throw accessDenied();
    }
    device.accountEnabled = change.accountEnabled;
  }

  private findUser(idOrUpn: string): Mutable<TenantUser> | undefined {
    const key = idOrUpn.toLowerCase();
    const byId = this.usersById.get(key);
    if (byId !== undefined) {
      return byId;
    }
    for (const user of this.usersById.values()) {
      if (user.userPrincipalName.toLowerCase() === key) {
        return user;
      }
    }
    return undefined;
  }

  private requireCoverage(caller: Caller, user: TenantUser, kind: UserChangeKind): void {
    const roles = this.directoryRolesOf(user.id, true).map((role) => role.displayName);
    const inRoleAssignableGroup = [...this.transitiveGroupIds(user.id)].some(
      (id) => this.groupsById.get(id.toLowerCase())?.isAssignableToRole === true,
    );
    if (!mayChangeUser(caller.directoryRoles, { roles, inRoleAssignableGroup }, kind)) {
      throw accessDenied();
    }
  }
}

function copyDevice(device: TenantDevice): TenantDevice {
  return {
    ...device,
    registeredUsers: [...device.registeredUsers],
    registeredOwners: [...device.registeredOwners],
  };
}

function requirePermission(caller: Caller, accepted: readonly string[]): void {
  if (!holdsAny(caller.permissions, accepted)) {
    throw accessDenied();
  }
}
