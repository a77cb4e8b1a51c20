import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  DEFAULT_PASSWORD_LENGTH,
  generatePassword,
  MIN_PASSWORD_LENGTH,
  PASSWORD_CLASSES,
} from '../../src/lockdown/password';

describe('generatePassword', () => {
  it('has the default length and a character of every class', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      assert.equal(password.length, DEFAULT_PASSWORD_LENGTH);
      for (const set of PASSWORD_CLASSES) {
        assert.ok(
          [...password].some((c) => set.includes(c)),
          `missing a class in ${password.length}-char password`,
        );
      }
    }
  });

  it('keeps every class even at the shortest length', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword(MIN_PASSWORD_LENGTH);
      for (const set of PASSWORD_CLASSES) assert.ok([...password].some((c) => set.includes(c)));
    }
  });

  it('uses only characters Entra accepts and that need no escaping', () => {
    const password = generatePassword(256);
    assert.match(password, /^[A-Za-z0-9!#$%&()*+,\-.:;<=>?@[\]^_{|}~]+$/);
  });

  it('draws every character from the given randomness source', () => {
    let calls = 0;
    const counting = (max: number): number => {
      calls++;
      return randomInt(max);
    };
    generatePassword(20, counting);
    // 20 picks plus 19 swaps of the shuffle.
    assert.equal(calls, 39);
  });

  it('is the randomness source that decides: a constant source gives a constant password', () => {
    const zero = (): number => 0;
    assert.equal(generatePassword(8, zero), generatePassword(8, zero));
  });

  it('does not repeat across many draws', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generatePassword()));
    assert.equal(seen.size, 1000);
  });

  it("refuses impossible lengths and lengths below Entra's minimum", () => {
    for (const tooShort of [3, 4, 7]) {
      assert.throws(() => generatePassword(tooShort), /Entra's minimum/);
    }
    assert.doesNotThrow(() => generatePassword(8));
    assert.throws(() => generatePassword(257), RangeError);
    assert.throws(() => generatePassword(12.5), RangeError);
  });
});
