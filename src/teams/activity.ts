/**
 * What the bot reads off a Teams activity: who sent it, from which tenant, conversation and
 * channel. Identity always comes from the (authenticated) activity, never from card data.
 */
import { type Activity, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Person, RequestOrigin } from '../lockdown/request';
import type { AdaptiveCard } from './cards';

interface TeamsChannelData {
  readonly tenant?: { readonly id?: string };
  readonly channel?: { readonly id?: string };
  readonly teamsChannelId?: string;
}

function channelData(context: TurnContext): TeamsChannelData {
  return (context.activity.channelData ?? {}) as TeamsChannelData;
}

/** The sender, by Entra object id; `undefined` when Teams did not say. */
export function senderOf(context: TurnContext): Person | undefined {
  const from = context.activity.from;
  if (!from?.aadObjectId) return undefined;
  return { id: from.aadObjectId, name: from.name || from.aadObjectId };
}

/** The Entra tenant the activity comes from ('' when absent). */
export function tenantOf(context: TurnContext): string {
  return context.activity.conversation?.tenantId ?? channelData(context).tenant?.id ?? '';
}

/** The Teams channel id, or `undefined` in a group or personal chat. */
export function channelOf(context: TurnContext): string | undefined {
  const data = channelData(context);
  return data.channel?.id ?? data.teamsChannelId;
}

/** Where a new request comes from, with what is needed to reach its thread again. */
export function originOf(context: TurnContext): RequestOrigin {
  const channelId = channelOf(context);
  return {
    tenantId: tenantOf(context),
    conversationId: context.activity.conversation.id,
    ...(channelId ? { channelId } : {}),
    reply: JSON.stringify(TurnContext.getConversationReference(context.activity)),
  };
}

/** A message carrying one Adaptive Card. */
export function cardMessage(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}
