/**
 * The containment options of a `/lockdown` command (pure): `--remove-mfa`,
 * `--disable-mail-rules`, `--revoke-consents` and `--compromised` turn an option on for one
 * lockdown, `--all` turns on all four, `--no-<option>` turns a deployment default off. Any case.
 */
import {
  isLockdownOption,
  LOCKDOWN_OPTIONS,
  type LockdownOption,
  type OptionChoice,
} from '../lockdown/options';

/** What one option flag asks for. */
type OptionFlag =
  | { readonly kind: 'add'; readonly options: readonly LockdownOption[]; readonly named: boolean }
  | { readonly kind: 'remove'; readonly option: LockdownOption }
  | { readonly kind: 'ambiguous' };

/** Why a command's option flags cannot be taken. */
export interface OptionProblem {
  readonly problem: string;
}

/** `word` (any case) as an option flag, or `undefined` when it is none. */
function optionFlag(word: string): OptionFlag | undefined {
  const flag = word.toLowerCase();
  if (flag === '--all') return { kind: 'add', options: LOCKDOWN_OPTIONS, named: false };
  if (flag === '--no-all') return { kind: 'ambiguous' };
  if (!flag.startsWith('--')) return undefined;
  const name = flag.slice(2);
  if (isLockdownOption(name)) return { kind: 'add', options: [name], named: true };
  const negated = name.startsWith('no-') ? name.slice(3) : '';
  return isLockdownOption(negated) ? { kind: 'remove', option: negated } : undefined;
}

/** True when `word` is an option flag (`--no-all` included, which is refused later). */
export function isOptionFlag(word: string): boolean {
  return optionFlag(word) !== undefined;
}

/**
 * The choice that `flags` (option flags as typed) make, or why they cannot be taken: `--no-all`
 * is ambiguous, and an option both named and turned off contradicts itself. `--all
 * --no-compromised` is every option but one.
 */
export function optionChoice(flags: readonly string[]): OptionChoice | OptionProblem {
  const added = new Set<LockdownOption>();
  const named = new Map<LockdownOption, string>();
  const removed = new Map<LockdownOption, string>();
  for (const word of flags) {
    const flag = optionFlag(word);
    if (flag === undefined) continue;
    if (flag.kind === 'ambiguous') {
      return {
        problem: `"${word}" is ambiguous: turn defaults off one at a time, e.g. --no-remove-mfa.`,
      };
    }
    if (flag.kind === 'remove') {
      removed.set(flag.option, word);
      continue;
    }
    for (const option of flag.options) {
      added.add(option);
      if (flag.named) named.set(option, word);
    }
  }
  for (const [option, off] of removed) {
    const on = named.get(option);
    if (on !== undefined) {
      return { problem: `"${on}" and "${off}" contradict each other: give one of them.` };
    }
  }
  return {
    add: LOCKDOWN_OPTIONS.filter((option) => added.has(option)),
    remove: LOCKDOWN_OPTIONS.filter((option) => removed.has(option)),
  };
}
