import assert from 'node:assert/strict';
import { parseCommand } from '../../src/teams/commands';

/** What any refusal must be: invalid, its echo of typed text short and without control characters. */
function assertSafeRefusal(text: string): void {
  const command = parseCommand(text);
  assert.equal(command.kind, 'invalid');
  if (command.kind === 'invalid') {
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0000-\u001f\u007f]/.test(command.problem), command.problem);
    assert.ok(command.problem.length <= 140, command.problem);
  }
}

describe('parseCommand: hostile targets', () => {
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

  // The same hostile targets, and more, after /unlock (with and without the slash and --dry-run)
  // and after /lockdown with its options.
  const refusedEverywhere = [
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
  const prefixes = [
    '/unlock',
    'unlock',
    '/UNLOCK --dry-run',
    '/lockdown --all',
    '/lockdown --KEEP-ENABLED --remove-mfa --no-compromised --dry-run',
  ];
  for (const target of refusedEverywhere) {
    for (const prefix of prefixes) {
      it(`refuses ${JSON.stringify(`${prefix} ${target}`)}`, () => {
        // The echo of a hostile target carries no control character and stays short.
        assertSafeRefusal(`${prefix} ${target}`);
      });
    }
  }
});
