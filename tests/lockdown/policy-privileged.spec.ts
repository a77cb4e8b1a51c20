/**
 * Which targets need two approvers: a role Microsoft marks privileged or the deployment adds
 * (LOCKDOWN_PRIVILEGED_ROLES), held or eligible for; unreadable eligibility leaves the active roles
 * to decide.
 */
import assert from 'node:assert/strict';
import type { DirectoryUser } from '../../src/lockdown/directory';
import type { Foothold } from '../../src/lockdown/foothold';
import {
  AccessPolicy,
  OPEN_ACCESS_RULES,
  PRIVILEGED_BUILT_IN_ROLES,
  PRIVILEGED_ROLES_SOURCE,
} from '../../src/lockdown/policy';

/** Template ids, from Microsoft's "Microsoft Entra built-in roles". */
const IDS = {
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'Authentication Administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Directory Readers': '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  'Message Center Reader': '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
  'Reports Reader': '4a5d8f65-41da-4de4-8968-e035b65339cf',
  'Exchange Administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
} as const;
type Name = keyof typeof IDS;
interface Role {
  readonly displayName: string;
  readonly roleTemplateId: string;
  readonly throughGroup?: string;
}
const role = (displayName: Name): Role => ({ displayName, roleTemplateId: IDS[displayName] });
const EXCHANGE = role('Exchange Administrator');

function user(roles: Role[], foothold?: Foothold): DirectoryUser {
  return {
    id: 'u-jane',
    userPrincipalName: 'jane@contoso.com',
    displayName: 'Jane Doe',
    accountEnabled: true,
    onPremisesSyncEnabled: false,
    userType: 'Member',
    roles,
    devices: [],
    ...(foothold ? { foothold } : {}),
  };
}

const policy = (privilegedRoles: string[] = []) =>
  new AccessPolicy(
    { ...OPEN_ACCESS_RULES, privilegedRoles },
    {
      memberGroups: async () => [],
      groupUserIds: async () => [],
    },
  );

describe('AccessPolicy: privileged targets (two approvers)', () => {
  const activeCases: readonly [string, Role, string[], boolean][] = [
    ['Helpdesk Administrator (in the table)', role('Helpdesk Administrator'), [], true],
    ['User Administrator', role('User Administrator'), [], true],
    ['Authentication Administrator', role('Authentication Administrator'), [], true],
    ['Application Administrator', role('Application Administrator'), [], true],
    [
      'Global Administrator, id in upper case',
      {
        ...role('Global Administrator'),
        roleTemplateId: IDS['Global Administrator'].toUpperCase(),
      },
      [],
      true,
    ],
    ['Directory Readers (not in the table)', role('Directory Readers'), [], false],
    ['Message Center Reader', role('Message Center Reader'), [], false],
    ['Exchange Administrator, not configured', EXCHANGE, [], false],
    ['Exchange Administrator, added by name', EXCHANGE, ['exchange ADMINISTRATOR'], true],
    [
      'Exchange Administrator, added by id',
      EXCHANGE,
      [EXCHANGE.roleTemplateId.toUpperCase()],
      true,
    ],
  ];
  for (const [name, held, added, privileged] of activeCases) {
    it(`active role: ${name} → ${privileged ? 'privileged, 2 approvers' : '1 approver'}`, () => {
      const target = policy(added).toTargetProfile(user([held]));
      assert.equal(target.roles[0]?.privileged, privileged);
      assert.equal(policy(added).requiredApprovals(target), privileged ? 2 : 1);
    });
  }

  const eligible = (...items: Role[]): Foothold => ({ eligibleRoles: { items } });
  const unreadable: Foothold = {
    eligibleRoles: { unreadable: 'not readable: the tenant has no Entra ID P2 licence' },
  };
  const eligibleCases: readonly [string, Role[], Foothold | undefined, string[], number][] = [
    ['an eligible Global Administrator', [], eligible(role('Global Administrator')), [], 2],
    [
      'an eligible role through a group',
      [],
      eligible({ ...role('Helpdesk Administrator'), throughGroup: 'IT admins' }),
      [],
      2,
    ],
    ['an eligible role added by name', [], eligible(EXCHANGE), ['Exchange Administrator'], 2],
    ['only eligible for a reader role', [], eligible(role('Reports Reader')), [], 1],
    ['eligibility unreadable, no active role', [], unreadable, [], 1],
    [
      'eligibility unreadable, an active privileged role',
      [role('Helpdesk Administrator')],
      unreadable,
      [],
      2,
    ],
    [
      'eligibility not read (no section)',
      [role('Reports Reader')],
      { methods: { items: [] } },
      [],
      1,
    ],
    ['no foothold at all', [], undefined, [], 1],
  ];
  for (const [name, roles, foothold, added, approvals] of eligibleCases) {
    it(`eligible roles: ${name} → ${approvals} approver(s)`, () => {
      const target = policy(added).toTargetProfile(user(roles, foothold));
      assert.equal(policy(added).requiredApprovals(target), approvals);
      const section = target.foothold?.eligibleRoles;
      if (section && 'items' in section) {
        assert.ok(section.items.every((item) => item.privileged === (approvals === 2)));
      } else {
        assert.deepEqual(target.foothold, foothold, 'other sections and unreadable ones untouched');
      }
    });
  }

  it('decides by the rule for an eligible role recorded without a mark', () => {
    const target = { ...user([]), roles: [], foothold: eligible(role('Helpdesk Administrator')) };
    assert.equal(policy().requiredApprovals(target), 2);
  });

  it("keeps Microsoft's table whole, in lower case, with its source", () => {
    assert.equal(PRIVILEGED_BUILT_IN_ROLES.size, 29);
    for (const id of PRIVILEGED_BUILT_IN_ROLES.keys()) assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(new Set(PRIVILEGED_BUILT_IN_ROLES.values()).size, 29, 'names unique');
    assert.match(PRIVILEGED_ROLES_SOURCE.commit, /^[0-9a-f]{40}$/);
    assert.match(PRIVILEGED_ROLES_SOURCE.pageDate, /^\d{4}-\d{2}-\d{2}$/);
  });
});
