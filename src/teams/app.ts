/**
 * The Teams face of the bot: turns messages and card clicks into lockdown use cases and answers
 * with cards. Knows nothing of Graph's HTTP.
 */
import { Application, type TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { CardFactory, MessageFactory, type TurnContext, TurnContext as Turn } from 'botbuilder';
import type { Logger } from 'pino';
import type { ActionSource, DecisionResult, LockdownService } from '../lockdown/lockdown-service';
import type { Person, RequestOrigin } from '../lockdown/request';
import { DirectoryError } from '../lockdown/directory';
import { type AdaptiveCard, buildErrorCard, buildUsageCard, cardForRequest } from './cards';
import { looksLikeCommand, parseCommand } from './commands';

/** Card action verbs. */
export const VERBS = { confirm: 'lockdown.confirm', cancel: 'lockdown.cancel' } as const;

/** What the Teams application needs. */
export interface TeamsAppOptions {
  readonly adapter: TeamsAdapter;
  readonly botAppId: string;
  readonly service: LockdownService;
  readonly logger: Logger;
  readonly selfApprovalAllowed: boolean;
  readonly now?: () => Date;
}

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds the teams-ai application with the bot's routes. */
export function createTeamsApp(options: TeamsAppOptions): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter: options.adapter,
    botAppId: options.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const now = options.now ?? (() => new Date());
  const log = options.logger;

  app.message(
    async (context) => isForUs(context),
    async (context) => {
      await handleCommand(context, options, now());
    },
  );

  app.adaptiveCards.actionExecute(VERBS.confirm, async (context, _state, data) =>
    decide(context, data, options, 'confirm'),
  );
  app.adaptiveCards.actionExecute(VERBS.cancel, async (context, _state, data) =>
    decide(context, data, options, 'cancel'),
  );

  app.error(async (context, error) => {
    log.error({ err: error, activityType: context.activity.type }, 'unhandled error in turn');
    if (context.activity.type === 'message') {
      await context.sendActivity(
        card(
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

/** A message is for us when it is a command, or when it @mentions the bot. */
function isForUs(context: TurnContext): boolean {
  if (context.activity.type !== 'message') return false;
  if (looksLikeCommand(context.activity.text ?? '')) return true;
  const botId = context.activity.recipient?.id;
  return Turn.getMentions(context.activity).some((mention) => mention.mentioned?.id === botId);
}

async function handleCommand(
  context: TurnContext,
  options: TeamsAppOptions,
  now: Date,
): Promise<void> {
  const command = parseCommand(context.activity.text ?? '');
  if (command.kind === 'help') {
    await context.sendActivity(card(buildUsageCard()));
    return;
  }
  if (command.kind === 'invalid') {
    await context.sendActivity(card(buildUsageCard(command.problem)));
    return;
  }
  const requester = person(context);
  if (!requester) {
    await context.sendActivity(
      card(
        buildErrorCard(
          'Who are you?',
          'Teams did not say who sent this message, so I cannot take a lockdown request from it.',
        ),
      ),
    );
    return;
  }
  let result;
  try {
    result = await options.service.request({
      userPrincipalName: command.userPrincipalName,
      mode: command.mode,
      requestedBy: requester,
      origin: origin(context),
    });
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    options.logger.warn(
      { failure: error.failure, target: command.userPrincipalName },
      'look-up failed',
    );
    await context.sendActivity(
      card(
        buildErrorCard(
          `Could not look up ${command.userPrincipalName}`,
          `${error.failure.message} (${error.failure.code}, ${error.failure.status}${error.failure.requestId ? `, request-id ${error.failure.requestId}` : ''}). Nothing was changed.`,
        ),
      ),
    );
    return;
  }
  if (result.kind === 'unknown-user') {
    await context.sendActivity(
      card(
        buildErrorCard(
          'Unknown user',
          `No user ${result.userPrincipalName} in this tenant. Nothing was changed.`,
        ),
      ),
    );
    return;
  }
  const sent = await context.sendActivity(
    card(cardForRequest(result.request, { now, selfApprovalAllowed: options.selfApprovalAllowed })),
  );
  if (sent?.id) {
    await options.service.attachCard(result.request.id, sent.id);
  } else {
    options.logger.warn(
      { requestId: result.request.id },
      'Teams returned no id for the card; it cannot be edited',
    );
  }
}

async function decide(
  context: TurnContext,
  data: unknown,
  options: TeamsAppOptions,
  action: 'confirm' | 'cancel',
): Promise<AdaptiveCard | string> {
  const requestId = (data as { requestId?: unknown } | undefined)?.requestId;
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
    options.logger.warn(
      { action, from: context.activity.from?.aadObjectId },
      'card action without a valid request id',
    );
    return 'This card is not a valid lockdown request. Nothing was changed.';
  }
  const actor = person(context);
  if (!actor)
    return 'Teams did not say who you are, so I cannot take this action. Nothing was changed.';
  const source: ActionSource = {
    tenantId: tenantOf(context),
    conversationId: context.activity.conversation.id,
  };
  const result =
    action === 'confirm'
      ? await options.service.approve(requestId, actor, source)
      : await options.service.cancel(requestId, actor, source);
  return answer(result, options);
}

function answer(result: DecisionResult, options: TeamsAppOptions): AdaptiveCard | string {
  const now = options.now?.() ?? new Date();
  const render = { now, selfApprovalAllowed: options.selfApprovalAllowed };
  switch (result.kind) {
    case 'approved':
    case 'cancelled':
    case 'expired':
      return cardForRequest(result.request, render);
    case 'unknown':
      return 'This lockdown request is unknown here. Nothing was changed.';
    case 'foreign':
      return 'This lockdown request belongs to another conversation. Nothing was changed.';
    case 'refused':
      return `${result.reason} Nothing was changed.`;
    case 'not-pending': {
      const who = result.request.decidedBy?.name ?? 'someone';
      const verb =
        result.request.state === 'cancelled'
          ? 'cancelled'
          : result.request.state === 'expired'
            ? 'expired'
            : result.request.state === 'rejected'
              ? 'rejected'
              : 'approved';
      return verb === 'expired'
        ? 'This lockdown request has expired. Nothing was changed.'
        : `This lockdown request was already ${verb} by ${who}.`;
    }
  }
}

function person(context: TurnContext): Person | undefined {
  const from = context.activity.from;
  if (!from?.aadObjectId) return undefined;
  return { id: from.aadObjectId, name: from.name || from.aadObjectId };
}

function tenantOf(context: TurnContext): string {
  const channelData = context.activity.channelData as { tenant?: { id?: string } } | undefined;
  return context.activity.conversation.tenantId ?? channelData?.tenant?.id ?? '';
}

function origin(context: TurnContext): RequestOrigin {
  const channelData = context.activity.channelData as { channel?: { id?: string } } | undefined;
  return {
    tenantId: tenantOf(context),
    conversationId: context.activity.conversation.id,
    ...(channelData?.channel?.id ? { channelId: channelData.channel.id } : {}),
    reply: JSON.stringify(Turn.getConversationReference(context.activity)),
  };
}

function card(adaptiveCard: AdaptiveCard): Partial<import('botbuilder').Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(adaptiveCard));
}
