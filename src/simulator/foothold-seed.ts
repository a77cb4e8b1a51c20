/**
 * The seed of what an attacker may have left in an account (issue 11): authentication methods,
 * inbox rules, delegated consents, PIM eligibility, Identity Protection risk and sign-ins, per
 * user; eligibility per group; the tenant's licences and verified domains. Kept apart from
 * seed.ts, which only hooks these schemas in.
 */
import { z } from 'zod';
import { findBuiltInRole } from './directory-roles';

/** The kinds of authentication methods the simulator serves (Graph v1.0 types). */
export const AUTH_METHOD_TYPES = [
  'password',
  'microsoftAuthenticator',
  'phone',
  'fido2',
  'email',
  'softwareOath',
  'windowsHelloForBusiness',
  'temporaryAccessPass',
] as const;

/** One registered authentication method. */
export interface SeedAuthMethod {
  /** The method's id (Graph's are GUIDs; the password method's is a fixed one). */
  readonly id: string;
  readonly type: (typeof AUTH_METHOD_TYPES)[number];
  /** Authenticator: the phone's name; FIDO2 and Windows Hello: the key's or device's name. */
  readonly displayName?: string;
  /** Authenticator: e.g. `SoftwareTokenActivated`. */
  readonly deviceTag?: string;
  /** Authenticator: the app's version. */
  readonly phoneAppVersion?: string;
  /** Phone: e.g. `+1 2065550123`. */
  readonly phoneNumber?: string;
  /** Phone: `mobile` (default), `alternateMobile` or `office`. */
  readonly phoneType?: 'mobile' | 'alternateMobile' | 'office';
  /** FIDO2: the key's model. */
  readonly model?: string;
  /** Email: the address. */
  readonly emailAddress?: string;
  /** When it was registered, ISO; absent for types Graph gives no time for. */
  readonly createdDateTime?: string;
  /**
   * The user's default (preferred) MFA method: Graph refuses to delete it while the user has
   * other methods besides the password. At most one per user; never the password.
   */
  readonly isDefault?: boolean;
}

/** An inbox rule: what it matches (a few predicates) and what it does. */
export interface SeedMessageRule {
  readonly id: string;
  readonly displayName: string;
  /** Default true. */
  readonly isEnabled?: boolean;
  /** Order of evaluation; defaults to the rule's position (1, 2, ...). */
  readonly sequence?: number;
  readonly conditions?: {
    readonly subjectContains?: readonly string[];
    readonly bodyOrSubjectContains?: readonly string[];
    readonly senderContains?: readonly string[];
  };
  readonly actions: {
    /** Addresses. */
    readonly forwardTo?: readonly string[];
    readonly forwardAsAttachmentTo?: readonly string[];
    readonly redirectTo?: readonly string[];
    readonly delete?: boolean;
    readonly permanentDelete?: boolean;
    /** A folder id or well-known name, e.g. `archive`, `deleteditems`, `rssfeeds`. */
    readonly moveToFolder?: string;
    readonly markAsRead?: boolean;
    readonly stopProcessingRules?: boolean;
  };
}

/** A delegated permission grant the user consented to. */
export interface SeedConsent {
  readonly id: string;
  /** The client app's service principal id. */
  readonly clientId: string;
  /** The resource's service principal id (e.g. Microsoft Graph's). */
  readonly resourceId: string;
  /** Space-separated scopes, e.g. `Mail.Read offline_access`. */
  readonly scope: string;
}

/** Identity Protection's record of the user. */
export interface SeedRisk {
  readonly riskLevel: 'none' | 'low' | 'medium' | 'high' | 'hidden';
  readonly riskState:
    'none' | 'atRisk' | 'confirmedCompromised' | 'remediated' | 'dismissed' | 'confirmedSafe';
  readonly riskDetail?: string;
  readonly riskLastUpdatedDateTime?: string;
}

/** One sign-in of the user. */
export interface SeedSignIn {
  readonly createdDateTime: string;
  readonly appDisplayName: string;
  readonly ipAddress: string;
  readonly city?: string;
  readonly countryOrRegion?: string;
  /** 0 (default) for success. */
  readonly errorCode?: number;
  readonly failureReason?: string;
}

/** Everything the attacker may have left in one account. */
export interface SeedFoothold {
  /** Besides the password method, which every user has (listed first). */
  readonly authenticationMethods?: readonly SeedAuthMethod[];
  /** Whether the user has an Exchange Online mailbox; default true. */
  readonly mailbox?: boolean;
  /** The inbox's rules. */
  readonly messageRules?: readonly SeedMessageRule[];
  readonly consents?: readonly SeedConsent[];
  /** Directory roles the user is eligible for directly (PIM), by display name. */
  readonly eligibleRoles?: readonly string[];
  /** Absent: Identity Protection has no record of the user (404). */
  readonly risk?: SeedRisk;
  /** In any order; served newest first. */
  readonly signIns?: readonly SeedSignIn[];
}

/** The tenant's licences (both default to true: P2 includes P1). */
export interface SeedLicenses {
  readonly entraIdP1?: boolean;
  readonly entraIdP2?: boolean;
  /** Microsoft Defender for Identity (on-premises AD accounts' actions); default false. */
  readonly defenderForIdentity?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID, 'expected a UUID such as 00000000-0000-0000-0000-000000000000');
const text = z.string().min(1, 'must not be empty');
const dateTime = z.string().datetime({ message: 'expected an ISO date-time' });
const address = z.string().regex(/^[^@\s]+@[^@\s]+$/, 'expected an email address');
const roleName = z.string().refine((name) => findBuiltInRole(name) !== undefined, {
  message: 'unknown directory role (use the built-in display name, e.g. "User Administrator")',
});

const authMethodSchema = z
  .object({
    id: text,
    type: z.enum(AUTH_METHOD_TYPES),
    displayName: text.optional(),
    deviceTag: text.optional(),
    phoneAppVersion: text.optional(),
    phoneNumber: text.optional(),
    phoneType: z.enum(['mobile', 'alternateMobile', 'office']).optional(),
    model: text.optional(),
    emailAddress: address.optional(),
    createdDateTime: dateTime.optional(),
    isDefault: z.boolean().optional(),
  })
  .strict();

const messageRuleSchema = z
  .object({
    id: text,
    displayName: text,
    isEnabled: z.boolean().optional(),
    sequence: z.number().int().min(1).optional(),
    conditions: z
      .object({
        subjectContains: z.array(text).optional(),
        bodyOrSubjectContains: z.array(text).optional(),
        senderContains: z.array(text).optional(),
      })
      .strict()
      .optional(),
    actions: z
      .object({
        forwardTo: z.array(address).optional(),
        forwardAsAttachmentTo: z.array(address).optional(),
        redirectTo: z.array(address).optional(),
        delete: z.boolean().optional(),
        permanentDelete: z.boolean().optional(),
        moveToFolder: text.optional(),
        markAsRead: z.boolean().optional(),
        stopProcessingRules: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

/** The `foothold` of a seed user. */
export const footholdSeedSchema = z
  .object({
    authenticationMethods: z.array(authMethodSchema).optional(),
    mailbox: z.boolean().optional(),
    messageRules: z.array(messageRuleSchema).optional(),
    consents: z
      .array(z.object({ id: text, clientId: uuid, resourceId: uuid, scope: text }).strict())
      .optional(),
    eligibleRoles: z.array(roleName).optional(),
    risk: z
      .object({
        riskLevel: z.enum(['none', 'low', 'medium', 'high', 'hidden']),
        riskState: z.enum([
          'none',
          'atRisk',
          'confirmedCompromised',
          'remediated',
          'dismissed',
          'confirmedSafe',
        ]),
        riskDetail: text.optional(),
        riskLastUpdatedDateTime: dateTime.optional(),
      })
      .strict()
      .optional(),
    signIns: z
      .array(
        z
          .object({
            createdDateTime: dateTime,
            appDisplayName: text,
            ipAddress: text,
            city: text.optional(),
            countryOrRegion: text.optional(),
            errorCode: z.number().int().optional(),
            failureReason: text.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** The seed's `licenses`. */
export const licensesSeedSchema = z
  .object({
    entraIdP1: z.boolean().optional(),
    entraIdP2: z.boolean().optional(),
    defenderForIdentity: z.boolean().optional(),
  })
  .strict();

/** The seed's `verifiedDomains` (the first is the default one). */
export const verifiedDomainsSeedSchema = z
  .array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'expected a domain such as contoso.com'))
  .min(1);

/** A group's `eligibleRoles`: directory roles its members may activate (PIM). */
export const groupEligibleRolesSchema = z.array(roleName);

/** What the cross-checks of seed.ts need to know of a seed. */
interface FootholdSeedView {
  readonly licenses?: SeedLicenses;
  readonly users: readonly { readonly foothold?: SeedFoothold }[];
  readonly groups?: readonly {
    readonly eligibleRoles?: readonly string[];
    readonly isAssignableToRole?: boolean;
  }[];
}

/** Problems the schemas cannot see: duplicate ids, licences that contradict each other. */
export function footholdIssues(seed: FootholdSeedView): string[] {
  const issues: string[] = [];
  if (seed.licenses?.entraIdP2 === true && seed.licenses.entraIdP1 === false) {
    issues.push('licenses: Entra ID P2 includes P1 ("entraIdP1": false contradicts it)');
  }
  seed.users.forEach((user, i) => {
    const methods = user.foothold?.authenticationMethods ?? [];
    const seen = new Set<string>();
    methods.forEach((method, j) => {
      if (seen.has(method.id.toLowerCase())) {
        issues.push(`users[${i}].foothold.authenticationMethods[${j}].id: duplicate`);
      }
      seen.add(method.id.toLowerCase());
      if (method.isDefault && method.type === 'password') {
        issues.push(
          `users[${i}].foothold.authenticationMethods[${j}]: the password is no MFA default`,
        );
      }
    });
    if (methods.filter((method) => method.isDefault).length > 1) {
      issues.push(`users[${i}].foothold.authenticationMethods: more than one isDefault`);
    }
  });
  (seed.groups ?? []).forEach((group, i) => {
    if ((group.eligibleRoles ?? []).length > 0 && group.isAssignableToRole !== true) {
      issues.push(
        `groups[${i}].eligibleRoles: only a group with "isAssignableToRole": true can be eligible`,
      );
    }
  });
  return issues;
}
