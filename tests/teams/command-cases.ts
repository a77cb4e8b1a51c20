/**
 * The commands the parser's tables expect, built in one place: a lockdown with its mode, dry
 * run and options (none unless given), and an unlock.
 */
import { NO_CHOICE, type OptionChoice } from '../../src/lockdown/options';
import type { LockdownMode } from '../../src/lockdown/request';
import type { Command } from '../../src/teams/commands';

/** The lockdown command for `userPrincipalName`: full, no dry run, no options unless given. */
export function lockdown(
  userPrincipalName: string,
  given: {
    readonly mode?: LockdownMode;
    readonly dryRun?: boolean;
    readonly options?: Partial<OptionChoice>;
    /** Every target, when more than the first. */
    readonly targets?: readonly string[];
  } = {},
): Command {
  return {
    kind: 'lockdown',
    userPrincipalName,
    targets: given.targets ?? [userPrincipalName],
    mode: given.mode ?? 'full',
    options: { ...NO_CHOICE, ...given.options },
    dryRun: given.dryRun ?? false,
  };
}

/** The unlock command for `userPrincipalName`. */
export function unlock(
  userPrincipalName: string,
  dryRun = false,
  targets: readonly string[] = [userPrincipalName],
): Command {
  return { kind: 'unlock', userPrincipalName, targets, dryRun };
}

/** The problem a refused command reports. */
export function invalid(problem: string): Command {
  return { kind: 'invalid', problem };
}
