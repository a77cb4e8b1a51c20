/**
 * Answers `/lockdown ...` and `/unlock ...` messages. What needs only the store (usage,
 * history, status, the channel gate) is answered inside the turn; a lockdown or unlock request
 * (or its dry run) needs Graph, so it is looked up detached (see request-look-up.ts).
 */
import type { TurnContext } from 'botbuilder';
import { cardMessage, channelOf, senderOf } from './activity';
import {
  type AdaptiveCard,
  buildErrorCard,
  buildHistoryCard,
  buildStatusCard,
  buildUsageCard,
} from './cards';
import { channelRefusal } from './channel-gate';
import { parseCommand } from './commands';
import { type LookUpOptions, startLookUp } from './request-look-up';

/** What the command handler needs. */
export interface CommandHandlerOptions extends LookUpOptions {
  readonly channelIds: readonly string[];
}

/** Handles one command message. */
export async function handleCommand(
  context: TurnContext,
  options: CommandHandlerOptions,
): Promise<void> {
  const reply = async (card: AdaptiveCard): Promise<void> => {
    await context.sendActivity(cardMessage(card));
  };
  const notHere = channelRefusal(context, options.channelIds);
  if (notHere) {
    options.logger.info(
      {
        conversationId: context.activity.conversation.id,
        from: context.activity.from?.aadObjectId,
      },
      'command outside the security channels',
    );
    return reply(notHere);
  }
  const key = deliveryKey(context);
  if (key && !(await isFirstDelivery(key, context, options))) return;
  try {
    await answerCommand(context, options, reply);
  } catch (error) {
    // Not answered: Teams will deliver the message again, and that delivery must be handled.
    if (key) await forgetDelivery(key, options);
    throw error;
  }
}

/** Answers a command delivered for the first time. */
async function answerCommand(
  context: TurnContext,
  options: CommandHandlerOptions,
  reply: (card: AdaptiveCard) => Promise<void>,
): Promise<void> {
  const command = parseCommand(context.activity.text ?? '');
  const defaults = options.defaultOptions;
  if (command.kind === 'help') return reply(buildUsageCard(undefined, defaults));
  if (command.kind === 'invalid') return reply(buildUsageCard(command.problem, defaults));
  if (command.kind === 'history') {
    return reply(buildHistoryCard(await options.service.recentIn(channelOf(context) ?? '', 20)));
  }
  if (command.kind === 'status') {
    const latest = await options.service.latestFor(command.userPrincipalName);
    return reply(
      latest
        ? buildStatusCard(latest, options.now())
        : buildErrorCard(
            'No lockdown yet',
            `No lockdown has been requested for ${command.userPrincipalName}.`,
          ),
    );
  }

  const requester = senderOf(context);
  if (!requester) {
    const what = command.kind === 'unlock' ? 'an unlock' : 'a lockdown';
    return reply(
      buildErrorCard(
        'Who are you?',
        `Teams did not say who sent this message, so I cannot take ${what} request from it.`,
      ),
    );
  }
  await startLookUp(context, command, requester, options);
}

/** The message's conversation and activity id, which a redelivery repeats. */
function deliveryKey(context: TurnContext): string | undefined {
  const { id } = context.activity;
  return id ? `${context.activity.conversation.id}|${id}` : undefined;
}

/**
 * Teams redelivers a message it thinks the bot missed: the same conversation and activity id
 * answered again would create a second card and request. Remembered through the store, so two
 * instances agree.
 */
async function isFirstDelivery(
  key: string,
  context: TurnContext,
  options: CommandHandlerOptions,
): Promise<boolean> {
  const { id } = context.activity;
  const first = await options.service.firstDelivery(key);
  if (!first) {
    options.logger.info(
      { activityId: id, conversationId: context.activity.conversation.id },
      'message redelivered by Teams; already handled',
    );
  }
  return first;
}

/** Best effort: if even this fails, the redelivery is dropped as before (and logged here). */
async function forgetDelivery(key: string, options: CommandHandlerOptions): Promise<void> {
  try {
    await options.service.forgetDelivery(key);
  } catch (error) {
    options.logger.error({ err: error }, 'could not forget a message whose answer failed');
  }
}
