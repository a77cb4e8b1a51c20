import assert from 'node:assert/strict';
import { type Command, looksLikeCommand, parseCommand } from '../../src/teams/commands';

/** The unlock command for `userPrincipalName`. */
const unlock = (userPrincipalName: string, dryRun = false): Command => ({
  kind: 'unlock',
  userPrincipalName,
  dryRun,
});

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
    [
      '/lockdownjane@contoso.com',
      { kind: 'invalid', problem: 'Commands start with /lockdown or /unlock.' },
    ],
    ['/unlock jane@contoso.com', unlock('jane@contoso.com')],
    ['/UNLOCK jane@contoso.com', unlock('jane@contoso.com')],
    ['/Unlock jane@contoso.com', unlock('jane@contoso.com')],
    // What is left once Teams removed the @mention.
    ['unlock jane@contoso.com', unlock('jane@contoso.com')],
    [' unlock\u00a0jane@contoso.com\n', unlock('jane@contoso.com')],
    ['/unlock mailto:jane@contoso.com', unlock('jane@contoso.com')],
    ['/unlock MAILTO:jane@contoso.com', unlock('jane@contoso.com')],
    [
      '/unlock pat_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      unlock('pat_fabrikam.com#EXT#@contoso.onmicrosoft.com'),
    ],
    ['/unlock jane@contoso.com --dry-run', unlock('jane@contoso.com', true)],
    ['/unlock --DRY-RUN jane@contoso.com', unlock('jane@contoso.com', true)],
    ['/unlock', { kind: 'invalid', problem: 'Whom should I unlock?' }],
    ['unlock', { kind: 'invalid', problem: 'Whom should I unlock?' }],
    ['/unlock --dry-run', { kind: 'invalid', problem: 'Whom should I unlock?' }],
    ['/unlock help', { kind: 'help' }],
    [
      '/unlock jane@contoso.com --keep-enabled',
      {
        kind: 'invalid',
        problem:
          '"--keep-enabled" is for /lockdown: an unlock undoes what the lockdown did, whatever its mode.',
      },
    ],
    [
      '/unlock --KEEP-ENABLED --dry-run jane@contoso.com',
      {
        kind: 'invalid',
        problem:
          '"--KEEP-ENABLED" is for /lockdown: an unlock undoes what the lockdown did, whatever its mode.',
      },
    ],
    ['/unlock jane@contoso.com --force', { kind: 'invalid', problem: 'Unknown option "--force".' }],
    ['/unlock jane@contoso.com -\u0007x', { kind: 'invalid', problem: 'Unknown option "-?x".' }],
    [
      `/unlock jane@contoso.com --${'x'.repeat(100)}`,
      { kind: 'invalid', problem: `Unknown option "--${'x'.repeat(55)}...".` },
    ],
    [
      '/unlock a@contoso.com b@contoso.com',
      { kind: 'invalid', problem: 'One user at a time: give exactly one address.' },
    ],
    [
      '/unlock a@contoso.com,b@contoso.com',
      {
        kind: 'invalid',
        problem: '"a@contoso.com,b@contoso.com" is not a valid user principal name (user@domain).',
      },
    ],
    [
      '/unlock a@contoso.com;b@contoso.com',
      {
        kind: 'invalid',
        problem: '"a@contoso.com;b@contoso.com" is not a valid user principal name (user@domain).',
      },
    ],
    [
      '/unlock jane\u0000@contoso.com',
      {
        kind: 'invalid',
        problem: '"jane?@contoso.com" is not a valid user principal name (user@domain).',
      },
    ],
    [
      `/unlock ${'a'.repeat(100)}@${'b'.repeat(20)}.com`,
      { kind: 'invalid', problem: 'That address is longer than 113 characters.' },
    ],
    [
      `/unlock ${'a'.repeat(65)}@contoso.com`,
      {
        kind: 'invalid',
        problem: 'A user principal name has at most 64 characters before the @ and 48 after it.',
      },
    ],
    [
      '/unlockjane@contoso.com',
      { kind: 'invalid', problem: 'Commands start with /lockdown or /unlock.' },
    ],
    // /lockdown's own words are not /unlock's.
    [
      '/unlock history',
      { kind: 'invalid', problem: '"history" is not a valid user principal name (user@domain).' },
    ],
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

  // The same hostile targets, and more, after /unlock (with and without the slash and --dry-run).
  const refusedByUnlock = [
    ...refused,
    'jane@contoso.com\u0000',
    'jane\u001b[31m@contoso.com',
    'jane\u007f@contoso.com',
    'jane@contoso.com%00',
    'jane%40contoso.com',
    '..%2F..%2Fusers@contoso.com',
    'jane@contoso.com/../../users',
    'jane@contoso.com?',
    'jane@contoso.com&$filter=x',
    "jane@contoso.com'or'1'='1",
    '"jane"@contoso.com',
    '<jane@contoso.com>',
    'jane@contoso.com)',
    '[jane](https://evil.example)@contoso.com',
    'jane#EXT#@',
    '#EXT#@contoso.com',
    // Unicode lookalikes: Cyrillic а, fullwidth ＠, a dotless ı, a zero-width space.
    'j\u0430ne@contoso.com',
    'jane\uff20contoso.com',
    'jane@contoso.com\u200b',
    'jane@contos\u043e.com',
    'jan\u0131@contoso.com',
    'jane@xn--ntoso.c\u00f6m',
    `${'a'.repeat(64)}@${'b'.repeat(45)}.com`,
  ];
  for (const target of refusedByUnlock) {
    for (const prefix of ['/unlock', 'unlock', '/UNLOCK --dry-run']) {
      it(`refuses ${JSON.stringify(`${prefix} ${target}`)}`, () => {
        const command = parseCommand(`${prefix} ${target}`);
        assert.equal(command.kind, 'invalid');
        // The echo of a hostile target carries no control character and stays short.
        if (command.kind === 'invalid') {
          // eslint-disable-next-line no-control-regex
          assert.ok(!/[\u0000-\u001f\u007f]/.test(command.problem), command.problem);
          assert.ok(command.problem.length <= 140, command.problem);
        }
      });
    }
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
    ['/unlock jane@contoso.com', true],
    ['/UNLOCK', true],
    ['/unlock --dry-run jane@contoso.com', true],
    ['unlock jane@contoso.com', true],
    ['Unlock mailto:jane@contoso.com', true],
    ['unlock --dry-run jane@contoso.com', true],
    // Everyday words are not commands without the slash or the @mention.
    ['unlock', false],
    ['unlock the door please', false],
    ['unlocked jane@contoso.com', false],
    ['/unlocked jane@contoso.com', false],
    ['please unlock jane@contoso.com', false],
  ] as const) {
    it(`${JSON.stringify(text)} -> ${expected}`, () =>
      assert.equal(looksLikeCommand(text), expected));
  }
});
