/**
 * The benchmark's tenants: one fresh target per measurement (a lockdown changes its target), each
 * with the number of Windows devices the scenario needs and, for `--all`, what an attacker left
 * in the account (sign-in methods, inbox rules, consents, a risk record).
 */
import type { LockdownOption } from '../src/lockdown/options';
import type {
  SeedAuthMethod,
  SeedDevice,
  SeedFoothold,
  SeedUser,
  TenantSeed,
} from '../src/simulator';
import { LOCKDOWN_APP_PERMISSIONS } from '../tests/e2e/tenant-fixture';

export const BENCH_TENANT_ID = 'bbbbbbbb-0000-4000-8000-000000000001';
export const BENCH_APP = {
  clientId: 'bbbbbbbb-0000-4000-8000-0000000000a1',
  clientSecret: 'bench-only-secret-3e9d',
} as const;

/**
 * What the containment options and the card's foothold sections need beside the lockdown's own
 * permissions (docs/permissions.md), so that every option's step can succeed.
 */
export const BENCH_OPTION_PERMISSIONS = [
  'UserAuthenticationMethod.ReadWrite.All',
  'MailboxSettings.ReadWrite',
  'Organization.Read.All',
  'Directory.Read.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'RoleEligibilitySchedule.Read.Directory',
  'IdentityRiskyUser.ReadWrite.All',
  'AuditLog.Read.All',
] as const;

/** How much an attacker left in a target: sign-in methods besides the password, rules, consents. */
export interface FootholdSize {
  readonly methods: number;
  readonly rules: number;
  readonly consents: number;
}

/** What one row of the benchmark locks down: a target's devices and, for `--all`, its foothold. */
export interface Scenario {
  readonly devices: number;
  /** Present: the lockdown asks for `--all` against a foothold of this size. */
  readonly foothold?: FootholdSize;
}

/** The issue's `--all` row: 5 methods, 3 rules, 3 consents and 10 devices. */
export const ALL_OPTIONS_SCENARIO: Scenario = {
  devices: 10,
  foothold: { methods: 5, rules: 3, consents: 3 },
};

/** What `--all` turns on. */
export const ALL_OPTIONS: readonly LockdownOption[] = [
  'remove-mfa',
  'disable-mail-rules',
  'revoke-consents',
  'compromised',
];

/** "10 devices", or "10 devices, `--all`: 5 methods, 3 rules, 3 consents". */
export function scenarioLabel(scenario: Scenario): string {
  const devices = `${scenario.devices} devices`;
  const f = scenario.foothold;
  return f
    ? `${devices}, \`--all\`: ${f.methods} methods, ${f.rules} rules, ${f.consents} consents`
    : devices;
}

/** A target of the benchmark. */
export interface BenchTarget {
  readonly id: string;
  readonly upn: string;
  readonly devices: number;
  /** Present for an `--all` target: what was seeded, so the baseline can check it went. */
  readonly foothold?: FootholdSize;
  /** The lockdown's options (`--all`: every one). */
  readonly options: readonly LockdownOption[];
}

/** The kinds of sign-in methods a foothold cycles through (the first is the user's default). */
const METHOD_KINDS: readonly Pick<SeedAuthMethod, 'type' | 'displayName'>[] = [
  { type: 'microsoftAuthenticator', displayName: 'Own iPhone' },
  { type: 'microsoftAuthenticator', displayName: 'Attacker Pixel' },
  { type: 'phone' },
  { type: 'fido2', displayName: 'YubiKey 5 NFC' },
  { type: 'email' },
];

/** The actions of a foothold's rules, in turn: forward, redirect, move and mark read. */
const RULE_ACTIONS = [
  { forwardTo: ['drop@attacker.example'] },
  { redirectTo: ['inbox@attacker.example'] },
  { moveToFolder: 'rssfeeds', markAsRead: true },
] as const;

/** Microsoft Graph's service principal in the bench tenant (the consents' resource). */
const GRAPH_SERVICE_PRINCIPAL = 'cccccccc-0000-4000-8000-000000000000';

/** Builds targets and their devices with ids that never collide. */
export class TargetFactory {
  private users = 0;
  private deviceCount = 0;
  readonly seedUsers: SeedUser[] = [];
  readonly seedDevices: SeedDevice[] = [];

  constructor(private readonly prefix: string) {}

  /**
   * A new target named `<label>@contoso.com` with `devices` Windows devices and, when given, an
   * attacker's foothold of `foothold`'s size (then the lockdown asks for `--all`).
   */
  add(label: string, devices: number, foothold?: FootholdSize): BenchTarget {
    const n = ++this.users;
    const hex = n.toString(16).padStart(12, '0');
    const id = `${this.prefix}-0000-4000-8000-${hex}`;
    const upn = `${label}@contoso.com`;
    this.seedUsers.push({
      id,
      userPrincipalName: upn,
      displayName: label,
      accountEnabled: true,
      ...(foothold ? { foothold: footholdOf(this.prefix, n, foothold) } : {}),
    });
    for (let i = 0; i < devices; i++) {
      const d = ++this.deviceCount;
      const deviceId = `${this.prefix.replace(/^./, 'd')}-0000-4000-9000-${d.toString(16).padStart(12, '0')}`;
      this.seedDevices.push({
        id: deviceId,
        deviceId: deviceId.replace(/^d/, 'e'),
        displayName: `${label}-PC-${i + 1}`,
        operatingSystem: 'Windows',
        accountEnabled: true,
        registeredUsers: [id],
      });
    }
    return {
      id,
      upn,
      devices,
      ...(foothold ? { foothold, options: ALL_OPTIONS } : { options: [] }),
    };
  }
}

/** The foothold of user number `n`: methods (the first the default), rules, consents, high risk. */
function footholdOf(prefix: string, n: number, size: FootholdSize): SeedFoothold {
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const authenticationMethods = Array.from({ length: size.methods }, (_, i): SeedAuthMethod => {
    const kind = METHOD_KINDS[i % METHOD_KINDS.length]!;
    return {
      id: `${prefix}-m${n}-${i + 1}`,
      ...kind,
      ...(kind.type === 'phone' ? { phoneNumber: `+1 20655501${String(i).padStart(2, '0')}` } : {}),
      ...(kind.type === 'email' ? { emailAddress: `user${n}@fabrikam.example` } : {}),
      ...(kind.type === 'phone' || kind.type === 'email' ? {} : { createdDateTime: at(i) }),
      ...(i === 0 ? { isDefault: true } : {}),
    };
  });
  const messageRules = Array.from({ length: size.rules }, (_, i) => ({
    id: `${prefix}-r${n}-${i + 1}`,
    displayName: `Rule ${i + 1}`,
    actions: RULE_ACTIONS[i % RULE_ACTIONS.length]!,
  }));
  const consents = Array.from({ length: size.consents }, (_, i) => ({
    id: `${prefix}-g${n}-${i + 1}`,
    clientId: `cccccccc-${n.toString(16).padStart(4, '0')}-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`,
    resourceId: GRAPH_SERVICE_PRINCIPAL,
    scope: 'Mail.Read Mail.Send offline_access',
  }));
  return {
    authenticationMethods,
    messageRules,
    consents,
    risk: { riskLevel: 'high', riskState: 'atRisk' },
  };
}

/**
 * The in-process tenant: the bot's app (every permission of docs/permissions.md, User
 * Administrator and Authentication Administrator) and the factory's targets.
 */
export function benchSeed(targets: TargetFactory): TenantSeed {
  return {
    tenantId: BENCH_TENANT_ID,
    domain: 'contoso.com',
    apps: [
      {
        ...BENCH_APP,
        displayName: 'Lockdown (bench)',
        permissions: [...new Set([...LOCKDOWN_APP_PERMISSIONS, ...BENCH_OPTION_PERMISSIONS])],
        directoryRoles: ['User Administrator', 'Authentication Administrator'],
      },
    ],
    users: targets.seedUsers,
    devices: targets.seedDevices,
    groups: [],
  };
}
