/**
 * What the cards say about a lockdown's containment options (remove the sign-in methods,
 * disable mail rules, revoke consents, confirm compromised): one wording for the usage,
 * confirmation, dry-run, progress and final cards.
 */
import { LOCKDOWN_OPTIONS, type LockdownOption } from '../../lockdown/options';
import type { LockdownMode, StepId } from '../../lockdown/request';

/** Each option in a few words, for the header under a card's title. */
export const OPTION_NAMES: Readonly<Record<LockdownOption, string>> = {
  'remove-mfa': 'remove the sign-in methods',
  'disable-mail-rules': 'disable mail rules',
  'revoke-consents': 'revoke app consents',
  compromised: 'confirm compromised',
};

/** The options in one line of the usage card, and what they do. */
export const OPTIONS_USAGE: readonly [command: string, effect: string] = [
  `/lockdown user@domain ${LOCKDOWN_OPTIONS.map((option) => `--${option}`).join(' ')}`,
  'Also remove every sign-in method but the password, disable inbox rules that forward or hide mail, revoke the apps the user consented to, confirm the user compromised in Identity Protection. --all: all four; --no-<option> turns a default off. With --keep-enabled and --dry-run too; /unlock never undoes them.',
];

/**
 * Keep-enabled with `--remove-mfa`: why removing the methods matters most in this mode (an
 * enabled account whose owner's methods the attacker holds can have its password reset).
 */
export const SSPR_STOPPED =
  'Keep enabled: removing the sign-in methods is what stops the attacker resetting the password through self-service password reset.';

/** Keep-enabled without `--remove-mfa`: the option that would close self-service reset. */
export const SSPR_HINT =
  'Keep enabled leaves self-service password reset open to an attacker who holds one of the sign-in methods: add --remove-mfa to remove them.';

/** On a lockdown's confirmation card with options: what an unlock leaves as it is. */
export const OPTIONS_STAY =
  '/unlock does not undo the options: removed methods and consents stay removed, mail rules stay disabled, a confirmed compromise stays until an administrator dismisses the risk.';

/** The chosen options, in the order their steps run (none for a request without). */
export function optionsOf(request: {
  readonly options?: readonly LockdownOption[];
}): LockdownOption[] {
  return LOCKDOWN_OPTIONS.filter((option) => request.options?.includes(option) ?? false);
}

/** "; also: remove the sign-in methods, confirm compromised", or '' without options. */
export function optionsClause(options: readonly LockdownOption[]): string {
  return options.length === 0
    ? ''
    : `; also: ${options.map((option) => OPTION_NAMES[option]).join(', ')}`;
}

/** The line about self-service password reset a lockdown's plan carries, if any. */
export function ssprLine(
  mode: LockdownMode,
  options: readonly LockdownOption[],
): { readonly text: string; readonly subtle: boolean } | undefined {
  if (mode !== 'keep-enabled') return undefined;
  return options.includes('remove-mfa')
    ? { text: SSPR_STOPPED, subtle: false }
    : { text: SSPR_HINT, subtle: true };
}

/** " --remove-mfa --compromised", " --all", or '' without options: to repeat a lockdown. */
export function optionFlags(options: readonly LockdownOption[]): string {
  if (options.length === LOCKDOWN_OPTIONS.length) return ' --all';
  return options.map((option) => ` --${option}`).join('');
}

/** The items each option step acts on, singular and plural. */
export const ITEM_WORDS: Readonly<Partial<Record<StepId, readonly [string, string]>>> = {
  'remove-methods': ['sign-in method', 'sign-in methods'],
  'disable-mail-rules': ['inbox rule', 'inbox rules'],
  'revoke-consents': ['app consent', 'app consents'],
};

/** "1 inbox rule", "3 sign-in methods"; "3 items" for a step without its own words. */
export function countItems(step: StepId, count: number): string {
  const [one, many] = ITEM_WORDS[step] ?? ['item', 'items'];
  return `${count} ${count === 1 ? one : many}`;
}
