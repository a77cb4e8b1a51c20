import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { findBuiltInRole } from './directory-roles';
import {
  footholdIssues,
  footholdSeedSchema,
  groupEligibleRolesSchema,
  licensesSeedSchema,
  type SeedFoothold,
  type SeedLicenses,
  verifiedDomainsSeedSchema,
} from './foothold-seed';
import { incidentsSeedSchema, type SeedIncident } from './incident-seed';
import { KNOWN_APPLICATION_PERMISSIONS } from './permissions';
import {
  type SeedServicePrincipal,
  servicePrincipalIds,
  servicePrincipalsSeedSchema,
} from './service-principal-seed';

/** An app registration (and its service principal) that can obtain tokens. */
export interface SeedApp {
  /** The application (client) id. */
  readonly clientId: string;
  /** The client secret accepted by the token endpoint; omit for certificate-only apps. */
  readonly clientSecret?: string;
  /**
   * When true, the token endpoint accepts a `client_assertion` (JWT) whose `iss` and `sub` are
   * this client id. The simulator does not check the assertion's signature.
   */
  readonly certificate?: boolean;
  /**
   * Object id of the app's service principal in this tenant: the `oid` (and `sub`) of its tokens,
   * and the `principalId` of its directory role assignments. Defaults to a GUID derived from the
   * tenant and client ids (stable across restarts).
   */
  readonly servicePrincipalId?: string;
  /** Display name, shown in tokens as `app_displayname`. */
  readonly displayName: string;
  /** Granted application permissions (app roles of Microsoft Graph), e.g. `User.Read.All`. */
  readonly permissions: readonly string[];
  /** Directory roles assigned to the app's service principal, by display name. */
  readonly directoryRoles: readonly string[];
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

/** A user account. */
export interface SeedUser {
  /** Object id. */
  readonly id: string;
  /** Sign-in name; looked up case-insensitively. */
  readonly userPrincipalName: string;
  /** Display name. */
  readonly displayName: string;
  /** Primary SMTP address. */
  readonly mail?: string;
  /** Job title. */
  readonly jobTitle?: string;
  /** Department. */
  readonly department?: string;
  /** Given name. */
  readonly givenName?: string;
  /** Surname. */
  readonly surname?: string;
  /** Mobile phone number. */
  readonly mobilePhone?: string;
  /** Office location. */
  readonly officeLocation?: string;
  /** Whether the account may sign in. */
  readonly accountEnabled: boolean;
  /** True for accounts synchronised from on-premises Active Directory. */
  readonly onPremisesSyncEnabled?: boolean;
  /** `Member` (default) or `Guest` (B2B). */
  readonly userType?: 'Member' | 'Guest';
  /** `cloud` (default) or `federated`: a federated user's password cannot be set through Graph. */
  readonly passwordPolicy?: 'cloud' | 'federated';
  /** Directory roles assigned directly to the user, by display name. */
  readonly directoryRoles?: readonly string[];
  /** Ids of groups the user is a direct member of (in addition to the groups' `members`). */
  readonly groups?: readonly string[];
  /** ISO creation time; defaults to 2020-01-01T00:00:00Z. */
  readonly createdDateTime?: string;
  /**
   * Intune managed devices of the user that have no device in the directory (listed by
   * `/users/{id}/managedDevices` after those derived from the user's registered devices).
   */
  readonly managedDevices?: readonly SeedManagedDevice[];
  /** What an attacker may have left in the account (see foothold-seed.ts). */
  readonly foothold?: SeedFoothold;
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

/** An Intune managed device that no directory device stands for. */
export interface SeedManagedDevice {
  /** The managed device's (Intune) id. */
  readonly id: string;
  /** Name. */
  readonly deviceName: string;
  /** e.g. `Windows`, `iOS`, `Android`, `macOS`. */
  readonly operatingSystem: string;
  /** A `deviceId` no directory device has; defaults to the all-zero GUID (not Entra-joined). */
  readonly azureADDeviceId?: string;
}

/** A device registered in the directory. */
export interface SeedDevice {
  /** Object id (used in `/devices/{id}`). */
  readonly id: string;
  /** The device's own id, as reported by the device; NOT the object id. */
  readonly deviceId: string;
  /** Display name. */
  readonly displayName: string;
  /** e.g. `Windows`, `iOS`, `Android`, `MacMDM`. */
  readonly operatingSystem: string;
  /** e.g. `10.0.22631.3007`. */
  readonly operatingSystemVersion?: string;
  /** Whether the device may be used to sign in. */
  readonly accountEnabled: boolean;
  /** Ids of users for whom the device is registered. */
  readonly registeredUsers: readonly string[];
  /** Ids of the device's registered owners; defaults to `registeredUsers`. */
  readonly registeredOwners?: readonly string[];
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

/** A security group. */
export interface SeedGroup {
  /** Object id. */
  readonly id: string;
  /** Display name. */
  readonly displayName: string;
  /** Ids of member users or groups. */
  readonly members: readonly string[];
  /** True for a role-assignable group: its members are protected like administrators. */
  readonly isAssignableToRole?: boolean;
  /** Directory roles assigned to the group (only for role-assignable groups), by display name. */
  readonly directoryRoles?: readonly string[];
  /** Directory roles the group's members may activate through PIM (role-assignable groups). */
  readonly eligibleRoles?: readonly string[];
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

/** The whole seed file: one fake tenant. */
export interface TenantSeed {
  /** Directory (tenant) id. */
  readonly tenantId: string;
  /** The tenant's primary domain, e.g. `contoso.com`; also accepted as tenant in token URLs. */
  readonly domain: string;
  /** App registrations that can obtain tokens. */
  readonly apps: readonly SeedApp[];
  /** User accounts. */
  readonly users: readonly SeedUser[];
  /** Registered devices. */
  readonly devices: readonly SeedDevice[];
  /** Security groups. */
  readonly groups?: readonly SeedGroup[];
  /** Licences (default: Entra ID P1 and P2); PIM and risk need P2, sign-ins P1. */
  readonly licenses?: SeedLicenses;
  /** The tenant's verified domains, default first; default: the domain and its onmicrosoft.com. */
  readonly verifiedDomains?: readonly string[];
  /** Other publishers' apps in the tenant, e.g. those users consented to. */
  readonly servicePrincipals?: readonly SeedServicePrincipal[];
  /** Microsoft Defender XDR incidents apps may comment on (see incident-seed.ts). */
  readonly incidents?: readonly SeedIncident[];
  /** Free text for humans; ignored. */
  readonly $comment?: string;
}

/** Thrown when a seed does not have the expected shape; lists every problem found. */
export class SeedValidationError extends Error {
  /** One line per problem, each starting with the JSON path, e.g. `users[2].id: ...`. */
  public readonly issues: readonly string[];

  /**
   * @param source - Where the seed came from (a file path, or `seed`).
   * @param issues - The problems found.
   */
  public constructor(source: string, issues: readonly string[]) {
    const noun = issues.length === 1 ? 'problem' : 'problems';
    super(
      `Invalid tenant seed ${source} (${issues.length} ${noun}):\n  - ${issues.join('\n  - ')}`,
    );
    this.name = 'SeedValidationError';
    this.issues = issues;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID, 'expected a UUID such as 00000000-0000-0000-0000-000000000000');
const text = z.string().min(1, 'must not be empty');
const comment = z.string().optional();
const roleName = z.string().refine((name) => findBuiltInRole(name) !== undefined, {
  message: 'unknown directory role (use the built-in display name, e.g. "User Administrator")',
});
const permission = z.string().refine((name) => KNOWN_APPLICATION_PERMISSIONS.includes(name), {
  message: 'unknown application permission (spelling matters, e.g. "User.Read.All")',
});

const appSchema = z
  .object({
    clientId: uuid,
    clientSecret: text.optional(),
    certificate: z.boolean().optional(),
    servicePrincipalId: uuid.optional(),
    displayName: text,
    permissions: z.array(permission),
    directoryRoles: z.array(roleName),
    $comment: comment,
  })
  .strict();

const userSchema = z
  .object({
    id: uuid,
    userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'expected name@domain'),
    displayName: text,
    mail: text.optional(),
    jobTitle: text.optional(),
    department: text.optional(),
    givenName: text.optional(),
    surname: text.optional(),
    mobilePhone: text.optional(),
    officeLocation: text.optional(),
    accountEnabled: z.boolean(),
    onPremisesSyncEnabled: z.boolean().optional(),
    userType: z.enum(['Member', 'Guest']).optional(),
    passwordPolicy: z.enum(['cloud', 'federated']).optional(),
    directoryRoles: z.array(roleName).optional(),
    groups: z.array(uuid).optional(),
    createdDateTime: z.string().datetime({ message: 'expected an ISO date-time' }).optional(),
    managedDevices: z
      .array(
        z
          .object({
            id: uuid,
            deviceName: text,
            operatingSystem: text,
            azureADDeviceId: uuid.optional(),
          })
          .strict(),
      )
      .optional(),
    foothold: footholdSeedSchema.optional(),
    $comment: comment,
  })
  .strict();

const deviceSchema = z
  .object({
    id: uuid,
    deviceId: uuid,
    displayName: text,
    operatingSystem: text,
    operatingSystemVersion: text.optional(),
    accountEnabled: z.boolean(),
    registeredUsers: z.array(uuid),
    registeredOwners: z.array(uuid).optional(),
    $comment: comment,
  })
  .strict();

const groupSchema = z
  .object({
    id: uuid,
    displayName: text,
    members: z.array(uuid),
    isAssignableToRole: z.boolean().optional(),
    directoryRoles: z.array(roleName).optional(),
    eligibleRoles: groupEligibleRolesSchema.optional(),
    $comment: comment,
  })
  .strict();

const seedSchema = z
  .object({
    tenantId: uuid,
    domain: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'expected a domain such as contoso.com'),
    apps: z.array(appSchema).min(1, 'at least one app is needed to obtain tokens'),
    users: z.array(userSchema),
    devices: z.array(deviceSchema),
    groups: z.array(groupSchema).optional(),
    licenses: licensesSeedSchema.optional(),
    verifiedDomains: verifiedDomainsSeedSchema.optional(),
    servicePrincipals: servicePrincipalsSeedSchema.optional(),
    incidents: incidentsSeedSchema.optional(),
    $comment: comment,
  })
  .strict();

/** Formats a zod path as `users[2].id`. */
function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`,
    '',
  );
}

/** Collects a problem for every value that occurs more than once. */
function reportDuplicates(
  values: readonly { readonly path: string; readonly value: string }[],
  what: string,
  issues: string[],
): void {
  const seen = new Map<string, string>();
  for (const { path, value } of values) {
    const key = value.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, path);
    } else {
      issues.push(`${path}: duplicate ${what} '${value}' (already used at ${first})`);
    }
  }
}

/** Checks what the schema cannot: uniqueness and references between objects. */
function crossCheck(seed: TenantSeed): string[] {
  const issues: string[] = [];
  const groups = seed.groups ?? [];
  const objectIds = [
    ...seed.users.map((u, i) => ({ path: `users[${i}].id`, value: u.id })),
    ...seed.devices.map((d, i) => ({ path: `devices[${i}].id`, value: d.id })),
    ...groups.map((g, i) => ({ path: `groups[${i}].id`, value: g.id })),
    ...seed.apps.flatMap((a, i) =>
      a.servicePrincipalId === undefined
        ? []
        : [{ path: `apps[${i}].servicePrincipalId`, value: a.servicePrincipalId }],
    ),
    ...servicePrincipalIds(seed.servicePrincipals),
  ];
  reportDuplicates(objectIds, 'object id', issues);
  reportDuplicates(
    seed.apps.map((a, i) => ({ path: `apps[${i}].clientId`, value: a.clientId })),
    'client id',
    issues,
  );
  reportDuplicates(
    seed.users.map((u, i) => ({
      path: `users[${i}].userPrincipalName`,
      value: u.userPrincipalName,
    })),
    'userPrincipalName',
    issues,
  );
  reportDuplicates(
    seed.devices.map((d, i) => ({ path: `devices[${i}].deviceId`, value: d.deviceId })),
    'deviceId',
    issues,
  );

  const userIds = new Set(seed.users.map((u) => u.id.toLowerCase()));
  const groupIds = new Set(groups.map((g) => g.id.toLowerCase()));
  const expect = (ids: Set<string>, id: string, path: string, what: string): void => {
    if (!ids.has(id.toLowerCase())) {
      issues.push(`${path}: no ${what} has id '${id}'`);
    }
  };

  seed.apps.forEach((app, i) => {
    if (app.clientSecret === undefined && app.certificate !== true) {
      issues.push(`apps[${i}]: needs a clientSecret or "certificate": true to obtain tokens`);
    }
  });
  seed.users.forEach((user, i) =>
    user.groups?.forEach((id, j) => expect(groupIds, id, `users[${i}].groups[${j}]`, 'group')),
  );
  seed.devices.forEach((device, i) => {
    device.registeredUsers.forEach((id, j) =>
      expect(userIds, id, `devices[${i}].registeredUsers[${j}]`, 'user'),
    );
    device.registeredOwners?.forEach((id, j) =>
      expect(userIds, id, `devices[${i}].registeredOwners[${j}]`, 'user'),
    );
  });
  const members = new Set([...userIds, ...groupIds]);
  groups.forEach((group, i) => {
    group.members.forEach((id, j) =>
      expect(members, id, `groups[${i}].members[${j}]`, 'user or group'),
    );
    if ((group.directoryRoles ?? []).length > 0 && group.isAssignableToRole !== true) {
      issues.push(
        `groups[${i}].directoryRoles: only a group with "isAssignableToRole": true can hold roles`,
      );
    }
  });
  issues.push(...footholdIssues(seed));
  return issues;
}

/**
 * Validates a parsed seed and returns it typed.
 *
 * @param value - The parsed JSON.
 * @param source - Named in the error message, e.g. the file path.
 * @throws SeedValidationError listing every problem found.
 */
export function parseTenantSeed(value: unknown, source = 'seed'): TenantSeed {
  const parsed = seedSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const path = formatPath(issue.path);
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    });
    throw new SeedValidationError(source, issues);
  }
  const seed: TenantSeed = parsed.data;
  const issues = crossCheck(seed);
  if (issues.length > 0) {
    throw new SeedValidationError(source, issues);
  }
  return seed;
}

/**
 * Reads, parses and validates a seed file.
 *
 * @param path - Path of a JSON seed file.
 * @throws Error when the file cannot be read or is not JSON; SeedValidationError when the
 *   content is not a valid seed.
 */
export function loadTenantSeed(path: string): TenantSeed {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read tenant seed ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`Tenant seed ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseTenantSeed(json, path);
}
