/**
 * The card of a request wherever it is rendered (a decision's answer, a person's own view):
 * a member of a group shows its group's one card, read from the store as it now stands.
 */
import type { GroupView } from '../lockdown/group';
import type { LockdownRequest } from '../lockdown/request';
import {
  type AdaptiveCard,
  buildGroupCard,
  cardForRequest,
  type ConfirmationCardOptions,
} from './cards';
import { type RenderOptions, renderCard, renderGroupCard } from './render-card';

/** Reads a member's group (`undefined` for an ungrouped request). */
export type GroupLoader = (request: LockdownRequest) => Promise<GroupView | undefined>;

/** The card the whole channel sees (see {@link renderCard}), group-aware. */
export async function sharedCard(
  request: LockdownRequest,
  loadGroup: GroupLoader,
  options: RenderOptions,
): Promise<AdaptiveCard> {
  const view = request.group ? await loadGroup(request) : undefined;
  return view ? renderGroupCard(view, options) : renderCard(request, options);
}

/** One person's own view of the card (see {@link cardForRequest}), group-aware. */
export async function personalCard(
  request: LockdownRequest,
  loadGroup: GroupLoader,
  options: ConfirmationCardOptions,
): Promise<AdaptiveCard> {
  const view = request.group ? await loadGroup(request) : undefined;
  return view ? buildGroupCard(view, options) : cardForRequest(request, options);
}
