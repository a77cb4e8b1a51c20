/**
 * How a group's card is laid out within Teams' size limit: the card is first built without its
 * rows (the frame), and what the frame leaves of {@link GROUP_CARD_BYTES} is shared between the
 * member rows and the left-out rows (see `fit-rows.ts`), in proportion to how many there are.
 */
import type { GroupView } from '../../lockdown/group';
import type { LockdownRequest } from '../../lockdown/request';
import type { AdaptiveCard, CardElement } from './adaptive-card';
import { cardBytes, elementBytes, fitRows, type RowLevel } from './fit-rows';
import { leftOutRowLevels } from './group-rows';

/**
 * What a group's card may take in all: under Teams' 28 KB with room for the activity around it
 * (the single cards stay under about 27 KB at their largest).
 */
export const GROUP_CARD_BYTES = 26 * 1024;

/** The rows a group's card carries. */
export interface GroupRows {
  /** One or more elements per member, in the order asked. */
  readonly members: readonly CardElement[];
  /** One element per account left out. */
  readonly leftOut: readonly CardElement[];
}

/**
 * The card `build` makes of `view`'s rows, each member's row at the richest of `memberLevels`
 * (and each left-out account's at the richest of its levels) that keeps the card within
 * {@link GROUP_CARD_BYTES}; the leanest levels when nothing richer fits.
 */
export function fitGroupCard(
  view: Pick<GroupView, 'members' | 'leftOut'>,
  memberLevels: readonly RowLevel<LockdownRequest>[],
  build: (rows: GroupRows) => AdaptiveCard,
): AdaptiveCard {
  const frame = build({ members: [], leftOut: [] });
  const budget = Math.max(0, GROUP_CARD_BYTES - cardBytes(frame));
  const { members, leftOut } = view;
  const memberShare = Math.floor(
    (budget * members.length) / (members.length + leftOut.length || 1),
  );
  const memberRows = fitRows(members, memberShare, memberLevels);
  const leftOutRows = fitRows(leftOut, budget - elementBytes(memberRows), leftOutRowLevels());
  return build({ members: memberRows, leftOut: leftOutRows });
}
