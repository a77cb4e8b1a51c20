import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTenantSeed, parseTenantSeed, SeedValidationError, Tenant } from '../../src/simulator';
import { GROUPS, testSeed, USERS } from './helpers';

function issuesOf(value: unknown): readonly string[] {
  try {
    parseTenantSeed(value);
  } catch (error) {
    assert.ok(error instanceof SeedValidationError, String(error));
    return error.issues;
  }
  assert.fail('expected a SeedValidationError');
}

describe('simulator seed', () => {
  it('accepts the test seed', () => {
    assert.equal(parseTenantSeed(testSeed()).users.length, Object.keys(USERS).length);
  });

  it('lists every shape problem with its JSON path', () => {
    const seed = testSeed();
    const issues = issuesOf({
      ...seed,
      tenantId: 'not-a-uuid',
      users: [
        { ...seed.users[0], directoryRoles: ['Global Admin'] },
        { ...seed.users[1], accountEnabled: 'yes', color: 'blue' },
      ],
      apps: [{ ...seed.apps[0], permissions: ['User.ReadWriteAll'] }],
    });
    const text = issues.join('\n');
    assert.match(text, /^tenantId: expected a UUID/m);
    assert.match(text, /^users\[0\]\.directoryRoles\[0\]: unknown directory role/m);
    assert.match(text, /^users\[1\]\.accountEnabled: Expected boolean, received string/m);
    assert.match(text, /^users\[1\]: Unrecognized key\(s\) in object: 'color'/m);
    assert.match(text, /^apps\[0\]\.permissions\[0\]: unknown application permission/m);
  });

  it('checks references and uniqueness', () => {
    const seed = testSeed();
    const [first, second] = seed.users;
    const issues = issuesOf({
      ...seed,
      users: [
        first,
        {
          ...second,
          userPrincipalName: first?.userPrincipalName.toUpperCase(),
          groups: ['c0000000-0000-4000-8000-00000000ffff'],
        },
      ],
      devices: [{ ...seed.devices[0], registeredUsers: ['b0000000-0000-4000-8000-00000000ffff'] }],
      groups: [
        {
          id: GROUPS.security,
          displayName: 'x',
          members: [],
          directoryRoles: ['Global Administrator'],
        },
      ],
      apps: [{ ...seed.apps[0], clientSecret: undefined }],
    });
    const text = issues.join('\n');
    assert.match(text, /users\[1\]\.userPrincipalName: duplicate userPrincipalName/);
    assert.match(text, /users\[1\]\.groups\[0\]: no group has id/);
    assert.match(text, /devices\[0\]\.registeredUsers\[0\]: no user has id/);
    assert.match(text, /groups\[0\]\.directoryRoles: only a group with "isAssignableToRole": true/);
    assert.match(text, /apps\[0\]: needs a clientSecret or "certificate": true/);
  });

  it('names the file in the error message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulator-seed-'));
    try {
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify({ tenantId: 'x' }));
      assert.throws(
        () => loadTenantSeed(file),
        (error: Error) => {
          assert.match(
            error.message,
            new RegExp(
              `^Invalid tenant seed ${file.replace(/[.\\/]/g, '\\$&')} \\(\\d+ problems\\)`,
            ),
          );
          assert.match(error.message, /\n {2}- domain: Required/);
          return true;
        },
      );
      writeFileSync(file, '{ nope');
      assert.throws(() => loadTenantSeed(file), /is not valid JSON/);
      assert.throws(() => loadTenantSeed(join(dir, 'absent.json')), /Cannot read tenant seed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the contoso demo seed', () => {
    const seed = loadTenantSeed(resolve(__dirname, '../../src/simulator/seeds/contoso.json'));
    const tenant = new Tenant(seed);

    it('has the people the demo needs', () => {
      assert.ok(seed.users.length >= 10);
      const adele = tenant.user('adele@contoso.com');
      assert.ok(adele);
      assert.deepEqual(
        tenant
          .devicesOf(adele.id)
          .map((d) => d.operatingSystem)
          .sort(),
        ['Android', 'Windows', 'iOS'],
      );
      assert.equal(tenant.user('PAT_FABRIKAM.COM#EXT#@contoso.com')?.userType, 'Guest');
      assert.ok(seed.users.some((u) => u.directoryRoles?.includes('Global Administrator')));
      assert.ok(seed.users.some((u) => u.onPremisesSyncEnabled === true));
      assert.ok(seed.users.some((u) => u.passwordPolicy === 'federated'));
      assert.ok(seed.users.some((u) => /break-?glass/i.test(u.userPrincipalName)));
      assert.ok(tenant.users().some((u) => tenant.devicesOf(u.id).length === 30));
      const team = tenant.groups().find((g) => g.displayName === 'Security Responders');
      assert.equal(team?.members.length, 3);
    });

    it('has one demo app with the permissions of the lockdown, the foothold, the options and the incident comments, User Administrator and Authentication Administrator', () => {
      const [app] = seed.apps;
      assert.equal(seed.apps.length, 1);
      assert.deepEqual([...(app?.permissions ?? [])].sort(), [
        'AuditLog.Read.All',
        'DelegatedPermissionGrant.ReadWrite.All',
        'Device.ReadWrite.All',
        'Directory.Read.All',
        'GroupMember.Read.All',
        'IdentityRiskyUser.ReadWrite.All',
        'MailboxSettings.ReadWrite',
        'Organization.Read.All',
        'RoleEligibilitySchedule.Read.Directory',
        'SecurityIncident.ReadWrite.All',
        'User-PasswordProfile.ReadWrite.All',
        'User.EnableDisableAccount.All',
        'User.Read.All',
        'User.RevokeSessions.All',
        'UserAuthenticationMethod.ReadWrite.All',
      ]);
      assert.deepEqual(app?.directoryRoles, ['User Administrator', 'Authentication Administrator']);
      assert.match(app?.$comment ?? '', /demo-only/i);
    });

    it('has a person one responder can lock down with --all, with an attacker’s foothold', () => {
      const lidia = seed.users.find((u) => u.userPrincipalName === 'lidia@contoso.com');
      assert.ok(lidia?.foothold);
      assert.equal(lidia.directoryRoles, undefined, 'no role: one approver will do');
      assert.equal(lidia.foothold.eligibleRoles, undefined, 'no eligible role either');
      const foothold = lidia.foothold;
      assert.ok(foothold.authenticationMethods?.some((m) => m.displayName === 'SM-A546B'));
      assert.ok(
        foothold.messageRules?.some((r) =>
          r.actions.forwardTo?.some((a) => !a.endsWith('@contoso.com')),
        ),
      );
      assert.equal(foothold.consents?.length, 1);
      assert.equal(foothold.risk?.riskLevel, 'high');
      assert.ok((foothold.signIns?.length ?? 0) >= 3);
      assert.ok(tenant.devicesOf(lidia.id).every((d) => d.operatingSystem === 'Windows'));
    });

    it('has a Defender XDR incident the bot may comment on', () => {
      assert.deepEqual(
        seed.incidents?.map((incident) => incident.id),
        ['3962396'],
      );
    });
  });
});
