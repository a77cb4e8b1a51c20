/**
 * How each kind of request is named in headlines, verdicts and history rows, so that a lockdown
 * and an unlock share one set of card builders.
 */
import type { RequestKind } from '../../lockdown/request';

/** The words for one kind of request. */
export interface KindWords {
  /** "Lockdown", "Unlock": the request as a noun ("Unlock of Jane Doe failed"). */
  readonly noun: string;
  /** "Lock down", "Unlock": the ask ("Unlock Jane Doe?"). */
  readonly verb: string;
  /** "Locking down", "Unlocking": while it runs. */
  readonly doing: string;
  /** "Locked down", "Unlocked": once every step is done. */
  readonly done: string;
  /** "locked down", "unlocked": after "is" or "partly". */
  readonly state: string;
}

/** The words of each kind. */
export const KIND_WORDS: Readonly<Record<RequestKind, KindWords>> = {
  lockdown: {
    noun: 'Lockdown',
    verb: 'Lock down',
    doing: 'Locking down',
    done: 'Locked down',
    state: 'locked down',
  },
  unlock: {
    noun: 'Unlock',
    verb: 'Unlock',
    doing: 'Unlocking',
    done: 'Unlocked',
    state: 'unlocked',
  },
};
