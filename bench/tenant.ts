/**
 * The benchmark's tenants: one fresh target per measurement (a lockdown changes its target), each
 * with the number of Windows devices the scenario needs.
 */
import type { SeedDevice, SeedUser, TenantSeed } from '../src/simulator';
import { LOCKDOWN_APP_PERMISSIONS } from '../tests/e2e/tenant-fixture';

export const BENCH_TENANT_ID = 'bbbbbbbb-0000-4000-8000-000000000001';
export const BENCH_APP = {
  clientId: 'bbbbbbbb-0000-4000-8000-0000000000a1',
  clientSecret: 'bench-only-secret-3e9d',
} as const;

/** A target of the benchmark. */
export interface BenchTarget {
  readonly id: string;
  readonly upn: string;
  readonly devices: number;
}

/** Builds targets and their devices with ids that never collide. */
export class TargetFactory {
  private users = 0;
  private deviceCount = 0;
  readonly seedUsers: SeedUser[] = [];
  readonly seedDevices: SeedDevice[] = [];

  constructor(private readonly prefix: string) {}

  /** A new target named `<label>@contoso.com` with `devices` Windows devices. */
  add(label: string, devices: number): BenchTarget {
    const n = ++this.users;
    const id = `${this.prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const upn = `${label}@contoso.com`;
    this.seedUsers.push({ id, userPrincipalName: upn, displayName: label, accountEnabled: true });
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
    return { id, upn, devices };
  }
}

/** The in-process tenant: the bot's app (User Administrator) and the factory's targets. */
export function benchSeed(targets: TargetFactory): TenantSeed {
  return {
    tenantId: BENCH_TENANT_ID,
    domain: 'contoso.com',
    apps: [
      {
        ...BENCH_APP,
        displayName: 'Lockdown (bench)',
        permissions: [...LOCKDOWN_APP_PERMISSIONS],
        directoryRoles: ['User Administrator'],
      },
    ],
    users: targets.seedUsers,
    devices: targets.seedDevices,
    groups: [],
  };
}
