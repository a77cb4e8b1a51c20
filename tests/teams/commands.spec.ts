import assert from 'node:assert/strict';
import { type Command, looksLikeCommand, parseCommand } from '../../src/teams/commands';
import { lockdown, unlock } from './command-cases';

describe('parseCommand', () => {
  const cases: readonly (readonly [string, Command])[] = [
    ['/lockdown jane@contoso.com', lockdown('jane@contoso.com')],
    ['/LOCKDOWN jane@contoso.com', lockdown('jane@contoso.com')],
    ['lockdown jane@contoso.com', lockdown('jane@contoso.com')],
    ['  /lockdown   jane@contoso.com  ', lockdown('jane@contoso.com')],
    ['/lockdown\u00a0jane@contoso.com', lockdown('jane@contoso.com')],
    [
      '/lockdown jane@contoso.com --keep-enabled',
      lockdown('jane@contoso.com', { mode: 'keep-enabled' }),
    ],
    [
      '/lockdown --keep-enabled jane@contoso.com',
      lockdown('jane@contoso.com', { mode: 'keep-enabled' }),
    ],
    ['/lockdown mailto:jane@contoso.com', lockdown('jane@contoso.com')],
    ["/lockdown o'neil.j-x_1@sub.contoso.co.uk", lockdown("o'neil.j-x_1@sub.contoso.co.uk")],
    [
      '/lockdown pat_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      lockdown('pat_fabrikam.com#EXT#@contoso.onmicrosoft.com'),
    ],
    ['/lockdown jane@contoso.com --dry-run', lockdown('jane@contoso.com', { dryRun: true })],
    [
      '/lockdown --DRY-RUN --keep-enabled jane@contoso.com',
      lockdown('jane@contoso.com', { mode: 'keep-enabled', dryRun: true }),
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
      lockdown('a@contoso.com', { targets: ['a@contoso.com', 'b@contoso.com'] }),
    ],
    [
      '/lockdown a@contoso.com,b@contoso.com',
      lockdown('a@contoso.com', { targets: ['a@contoso.com', 'b@contoso.com'] }),
    ],
    [
      '/lockdown a@contoso.com, B@contoso.com A@CONTOSO.COM',
      lockdown('a@contoso.com', { targets: ['a@contoso.com', 'B@contoso.com'] }),
    ],
    [
      '/lockdown a@contoso.com b@contoso.com --keep-enabled',
      lockdown('a@contoso.com', {
        targets: ['a@contoso.com', 'b@contoso.com'],
        mode: 'keep-enabled',
      }),
    ],
    [
      '/lockdown 6E0B3F7A-1C2D-4E5F-8A9B-0C1D2E3F4A5B',
      lockdown('6e0b3f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b'),
    ],
    [
      '/lockdown a@contoso.com b@contoso.com --dry-run',
      { kind: 'invalid', problem: 'A dry run takes one account at a time.' },
    ],
    [
      '/lockdown a@contoso.com bad b@contoso.com',
      { kind: 'invalid', problem: '"bad" is not a valid user principal name (user@domain).' },
    ],
    [
      `/lockdown ${Array.from({ length: 51 }, (_, i) => `u${i}@contoso.com`).join(' ')}`,
      { kind: 'invalid', problem: 'At most 50 accounts at once; 51 were given.' },
    ],
    [
      `/lockdown ${Array.from({ length: 50 }, (_, i) => `u${i}@contoso.com`).join(',')}`,
      lockdown('u0@contoso.com', {
        targets: Array.from({ length: 50 }, (_, i) => `u${i}@contoso.com`),
      }),
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
      unlock('a@contoso.com', false, ['a@contoso.com', 'b@contoso.com']),
    ],
    [
      '/unlock a@contoso.com,b@contoso.com --dry-run',
      { kind: 'invalid', problem: 'A dry run takes one account at a time.' },
    ],
    [
      '/unlock a@contoso.com,b@contoso.com',
      unlock('a@contoso.com', false, ['a@contoso.com', 'b@contoso.com']),
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
      {
        kind: 'invalid',
        problem: `"${'a'.repeat(57)}..." is longer than 113 characters.`,
      },
    ],
    [
      `/unlock ${'a'.repeat(65)}@contoso.com`,
      {
        kind: 'invalid',
        problem: `"${'a'.repeat(57)}...": a user principal name has at most 64 characters before the @ and 48 after it.`,
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
