import assert from 'node:assert/strict';
import { type Command, looksLikeCommand, parseCommand } from '../../src/teams/commands';

describe('parseCommand', () => {
  const cases: readonly (readonly [string, Command])[] = [
    [
      '/lockdown jane@contoso.com',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: false },
    ],
    [
      '/LOCKDOWN jane@contoso.com',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: false },
    ],
    [
      'lockdown jane@contoso.com',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: false },
    ],
    [
      '  /lockdown   jane@contoso.com  ',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: false },
    ],
    [
      '/lockdown\u00a0jane@contoso.com',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: false },
    ],
    [
      '/lockdown jane@contoso.com --keep-enabled',
      {
        kind: 'lockdown',
        userPrincipalName: 'jane@contoso.com',
        mode: 'keep-enabled',
        dryRun: false,
      },
    ],
    [
      '/lockdown --keep-enabled jane@contoso.com',
      {
        kind: 'lockdown',
        userPrincipalName: 'jane@contoso.com',
        mode: 'keep-enabled',
        dryRun: false,
      },
    ],
    [
      '/lockdown mailto:jane@contoso.com',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: false },
    ],
    [
      "/lockdown o'neil.j-x_1@sub.contoso.co.uk",
      {
        kind: 'lockdown',
        userPrincipalName: "o'neil.j-x_1@sub.contoso.co.uk",
        mode: 'full',
        dryRun: false,
      },
    ],
    [
      '/lockdown pat_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      {
        kind: 'lockdown',
        userPrincipalName: 'pat_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        mode: 'full',
        dryRun: false,
      },
    ],
    [
      '/lockdown jane@contoso.com --dry-run',
      { kind: 'lockdown', userPrincipalName: 'jane@contoso.com', mode: 'full', dryRun: true },
    ],
    [
      '/lockdown --DRY-RUN --keep-enabled jane@contoso.com',
      {
        kind: 'lockdown',
        userPrincipalName: 'jane@contoso.com',
        mode: 'keep-enabled',
        dryRun: true,
      },
    ],
    ['/lockdown', { kind: 'invalid', problem: 'Whom should I lock down?' }],
    ['/lockdown history', { kind: 'history' }],
    ['/lockdown HISTORY', { kind: 'history' }],
    [
      '/lockdown history now',
      { kind: 'invalid', problem: '/lockdown history takes no arguments.' },
    ],
    [
      '/lockdown status jane@contoso.com',
      { kind: 'status', userPrincipalName: 'jane@contoso.com' },
    ],
    ['/lockdown status', { kind: 'invalid', problem: 'Usage: /lockdown status user@domain' }],
    [
      '/lockdown status jane',
      { kind: 'invalid', problem: '"jane" is not a valid user principal name (user@domain).' },
    ],
    ['/lockdown help', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['/lockdown --keep-enabled', { kind: 'invalid', problem: 'Whom should I lock down?' }],
    [
      '/lockdown jane@contoso.com --force',
      { kind: 'invalid', problem: 'Unknown option "--force".' },
    ],
    [
      '/lockdown a@contoso.com b@contoso.com',
      { kind: 'invalid', problem: 'One user at a time: give exactly one address.' },
    ],
    ['/lockdownjane@contoso.com', { kind: 'invalid', problem: 'Commands start with /lockdown.' }],
  ];
  for (const [input, expected] of cases) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseCommand(input), expected);
    });
  }

  const refused = [
    'jane',
    'jane@',
    '@contoso.com',
    'jane@contoso',
    'jane@@contoso.com',
    'ja..ne@contoso.com',
    '.jane@contoso.com',
    'jane.@contoso.com',
    'jane@contoso..com',
    'jane/../../users@contoso.com',
    'jane@contoso.com/revokeSignInSessions',
    'jane@contoso.com?$select=id',
    'jane#x@contoso.com',
    'jane%2F@contoso.com',
    'jane@contoso.com#',
    'ja\u0000ne@contoso.com',
    'jane@-contoso.com',
    `${'a'.repeat(100)}@${'b'.repeat(20)}.com`,
  ];
  for (const target of refused) {
    it(`refuses the target ${JSON.stringify(target)}`, () => {
      const command = parseCommand(`/lockdown ${target}`);
      assert.equal(command.kind, 'invalid');
    });
  }
});

describe('looksLikeCommand', () => {
  for (const [text, expected] of [
    ['/lockdown x@y.com', true],
    ['Lockdown', true],
    ['help', true],
    ['lockdowns are scary', false],
    ['can someone help me', false],
    ['', false],
  ] as const) {
    it(`${JSON.stringify(text)} -> ${expected}`, () =>
      assert.equal(looksLikeCommand(text), expected));
  }
});
