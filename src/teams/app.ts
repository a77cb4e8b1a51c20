/**
 * The Teams face of the bot: routes messages and card actions to the lockdown use cases.
 * Knows nothing of Graph's HTTP.
 */
import { Application, type TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type TurnContext, TurnContext as Turn } from 'botbuilder';
import type { Logger } from 'pino';
import { errorSummary } from '../http/log-fields';
import type { LockdownService } from '../lockdown/lockdown-service';
import type { LockdownOption } from '../lockdown/options';
import { cardMessage, tenantOf } from './activity';
import { ApproverAudience } from './approver-audience';
import { decide, viewFor } from './card-actions';
import type { ChannelMemory } from './channel-memory';
import { buildErrorCard, CANCEL_VERB, CONFIRM_VERB, REFRESH_VERB } from './cards';
import { handleCommand } from './command-handler';
import { looksLikeCommand } from './commands';
import type { DetachedWork } from './detached-work';

/** What the Teams application needs. */
export interface TeamsAppOptions {
  readonly adapter: TeamsAdapter;
  readonly botAppId: string;
  readonly service: LockdownService;
  readonly logger: Logger;
  /** The only tenant whose activities are served. */
  readonly tenantId: string;
  /** Teams channel ids where lockdowns may be asked for and decided. */
  readonly channelIds: readonly string[];
  readonly selfApprovalAllowed: boolean;
  /** Show Confirm only to the approvers (needs a client that refreshes cards). */
  readonly perPersonViews: boolean;
  /** Containment options on for every lockdown (`LOCKDOWN_DEFAULT_OPTIONS`); none by default. */
  readonly defaultOptions?: readonly LockdownOption[];
  /** Where command look-ups run after their turn has answered Teams. */
  readonly detached: DetachedWork;
  readonly now?: () => Date;
  /** Learns how to post in the security channels (for alerts), from Teams' activities. */
  readonly channels?: ChannelMemory;
}

/** Builds the teams-ai application with the bot's routes. */
export function createTeamsApp(options: TeamsAppOptions): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: options.adapter,
    botAppId: options.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const handlerOptions = {
    ...options,
    now: options.now ?? (() => new Date()),
    defaultOptions: options.defaultOptions ?? [],
    audience: new ApproverAudience(options.logger),
  };
  const log = options.logger;

  // Activities from another tenant are refused before any route runs.
  app.turn('beforeTurn', async (context) => {
    const tenant = tenantOf(context);
    if (tenant.toLowerCase() === options.tenantId.toLowerCase()) {
      await options.channels?.learn(context);
      return true;
    }
    log.warn(
      { tenant, from: context.activity.from?.aadObjectId, type: context.activity.type },
      'activity from another tenant refused',
    );
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 403, body: { message: 'This bot serves another tenant.' } },
      });
    }
    return false;
  });

  app.message(
    async (context) => isForUs(context),
    async (context) => handleCommand(context, handlerOptions),
  );
  app.adaptiveCards.actionExecute(CONFIRM_VERB, (context, _state, data) =>
    decide(context, data, handlerOptions, 'confirm'),
  );
  app.adaptiveCards.actionExecute(CANCEL_VERB, (context, _state, data) =>
    decide(context, data, handlerOptions, 'cancel'),
  );
  app.adaptiveCards.actionExecute(REFRESH_VERB, (context, _state, data) =>
    viewFor(context, data, handlerOptions),
  );

  app.error(async (context, error) => {
    // One line, no stack: a caller can provoke this (an unreachable serviceUrl in anonymous mode).
    log.error(
      { error: errorSummary(error), activityType: context.activity.type },
      'unhandled error in turn',
    );
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(
        cardMessage(
          buildErrorCard(
            'Something went wrong',
            'The bot hit an unexpected error; nothing was changed. Try again, and tell your Teams admin if it persists.',
          ),
        ),
      );
    }
  });
  return app;
}

/**
 * A message is for us when it is a command, or when it @mentions the bot. With the channel
 * message permission the bot sees every message in the team: it stays silent on the rest.
 */
function isForUs(context: TurnContext): boolean {
  if (context.activity.type !== ActivityTypes.Message) return false;
  if (looksLikeCommand(context.activity.text ?? '')) return true;
  const botId = context.activity.recipient?.id;
  return Turn.getMentions(context.activity).some((mention) => mention.mentioned?.id === botId);
}
