/**
 * Generates the throw-away password set during a lockdown. Nobody ever learns it: it goes to
 * Graph once and is dropped, so the account's owner (or the attacker) must go through a reset.
 */
import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// Symbols Entra accepts; quotes, backslash and space are left out so the value never needs escaping.
const SYMBOLS = '!#$%&()*+,-.:;<=>?@[]^_{|}~';

/** The character classes of a generated password; every one appears at least once. */
export const PASSWORD_CLASSES: readonly string[] = [LOWER, UPPER, DIGITS, SYMBOLS];

/** A source of uniform random integers in `[0, max)`; `node:crypto`'s `randomInt` by default. */
export type RandomInt = (max: number) => number;

/** Default length: far beyond Entra's minimum of 8, well within its maximum of 256. */
export const DEFAULT_PASSWORD_LENGTH = 32;

/** Entra ID refuses passwords shorter than this. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * Returns a new random password of `length` characters with at least one character of each class
 * (lower, upper, digit, symbol), so it meets Entra's complexity rules.
 */
export function generatePassword(
  length: number = DEFAULT_PASSWORD_LENGTH,
  random: RandomInt = randomInt,
): string {
  if (!Number.isInteger(length) || length < MIN_PASSWORD_LENGTH || length > 256) {
    throw new RangeError(
      `Password length must be an integer from ${MIN_PASSWORD_LENGTH} (Entra's minimum) to 256, got ${length}.`,
    );
  }
  const alphabet = PASSWORD_CLASSES.join('');
  const characters = PASSWORD_CLASSES.map((set) => pick(set, random));
  while (characters.length < length) {
    characters.push(pick(alphabet, random));
  }
  // Fisher-Yates, so the guaranteed characters are not always first.
  for (let i = characters.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [characters[i], characters[j]] = [characters[j] as string, characters[i] as string];
  }
  return characters.join('');
}

function pick(set: string, random: RandomInt): string {
  return set.charAt(random(set.length));
}
