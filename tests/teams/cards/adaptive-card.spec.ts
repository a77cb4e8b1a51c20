import assert from 'node:assert/strict';
import { MAX_TEXT_LENGTH, plain } from '../../../src/teams/cards';

describe('plain', () => {
  for (const [input, want] of [
    ['Jane Doe', 'Jane Doe'],
    ['two\nlines\r\n\tand  tabs ', 'two lines and tabs'],
    ['[Undo](https://evil.example)', '[Undo] (https://evil.example)'],
    ['[a]\n(b)', '[a] (b)'],
    [
      'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    ],
  ] as const) {
    it(JSON.stringify(input), () => assert.equal(plain(input), want));
  }

  it('caps long text with an ellipsis', () => {
    const out = plain('x'.repeat(MAX_TEXT_LENGTH * 2));
    assert.equal(out.length, MAX_TEXT_LENGTH);
    assert.ok(out.endsWith('…'));
  });
});
