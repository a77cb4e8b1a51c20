import type { LockdownMode } from '../../lockdown/request';

/** Each mode stated plainly, the same on the confirmation and the progress card. */
export const MODE_DESCRIPTIONS: Readonly<Record<LockdownMode, string>> = {
  full: 'Full lockdown: the account and its devices are disabled',
  'keep-enabled':
    'Keep enabled: the account stays enabled (mail, files and Teams keep working for its owner) — only the password is reset and sessions are revoked; account and devices stay enabled',
};

/** Each mode's short name. */
export const MODE_NAMES: Readonly<Record<LockdownMode, string>> = {
  full: 'Full lockdown',
  'keep-enabled': 'Keep enabled',
};

/** Why a step is skipped on the confirmation card. */
export const SKIPPED_BY_MODE = 'skipped (keep-enabled mode)';

/** The command that repeats a request, for "what to do next" lines. */
export function lockdownCommand(userPrincipalName: string, mode: LockdownMode): string {
  return mode === 'full'
    ? `/lockdown ${userPrincipalName}`
    : `/lockdown ${userPrincipalName} --keep-enabled`;
}
