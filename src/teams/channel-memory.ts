/**
 * How to post in a security channel outside any turn (an alert's card): the service URL and
 * the bot's identity come only from Teams' own (authenticated) activities, so the bot learns
 * them from its install in the team or from any message in the channel, and keeps them in the
 * store for every instance.
 */
import { ActivityTypes, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { channelOf, tenantOf } from './activity';

/** Where channel references are kept (the lockdown service, over the store). */
export interface ConversationKeeper {
  rememberConversation(conversationKey: string, reply: string): Promise<void>;
  conversation(conversationKey: string): Promise<string | undefined>;
}

/** Learns and recalls the security channels' references. */
export class ChannelMemory {
  /** What this instance last wrote per channel: a message does not rewrite what is known. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly keeper: ConversationKeeper,
    private readonly channelIds: readonly string[],
    private readonly logger: Logger,
  ) {}

  /**
   * Keeps the reference of the activity's channel when it is a security channel and the
   * activity is Teams' (a message or the install); never fails the turn.
   */
  async learn(context: TurnContext): Promise<void> {
    const { type, serviceUrl, recipient } = context.activity;
    if (type !== ActivityTypes.Message && type !== ActivityTypes.ConversationUpdate) return;
    const channelId = channelOf(context);
    if (!channelId || !this.channelIds.includes(channelId) || !serviceUrl || !recipient) return;
    const reference: Partial<ConversationReference> = {
      channelId: context.activity.channelId,
      serviceUrl,
      bot: { id: recipient.id, name: recipient.name },
      conversation: {
        id: channelId,
        isGroup: true,
        conversationType: 'channel',
        tenantId: tenantOf(context),
        name: '',
      },
    };
    const reply = JSON.stringify(reference);
    if (this.written.get(channelId) === reply) return;
    try {
      await this.keeper.rememberConversation(channelKey(channelId), reply);
      this.written.set(channelId, reply);
      this.logger.info({ channelId }, 'learned how to post in the security channel');
    } catch (error) {
      this.logger.warn({ err: error, channelId }, 'could not keep the channel reference');
    }
  }

  /** The channel's reference (a new post goes to its root), or `undefined` if never learned. */
  async reference(channelId: string): Promise<Partial<ConversationReference> | undefined> {
    const reply = await this.keeper.conversation(channelKey(channelId));
    return reply === undefined ? undefined : (JSON.parse(reply) as Partial<ConversationReference>);
  }
}

/** The store key of a channel's reference. */
function channelKey(channelId: string): string {
  return `teams-channel:${channelId}`;
}
