/**
 * The card of a request as the whole channel sees it. While it is pending, the requester's
 * Teams is told to ask for their own view (without Confirm, under the four-eyes rule).
 */
import type { ConversationReference } from 'botbuilder';
import type { GroupView } from '../lockdown/group';
import type { LockdownRequest } from '../lockdown/request';
import {
  type AdaptiveCard,
  type ConfirmationCardOptions,
  buildGroupCard,
  cardForRequest,
} from './cards';

/** How cards are rendered in this deployment. */
export interface RenderOptions {
  readonly now: Date;
  readonly selfApprovalAllowed: boolean;
}

/**
 * The shared card of `request`. When the approvers are a known audience, the shared card has no
 * Confirm and each approver's Teams asks for their own view, which has it.
 */
export function renderCard(request: LockdownRequest, options: RenderOptions): AdaptiveCard {
  return cardForRequest(request, sharedOptions(request, options));
}

/**
 * The shared card of a group (several accounts asked for together), as {@link renderCard}
 * renders a single request's: the leader's origin decides who gets their own view.
 */
export function renderGroupCard(view: GroupView, options: RenderOptions): AdaptiveCard {
  return buildGroupCard(view, sharedOptions(view.leader, options));
}

/** The shared card's options: who gets their own view, and whether the shared one has Confirm. */
function sharedOptions(request: LockdownRequest, options: RenderOptions): ConfirmationCardOptions {
  const requesterTeamsId = options.selfApprovalAllowed ? undefined : requesterIdOf(request);
  const audience = request.origin.audience;
  return {
    now: options.now,
    selfApprovalAllowed: options.selfApprovalAllowed,
    refreshFor: [...(requesterTeamsId ? [requesterTeamsId] : []), ...(audience ?? [])],
    ...(audience
      ? { viewer: { canApprove: false, note: 'Only the listed approvers see Confirm.' } }
      : {}),
  };
}

/** The requester's Bot Framework user id, kept in the conversation reference of the command. */
function requesterIdOf(request: LockdownRequest): string | undefined {
  try {
    return (JSON.parse(request.origin.reply) as Partial<ConversationReference>).user?.id;
  } catch {
    return undefined;
  }
}
