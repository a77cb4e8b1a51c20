/**
 * Lockdown commands run only in the security channels an admin listed. Elsewhere the bot says
 * where they may be used, and while none is listed it tells an admin how to list this one.
 */
import type { TurnContext } from 'botbuilder';
import { channelOf } from './activity';
import { type AdaptiveCard, buildErrorCard } from './cards';

/** Why commands are not accepted in this conversation, as a card; `undefined` when they are. */
export function channelRefusal(
  context: TurnContext,
  allowedChannelIds: readonly string[],
): AdaptiveCard | undefined {
  const channelId = channelOf(context);
  if (channelId && allowedChannelIds.includes(channelId)) return undefined;
  if (allowedChannelIds.length === 0) {
    return buildErrorCard(
      'Lockdown is not enabled in any channel yet',
      channelId
        ? `To allow lockdowns here, a Teams admin sets LOCKDOWN_CHANNEL_IDS=${channelId} (this channel's id) in the bot's configuration and restarts it. Nothing was done.`
        : 'Lockdowns run only in a security team channel. Add the bot to that team, send a command there to learn the channel id, and have a Teams admin set LOCKDOWN_CHANNEL_IDS. Nothing was done.',
    );
  }
  return buildErrorCard(
    'Not in this conversation',
    'Lockdown commands are accepted only in the security channel your admins configured. Please ask there. Nothing was done.',
  );
}
