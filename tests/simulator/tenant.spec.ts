import assert from 'node:assert/strict';
import { passwordMeetsComplexity, Tenant, type Caller } from '../../src/simulator';
import { DEVICES, GROUPS, testSeed, USERS } from './helpers';

const STRONG = 'Str0ng-enough';
const now = new Date('2025-03-01T10:20:30.456Z');

const userAdmin: Caller = {
  permissions: [
    'User.EnableDisableAccount.All',
    'User-PasswordProfile.ReadWrite.All',
    'Device.ReadWrite.All',
  ],
  directoryRoles: ['User Administrator'],
};
const privileged: Caller = {
  ...userAdmin,
  directoryRoles: ['Privileged Authentication Administrator'],
};

function status(action: () => void): number {
  try {
    action();
    return 204;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe('simulator tenant rules', () => {
  let tenant: Tenant;
  beforeEach(() => {
    tenant = new Tenant(testSeed());
  });

  it('finds users by id or case-insensitive UPN, and returns copies', () => {
    assert.equal(tenant.user(USERS.guest.upn.toUpperCase())?.id, USERS.guest.id);
    assert.equal(tenant.user(USERS.adele.id.toUpperCase())?.userPrincipalName, USERS.adele.upn);
    assert.equal(tenant.user('nobody@contoso.com'), undefined);
    const copy = tenant.user(USERS.adele.id) as { accountEnabled: boolean };
    copy.accountEnabled = false;
    assert.equal(tenant.user(USERS.adele.id)?.accountEnabled, true);
  });

  it('checks password complexity like Entra ID', () => {
    assert.equal(passwordMeetsComplexity('Abcdefg1'), true);
    assert.equal(passwordMeetsComplexity('abcdefg1!'), true);
    assert.equal(passwordMeetsComplexity('Abc1!'), false, 'too short');
    assert.equal(passwordMeetsComplexity('abcdefgh1'), false, 'two classes');
    assert.equal(passwordMeetsComplexity(`Aa1${'x'.repeat(254)}`), false, 'over 256');
  });

  it('lets a User Administrator app change non-admins and limited admins only', () => {
    const disable = (who: string, caller = userAdmin) =>
      status(() => tenant.updateUser(caller, who, { accountEnabled: false }, now));
    assert.equal(disable(USERS.adele.id), 204);
    assert.equal(disable(USERS.helpdesk.id), 204, 'Helpdesk Administrator is covered');
    assert.equal(disable(USERS.admin.id), 403, 'Global Administrator is not');
    assert.equal(disable(USERS.protectedMember.id), 403, 'role-assignable group member is not');
    assert.equal(disable(USERS.admin.id, privileged), 204);
    assert.equal(disable(USERS.protectedMember.id, privileged), 204);
    assert.equal(tenant.user(USERS.admin.id)?.accountEnabled, false);
  });

  it('needs the permission of each property', () => {
    const noReset: Caller = { ...userAdmin, permissions: ['User.EnableDisableAccount.All'] };
    const reset = { passwordProfile: { password: STRONG, forceChangePasswordNextSignIn: true } };
    assert.equal(
      status(() => tenant.updateUser(noReset, USERS.adele.id, reset, now)),
      403,
    );
    assert.equal(
      status(() => tenant.updateUser(userAdmin, USERS.adele.id, reset, now)),
      204,
    );
    const user = tenant.user(USERS.adele.id);
    assert.equal(user?.passwordResets, 1);
    assert.equal(user?.lastPasswordChangeDateTime, '2025-03-01T10:20:30Z');
  });

  it('changes nothing when one part of a change is refused', () => {
    const change = {
      accountEnabled: false,
      passwordProfile: { password: 'weak', forceChangePasswordNextSignIn: true },
    };
    assert.equal(
      status(() => tenant.updateUser(userAdmin, USERS.adele.id, change, now)),
      400,
    );
    assert.equal(tenant.user(USERS.adele.id)?.accountEnabled, true);
  });

  it('refuses federated passwords and synced profile edits', () => {
    const reset = { passwordProfile: { password: STRONG, forceChangePasswordNextSignIn: true } };
    assert.equal(
      status(() => tenant.updateUser(userAdmin, USERS.federated.id, reset, now)),
      400,
    );
    const writer: Caller = { ...userAdmin, permissions: ['User.ReadWrite.All'] };
    assert.equal(
      status(() => tenant.updateUser(writer, USERS.synced.id, { jobTitle: 'x' }, now)),
      400,
    );
    assert.equal(
      status(() => tenant.updateUser(writer, USERS.synced.id, { accountEnabled: false }, now)),
      204,
    );
  });

  it('revokes sessions with whole-second UTC timestamps', () => {
    tenant.revokeSignInSessions(userAdmin, USERS.adele.upn, now);
    assert.equal(
      tenant.user(USERS.adele.id)?.signInSessionsValidFromDateTime,
      '2025-03-01T10:20:30Z',
    );
    assert.equal(
      status(() => tenant.revokeSignInSessions(userAdmin, USERS.admin.id, now)),
      403,
    );
  });

  it('disables only Windows devices for app-only callers', () => {
    const disable = (id: string) =>
      status(() => tenant.updateDevice(userAdmin, id, { accountEnabled: false }));
    assert.equal(disable(DEVICES.adeleWindows), 204);
    assert.equal(disable(DEVICES.adeleIphone), 403);
    assert.equal(disable(DEVICES.adeleAndroid), 403);
    assert.equal(disable('d0000000-0000-4000-8000-00000000ffff'), 404);
    assert.equal(tenant.device(DEVICES.adeleWindows)?.accountEnabled, false);
  });

  it('resolves nested groups and roles held through role-assignable groups', () => {
    assert.deepEqual(
      [...tenant.transitiveGroupIds(USERS.responder.id)].sort(),
      [GROUPS.responders, GROUPS.security].sort(),
    );
    assert.deepEqual(
      tenant.checkMemberGroups(USERS.responder.id, [GROUPS.security, GROUPS.unrelated]),
      [GROUPS.security],
    );
    assert.deepEqual(tenant.directoryRolesOf(USERS.protectedMember.id, false), []);
    const [role] = tenant.directoryRolesOf(USERS.protectedMember.id, true);
    assert.equal(role?.displayName, 'Security Administrator');
    assert.equal(role?.roleTemplateId, '194ae4cb-b126-40b2-bd5b-6091b380977d');
    assert.notEqual(role?.id, role?.roleTemplateId, 'the activated role has its own object id');
  });
});
