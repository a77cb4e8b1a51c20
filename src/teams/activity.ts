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

/** What separates a channel id from the root message of a thread in a conversation id. */
const THREAD_SEPARATOR = ';messageid=';

function channelData(context: TurnContext): TeamsChannelData {
  return (context.activity.channelData ?? {}) as TeamsChannelData;
}

/**
 * The sender, by Entra object id in lower case (the front door lower-cases it already; this
 * keeps the rule where the id is read); `undefined` when Teams did not say.
 */
export function senderOf(context: TurnContext): Person | undefined {
  const from = context.activity.from;
  if (!from?.aadObjectId) return undefined;
  const id = from.aadObjectId.toLowerCase();
  return { id, name: from.name || id };
}

/** The Entra tenant the activity comes from, in lower case ('' when absent). */
export function tenantOf(context: TurnContext): string {
  return (
    context.activity.conversation?.tenantId ??
    channelData(context).tenant?.id ??
    ''
  ).toLowerCase();
}

/**
 * The Teams channel id, or `undefined` in a group or personal chat. Only a channel that the
 * conversation and the channel data agree on counts: a channel post's conversation id is the
 * channel id (with `;messageid=` for its thread), so channel data naming another channel is
 * forged or stale, and the activity is treated as coming from no channel at all.
 */
export function channelOf(context: TurnContext): string | undefined {
  const data = channelData(context);
  const claimed = [data.channel?.id, data.teamsChannelId].filter(
    (id): id is string => typeof id === 'string',
  );
  const channelId = claimed[0];
  if (!channelId || claimed.some((id) => id !== channelId)) return undefined;
  const conversationId = context.activity.conversation?.id ?? '';
  return conversationId.split(THREAD_SEPARATOR)[0] === channelId ? channelId : undefined;
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
