/**
 * Parses what a person typed into a typed command, or says plainly what is wrong (pure).
 * Teams has removed the bot's @mention from the text before it gets here.
 */
import type { OptionChoice } from '../lockdown/options';
import type { LockdownMode } from '../lockdown/request';
import { quote, validTargetName, validTargetNames } from '../lockdown/target-names';
import { isOptionFlag, optionChoice } from './option-flags';

/** A parsed command. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'history' }
  | { readonly kind: 'status'; readonly userPrincipalName: string }
  | {
      readonly kind: 'lockdown';
      /** The first (or only) target. */
      readonly userPrincipalName: string;
      /** Every target, each once, in the order typed (up to {@link MAX_TARGETS}). */
      readonly targets: readonly string[];
      readonly mode: LockdownMode;
      /** The containment options asked for beyond the deployment's defaults. */
      readonly options: OptionChoice;
      /** `--dry-run`: show what would happen; record no request, write nothing. */
      readonly dryRun: boolean;
    }
  | {
      /** Undo what the user's latest finished lockdown did. */
      readonly kind: 'unlock';
      /** The first (or only) target. */
      readonly userPrincipalName: string;
      /** Every target, each once, in the order typed. */
      readonly targets: readonly string[];
      /** `--dry-run`: show what would be undone; record no request, write nothing. */
      readonly dryRun: boolean;
    }
  | { readonly kind: 'invalid'; readonly problem: string };

/** A command that asks for a request (or its dry run). */
export type RequestCommand = Extract<Command, { readonly kind: 'lockdown' | 'unlock' }>;

export { MAX_UPN_LENGTH } from '../lockdown/target-names';

const COMMAND_WORD = /^\/?lockdown(?=\s|$)/i;
const UNLOCK_WORD = /^\/?unlock(?=\s|$)/i;
const UNLOCK_WITH_SLASH = /^\/unlock(?=\s|$)/i;
/**
 * "unlock" is an everyday word: without the slash (or the @mention, which makes any message
 * ours) it is a command only when an address or an option follows it.
 */
const UNLOCK_WITHOUT_SLASH = /^unlock (?:\S*@|-)/i;
const HELP_WORDS = new Set(['help', '/help', '--help', '-h', '?']);
const MODE_OPTIONS: Readonly<Record<string, LockdownMode>> = { '--keep-enabled': 'keep-enabled' };
const DRY_RUN_OPTION = '--dry-run';

/**
 * True when the text is addressed to this bot as a command (`lockdown ...`, `/unlock ...`,
 * `unlock user@domain` or `help`).
 */
export function looksLikeCommand(text: string): boolean {
  const trimmed = normalise(text);
  return (
    COMMAND_WORD.test(trimmed) ||
    UNLOCK_WITH_SLASH.test(trimmed) ||
    UNLOCK_WITHOUT_SLASH.test(trimmed) ||
    HELP_WORDS.has(trimmed.toLowerCase())
  );
}

/**
 * Parses `/lockdown user@domain [--keep-enabled] [--dry-run] [--<option>|--no-<option>|--all]`,
 * `/unlock user@domain [--dry-run]`, `/lockdown help` or `help`.
 */
export function parseCommand(text: string): Command {
  const trimmed = normalise(text);
  if (HELP_WORDS.has(trimmed.toLowerCase())) return { kind: 'help' };
  const unlock = UNLOCK_WORD.exec(trimmed);
  if (unlock) return parseUnlock(wordsAfter(trimmed, unlock[0]));
  const match = COMMAND_WORD.exec(trimmed);
  if (!match) {
    return { kind: 'invalid', problem: 'Commands start with /lockdown or /unlock.' };
  }
  const words = wordsAfter(trimmed, match[0]);
  if (words.length === 0) return { kind: 'invalid', problem: 'Whom should I lock down?' };
  const first = words[0]?.toLowerCase() ?? '';
  if (words.length === 1 && HELP_WORDS.has(first)) return { kind: 'help' };
  if (first === 'history') {
    return words.length === 1
      ? { kind: 'history' }
      : { kind: 'invalid', problem: '/lockdown history takes no arguments.' };
  }
  if (first === 'status') {
    if (words.length !== 2) {
      return { kind: 'invalid', problem: 'Usage: /lockdown status user@domain' };
    }
    const target = validTarget(stripMailto(words[1] as string));
    return typeof target === 'string' ? { kind: 'status', userPrincipalName: target } : target;
  }

  const read = readWords(words);
  let mode: LockdownMode = 'full';
  for (const option of read.options.filter((word) => !isOptionFlag(word))) {
    const chosen = MODE_OPTIONS[option.toLowerCase()];
    if (!chosen) return { kind: 'invalid', problem: `Unknown option ${quote(option)}.` };
    mode = chosen;
  }
  const options = optionChoice(read.options.filter(isOptionFlag));
  if ('problem' in options) return { kind: 'invalid', problem: options.problem };
  const named = targetList(read.targets, read.dryRun, 'Whom should I lock down?');
  if ('problem' in named) return { kind: 'invalid', problem: named.problem };
  return {
    kind: 'lockdown',
    userPrincipalName: named.first,
    targets: named.targets,
    mode,
    options,
    dryRun: read.dryRun,
  };
}

/** Why `option` (typed after `/unlock`) is refused. */
function unlockOptionProblem(option: string): string {
  if (isOptionFlag(option)) {
    return `${quote(option)} is for /lockdown: an unlock undoes only what the lockdown disabled, never what its options removed.`;
  }
  return Object.hasOwn(MODE_OPTIONS, option.toLowerCase())
    ? `${quote(option)} is for /lockdown: an unlock undoes what the lockdown did, whatever its mode.`
    : `Unknown option ${quote(option)}.`;
}

/** Parses what follows `/unlock`: `user@domain [--dry-run]` or `help`. */
function parseUnlock(words: readonly string[]): Command {
  if (words.length === 1 && HELP_WORDS.has(words[0]?.toLowerCase() ?? '')) return { kind: 'help' };
  const read = readWords(words);
  const [option] = read.options;
  if (option !== undefined) return { kind: 'invalid', problem: unlockOptionProblem(option) };
  const named = targetList(read.targets, read.dryRun, 'Whom should I unlock?');
  return 'problem' in named
    ? { kind: 'invalid', problem: named.problem }
    : {
        kind: 'unlock',
        userPrincipalName: named.first,
        targets: named.targets,
        dryRun: read.dryRun,
      };
}

/** The targets typed (each once), or why they cannot be taken. */
function targetList(
  typed: readonly string[],
  dryRun: boolean,
  whom: string,
): { readonly first: string; readonly targets: readonly string[] } | { readonly problem: string } {
  const named = validTargetNames(typed.map(stripMailto));
  if ('problems' in named) return { problem: named.problems.join(' ') };
  const [first] = named.targets;
  if (first === undefined) return { problem: whom };
  if (named.targets.length > 1 && dryRun) {
    return { problem: 'A dry run takes one account at a time.' };
  }
  return { first, targets: named.targets };
}

/** The words after the command word. */
function wordsAfter(text: string, commandWord: string): string[] {
  return text.slice(commandWord.length).split(' ').filter(Boolean);
}

/** A command's words sorted into targets, `--dry-run` and the other options (as typed). */
function readWords(words: readonly string[]): {
  readonly targets: readonly string[];
  readonly options: readonly string[];
  readonly dryRun: boolean;
} {
  const targets = words.filter((word) => !word.startsWith('-'));
  const options = words.filter(
    (word) => word.startsWith('-') && word.toLowerCase() !== DRY_RUN_OPTION,
  );
  const dryRun = words.some((word) => word.toLowerCase() === DRY_RUN_OPTION);
  return { targets, options, dryRun };
}

/** The target itself when it is a valid UPN or object id, or why not. */
function validTarget(target: string): string | Extract<Command, { kind: 'invalid' }> {
  const valid = validTargetName(target);
  return typeof valid === 'string' ? valid : { kind: 'invalid', problem: valid.problem };
}

/** Collapses whitespace (Teams sends non-breaking spaces and new lines) and trims. */
function normalise(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Teams sometimes turns an address into a `mailto:` link. */
function stripMailto(word: string): string {
  return word.replace(/^mailto:/i, '');
}
