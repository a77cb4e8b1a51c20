import assert from 'node:assert/strict';
import {
  MAX_TEXT_BYTES,
  clipBytes,
  clipMiddle,
  jsonByteLength,
  plain,
} from '../../../src/teams/cards';

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

  it('caps long text at MAX_TEXT_BYTES bytes, ellipsis included', () => {
    const out = plain('x'.repeat(MAX_TEXT_BYTES * 2));
    assert.equal(Buffer.byteLength(out), MAX_TEXT_BYTES);
    assert.equal(out, `${'x'.repeat(MAX_TEXT_BYTES - 3)}…`);
  });
});

describe('clipBytes', () => {
  // [what, text, budget, expected]
  for (const [what, text, budget, want] of [
    ['fits', 'Jane Doe', 8, 'Jane Doe'],
    ['ASCII', 'Jane Doe', 7, 'Jane…'],
    ['4-byte emoji, whole', '🔒🔒🔒', 11, '🔒🔒…'],
    ['3-byte CJK, whole', '漢字漢字', 11, '漢字…'],
    ['a ZWJ family stays whole', 'ab👨‍👩‍👧‍👦cd', 20, 'ab…'],
    ['an accent stays on its letter', 'Zoé Zoé', 9, 'Zoé…'],
    ['quotes cost two bytes in JSON', '"a" "b"', 8, '"a"…'],
    ['a control character costs six', 'abc', 10, 'a…'],
  ] as const) {
    it(what, () => {
      const out = clipBytes(text, budget);
      assert.equal(out, want);
      assert.ok(jsonByteLength(out) <= budget, `${jsonByteLength(out)} > ${budget}`);
    });
  }

  it('never splits a surrogate pair, at any budget', () => {
    const text = 'a🔒漢'.repeat(50);
    for (let budget = 3; budget < 200; budget += 1) {
      const out = clipBytes(text, budget);
      assert.ok(jsonByteLength(out) <= budget, `budget ${budget}: ${out}`);
      assert.ok(!/\p{Cs}/u.test(out), `budget ${budget}: ${out}`);
    }
  });
});

describe('clipMiddle', () => {
  it('keeps the start and the end of a long message', () => {
    const message = `${'漢'.repeat(1000)} (request-id 42). Nothing was changed.`;
    const out = clipMiddle(message, 100, 40);
    assert.ok(jsonByteLength(out) <= 100, out);
    assert.ok(out.startsWith('漢'), out);
    assert.ok(out.endsWith('(request-id 42). Nothing was changed.'), out);
    assert.ok(out.includes('…'), out);
  });

  it('leaves a message that fits alone', () => {
    assert.equal(clipMiddle('Nothing was changed.', 100, 40), 'Nothing was changed.');
  });
});
