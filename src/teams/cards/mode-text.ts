import type { LockdownOption } from '../../lockdown/options';
import type { LockdownMode } from '../../lockdown/request';
import { optionFlags, optionsClause } from './option-text';

/** Each mode stated plainly, the same on the confirmation and the progress card. */
export const MODE_DESCRIPTIONS: Readonly<Record<LockdownMode, string>> = {
  full: 'Full lockdown: the account and its devices are disabled',
  'keep-enabled':
    'Keep enabled: the account stays enabled (mail, files and Teams keep working for its owner) — only the password is reset and sessions are revoked; account and devices stay enabled',
};

/** Keep-enabled when options add steps: the password and sessions are no longer all it does. */
const KEEP_ENABLED_WITH_OPTIONS =
  'Keep enabled: the account stays enabled (mail, files and Teams keep working for its owner) — the password is reset and sessions are revoked; account and devices stay enabled';

/**
 * The mode stated plainly, with the options it runs too: "Full lockdown: …; also: remove the
 * sign-in methods, confirm compromised".
 */
export function modeDescription(
  mode: LockdownMode,
  options: readonly LockdownOption[] = [],
): string {
  if (options.length === 0) return MODE_DESCRIPTIONS[mode];
  const base = mode === 'keep-enabled' ? KEEP_ENABLED_WITH_OPTIONS : MODE_DESCRIPTIONS.full;
  return `${base}${optionsClause(options)}`;
}

/** Each mode's short name. */
export const MODE_NAMES: Readonly<Record<LockdownMode, string>> = {
  full: 'Full lockdown',
  'keep-enabled': 'Keep enabled',
};

/** Why a step is skipped on the confirmation card. */
export const SKIPPED_BY_MODE = 'skipped (keep-enabled mode)';

/** The command that repeats a request, with its options, for "what to do next" lines. */
export function lockdownCommand(
  userPrincipalName: string,
  mode: LockdownMode,
  options: readonly LockdownOption[] = [],
): string {
  const keepEnabled = mode === 'full' ? '' : ' --keep-enabled';
  return `/lockdown ${userPrincipalName}${keepEnabled}${optionFlags(options)}`;
}
