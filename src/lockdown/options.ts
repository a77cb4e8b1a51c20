/**
 * The containment options beyond the article's four steps: remove the attacker's sign-in
 * methods, disable their mail rules, revoke the apps they consented to, and confirm the account
 * compromised in Identity Protection. Each is a pipeline step of its own. A deployment may turn
 * some on for every lockdown (defaults); a command adds (`--remove-mfa`, `--all`) or removes
 * (`--no-remove-mfa`) options for one lockdown.
 */
import type { StepId } from './step-plan';

/** The options, in the order their steps run and are shown. */
export const LOCKDOWN_OPTIONS = [
  'remove-mfa',
  'disable-mail-rules',
  'revoke-consents',
  'compromised',
] as const;

/** One containment option. */
export type LockdownOption = (typeof LOCKDOWN_OPTIONS)[number];

/** The step each option adds. */
export const OPTION_STEPS: Readonly<Record<LockdownOption, StepId>> = {
  'remove-mfa': 'remove-methods',
  'disable-mail-rules': 'disable-mail-rules',
  'revoke-consents': 'revoke-consents',
  compromised: 'confirm-compromised',
};

/** True for the name of an option (without dashes). */
export function isLockdownOption(name: string): name is LockdownOption {
  return (LOCKDOWN_OPTIONS as readonly string[]).includes(name);
}

/** What one command asks for beyond the defaults. */
export interface OptionChoice {
  /** Options turned on (`--remove-mfa`; `--all` turns on every one). */
  readonly add: readonly LockdownOption[];
  /** Defaults turned off (`--no-remove-mfa`). */
  readonly remove: readonly LockdownOption[];
}

/** No change to the defaults. */
export const NO_CHOICE: OptionChoice = { add: [], remove: [] };

/** The options of one lockdown: the defaults, plus what it adds, minus what it removes; in order. */
export function resolveOptions(
  defaults: readonly LockdownOption[],
  choice: OptionChoice,
): readonly LockdownOption[] {
  const chosen = new Set([...defaults, ...choice.add]);
  for (const option of choice.remove) chosen.delete(option);
  return LOCKDOWN_OPTIONS.filter((option) => chosen.has(option));
}
