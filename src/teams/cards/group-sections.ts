/**
 * The parts every card of a group shares: what the group does (under its headline), the
 * accounts with the hint to see one in full, and the accounts left out.
 */
import type { GroupView } from '../../lockdown/group';
import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { heading, textBlock, type CardElement } from './adaptive-card';
import type { GroupRows } from './group-layout';
import { modeDescription } from './mode-text';
import { optionsOf } from './option-text';

/** How to see everything about one account of the group. */
export const GROUP_STATUS_HINT = 'Details of one account: /lockdown status user@domain';

/** What an unlock of several accounts does. */
export const GROUP_UNDO_SENTENCE = "Undoes what each account's latest lockdown did, and only that";

/** What the group does, under its headline: the leader's mode and options, or the undo. */
export function groupDescription(leader: LockdownRequest): string {
  return kindOf(leader) === 'unlock'
    ? GROUP_UNDO_SENTENCE
    : modeDescription(leader.mode, optionsOf(leader));
}

/** "Accounts (12)", the member rows, then how to see one account in full. */
export function accountsSection(view: Pick<GroupView, 'members'>, rows: GroupRows): CardElement[] {
  return [
    heading(`Accounts (${view.members.length})`),
    ...rows.members,
    textBlock(GROUP_STATUS_HINT, { isSubtle: true, size: 'small', spacing: 'small' }),
  ];
}

/** "Left out (2)" and a row each (with its reason), or nothing when none was left out. */
export function leftOutSection(view: Pick<GroupView, 'leftOut'>, rows: GroupRows): CardElement[] {
  if (view.leftOut.length === 0) return [];
  return [heading(`Left out (${view.leftOut.length})`), ...rows.leftOut];
}
