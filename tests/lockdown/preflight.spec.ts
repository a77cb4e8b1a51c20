import assert from 'node:assert/strict';
import type { AppGrants } from '../../src/lockdown/directory';
import { preflight, preflightBlocks } from '../../src/lockdown/preflight';
import { plannedSteps, type RoleSummary } from '../../src/lockdown/request';

const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const PRIVILEGED_AUTH_ADMINISTRATOR = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';
const GLOBAL_ADMIN: RoleSummary = {
  displayName: 'Global Administrator',
  roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
  privileged: true,
};
const HELPDESK: RoleSummary = {
  displayName: 'Helpdesk Administrator',
  roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  privileged: false,
};

const ALL_PERMISSIONS = [
  'User.Read.All',
  'User.EnableDisableAccount.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.RevokeSessions.All',
  'Device.ReadWrite.All',
];

function grants(permissions: string[], roles?: string[]): AppGrants {
  return {
    permissions,
    issuedAt: '2026-12-02T05:00:00.000Z',
    ...(roles ? { directoryRoleTemplateIds: roles } : {}),
  };
}

describe('preflight', () => {
  const cases: readonly {
    readonly name: string;
    readonly grants: AppGrants | undefined;
    readonly roles: readonly RoleSummary[];
    readonly warnings: Readonly<Record<string, readonly RegExp[]>>;
    readonly blocks: boolean;
  }[] = [
    {
      name: 'everything granted, ordinary user',
      grants: grants(ALL_PERMISSIONS, [USER_ADMINISTRATOR]),
      roles: [],
      warnings: {},
      blocks: false,
    },
    {
      name: 'a missing permission names it on its step only',
      grants: grants(
        ALL_PERMISSIONS.filter((p) => p !== 'User.RevokeSessions.All'),
        [USER_ADMINISTRATOR],
      ),
      roles: [],
      warnings: { 'revoke-sessions': [/^missing User\.RevokeSessions\.All$/] },
      blocks: true,
    },
    {
      name: 'a broader permission covers the step',
      grants: grants(['User.ReadWrite.All', 'Device.ReadWrite.All'], [USER_ADMINISTRATOR]),
      roles: [],
      warnings: {},
      blocks: false,
    },
    {
      name: 'a Global Administrator target may need Privileged Authentication Administrator',
      grants: grants(ALL_PERMISSIONS, [USER_ADMINISTRATOR]),
      roles: [GLOBAL_ADMIN],
      warnings: {
        'disable-account': [
          /the target is a Global Administrator: the app may need Privileged Authentication Administrator/,
        ],
        'reset-password': [/Privileged Authentication Administrator/],
        'revoke-sessions': [/Privileged Authentication Administrator/],
      },
      blocks: true,
    },
    {
      name: 'User Administrator covers a Helpdesk Administrator',
      grants: grants(ALL_PERMISSIONS, [USER_ADMINISTRATOR]),
      roles: [HELPDESK],
      warnings: {},
      blocks: false,
    },
    {
      name: 'Privileged Authentication Administrator covers an administrator',
      grants: grants(ALL_PERMISSIONS, [PRIVILEGED_AUTH_ADMINISTRATOR]),
      roles: [GLOBAL_ADMIN],
      warnings: {},
      blocks: false,
    },
    {
      name: 'roles that cannot be read are unknown, not missing',
      grants: grants(ALL_PERMISSIONS),
      roles: [GLOBAL_ADMIN],
      warnings: {},
      blocks: false,
    },
    {
      name: 'grants that cannot be read at all',
      grants: undefined,
      roles: [],
      warnings: { verify: [/could not be read/] },
      blocks: false,
    },
  ];
  for (const { name, grants: given, roles, warnings, blocks } of cases) {
    it(name, () => {
      const result = preflight(plannedSteps({ mode: 'full' }), { roles }, given);
      assert.equal(result.checks.length, 5);
      for (const check of result.checks) {
        const expected = warnings[check.step] ?? [];
        if (given === undefined) {
          assert.equal(check.permissionState, 'unknown');
          continue;
        }
        assert.equal(
          check.warnings.length,
          expected.length,
          `${check.step}: ${check.warnings.join('; ')}`,
        );
        expected.forEach((pattern, i) => assert.match(check.warnings[i]!, pattern));
      }
      assert.equal(preflightBlocks(result), blocks);
    });
  }

  it('checks only the steps of the mode, and says when the grants were read', () => {
    const result = preflight(
      plannedSteps({ mode: 'keep-enabled' }),
      { roles: [] },
      grants(ALL_PERMISSIONS, []),
    );
    assert.deepEqual(
      result.checks.map((c) => c.step),
      ['reset-password', 'revoke-sessions', 'verify'],
    );
    assert.equal(result.grantsAsOf, '2026-12-02T05:00:00.000Z');
    assert.ok(result.checks.every((c) => c.requests.every((r) => !/password"?:/i.test(r))));
  });
});
