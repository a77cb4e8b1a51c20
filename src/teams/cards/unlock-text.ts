/**
 * What an unlock's cards say about what it undoes and what it leaves to people: one wording
 * for the confirmation, dry-run, progress and final cards.
 */
import type { Person, UndoneBy, UndoPlan } from '../../lockdown/request';
import { formatUtc } from './format-time';
import { SHORT_NAME_BYTES, plain } from './text-budget';

/** How the person gets back in: an unlock never sets, restores or shows a password. */
export const UNLOCK_PASSWORD_NOTE =
  "The password is not restored or shown: the lockdown's random password stays. To get back in, an administrator resets the password or issues a Temporary Access Pass in the Entra admin center; self-service password reset works only if the person still has registered methods.";

/** Warning for accounts synced from on-premises AD. */
export const UNLOCK_SYNCED_WARNING =
  'Synced from on-premises AD: if the account was disabled on-premises too, enable it there as well, else the next directory sync disables it again';

/** How many approvers a line names before it says "and N more". */
const MAX_NAMED_APPROVERS = 2;

/** "Bob and Carol", "Bob, Carol and 3 more", each name on a short budget. */
export function peopleNames(people: readonly Person[], nobody = 'nobody'): string {
  if (people.length === 0) return nobody;
  const named = people.slice(0, MAX_NAMED_APPROVERS).map((p) => plain(p.name, SHORT_NAME_BYTES));
  const more = people.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${more} more`;
  return named.length === 2 ? `${named[0]} and ${named[1]}` : (named[0] ?? nobody);
}

/** "the lockdown of 2026-11-28 14:08 UTC asked by Ann Responder". */
export function lockdownReference(undo: UndoPlan): string {
  const when = undo.lockdownFinishedAt ? ` of ${formatUtc(undo.lockdownFinishedAt)}` : '';
  return `the lockdown${when} asked by ${plain(undo.lockdownRequestedBy.name, SHORT_NAME_BYTES)}`;
}

/** What an unlock does, in one sentence (the header of its cards). */
export function undoSentence(undo: UndoPlan | undefined): string {
  return undo
    ? `Undoes what ${lockdownReference(undo)} did, and only that`
    : 'Undoes what the latest lockdown did, and only that';
}

/**
 * The line a lockdown's card carries once an unlock of it finished:
 * "Unlocked at 2026-11-28 15:00 UTC, asked by Ann, approved by Bob".
 */
export function undoneLine(undoneBy: UndoneBy): string {
  const how = undoneBy.state === 'completed' ? 'Unlocked' : 'Partly unlocked';
  return `${how} at ${formatUtc(undoneBy.finishedAt)}, asked by ${plain(undoneBy.requestedBy.name, SHORT_NAME_BYTES)}, approved by ${peopleNames(undoneBy.approvedBy, 'nobody on record')}`;
}
