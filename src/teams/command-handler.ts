/**
 * Answers `/lockdown ...` messages. What needs only the store (usage, history, status, the
 * channel gate) is answered inside the turn. A lockdown request needs Graph, which may be slow,
 * while Teams wants its answer within seconds (and redelivers the message after about 15):
 * so the turn only posts "Looking up …" and returns, and the look-up runs detached and edits
 * that message into the confirmation card or the reason there is none.
 */
import { type CloudAdapter, type ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { DirectoryError } from '../lockdown/directory';
import type { AskResult, LockdownService, PreviewResult } from '../lockdown/lockdown-service';
import type { LockdownMode, Person } from '../lockdown/request';
import { cardMessage, channelOf, originOf, senderOf } from './activity';
import type { ApproverAudience } from './approver-audience';
import {
  type AdaptiveCard,
  buildDryRunCard,
  buildErrorCard,
  buildHistoryCard,
  buildStatusCard,
  buildUsageCard,
} from './cards';
import { buildLookingUpCard } from './cards/looking-up-card';
import { channelRefusal } from './channel-gate';
import { parseCommand } from './commands';
import type { DetachedWork } from './detached-work';
import { renderCard } from './render-card';

/** What the command handler needs. */
export interface CommandHandlerOptions {
  readonly service: LockdownService;
  readonly logger: Logger;
  readonly adapter: CloudAdapter;
  /** The bot's app id, or '' when the bot runs anonymously. */
  readonly botAppId: string;
  readonly channelIds: readonly string[];
  readonly selfApprovalAllowed: boolean;
  /** Show Confirm only to the approvers (needs a client that refreshes cards). */
  readonly perPersonViews: boolean;
  readonly audience: ApproverAudience;
  /** Where the detached look-ups run (so shutdown can wait for them). */
  readonly detached: DetachedWork;
  readonly now: () => Date;
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
  if (!(await isFirstDelivery(context, options))) return;
  const command = parseCommand(context.activity.text ?? '');
  if (command.kind === 'help') return reply(buildUsageCard());
  if (command.kind === 'invalid') return reply(buildUsageCard(command.problem));
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
    return reply(
      buildErrorCard(
        'Who are you?',
        'Teams did not say who sent this message, so I cannot take a lockdown request from it.',
      ),
    );
  }
  const sent = await context.sendActivity(
    cardMessage(buildLookingUpCard(command.userPrincipalName, command.mode, command.dryRun)),
  );
  const ask: DetachedAsk = {
    userPrincipalName: command.userPrincipalName,
    mode: command.mode,
    dryRun: command.dryRun,
    requester,
    origin: originOf(context),
    reference: TurnContext.getConversationReference(context.activity),
    // Kept for the roster look-up, which needs the team from Teams' channel data.
    channelData: context.activity.channelData as unknown,
    ...(sent?.id ? { messageId: sent.id } : {}),
  };
  options.detached.run(() => completeRequest(ask, options));
}

/** A lockdown request carried out of its turn. */
interface DetachedAsk {
  readonly userPrincipalName: string;
  readonly mode: LockdownMode;
  /** Show what would happen; record nothing. */
  readonly dryRun: boolean;
  readonly requester: Person;
  readonly origin: ReturnType<typeof originOf>;
  readonly reference: Partial<ConversationReference>;
  readonly channelData: unknown;
  /** The "Looking up …" message, edited into the answer; absent when Teams gave no id. */
  readonly messageId?: string;
}

/**
 * Teams redelivers a message it thinks the bot missed: the same conversation and activity id
 * answered again would create a second card and request. Remembered through the store, so two
 * instances agree.
 */
async function isFirstDelivery(
  context: TurnContext,
  options: CommandHandlerOptions,
): Promise<boolean> {
  const { id } = context.activity;
  if (!id) return true;
  const first = await options.service.firstDelivery(`${context.activity.conversation.id}|${id}`);
  if (!first) {
    options.logger.info(
      { activityId: id, conversationId: context.activity.conversation.id },
      'message redelivered by Teams; already handled',
    );
  }
  return first;
}

/** Looks the target up, records the request and edits the "Looking up" message. */
async function completeRequest(ask: DetachedAsk, options: CommandHandlerOptions): Promise<void> {
  await options.adapter.continueConversationAsync(
    options.botAppId,
    ask.reference,
    async (context) => {
      context.activity.channelData = ask.channelData;
      let card: AdaptiveCard;
      let requestId: string | undefined;
      try {
        const result = ask.dryRun
          ? await previewService(ask, options)
          : await askService(context, ask, options);
        card = answerCard(result, ask.userPrincipalName, options);
        if (result.kind === 'created') requestId = result.request.id;
      } catch (error) {
        options.logger.error({ err: error, target: ask.userPrincipalName }, 'look-up crashed');
        card = buildErrorCard(
          'Something went wrong',
          'The bot hit an unexpected error; nothing was changed. Try again, and tell your Teams admin if it persists.',
        );
      }
      const message = cardMessage(card);
      if (ask.messageId) {
        await context.updateActivity({ ...message, id: ask.messageId });
        return;
      }
      const posted = await context.sendActivity(message);
      if (requestId && posted?.id) await options.service.attachCard(requestId, posted.id);
    },
  );
}

async function askService(
  context: TurnContext,
  ask: DetachedAsk,
  options: CommandHandlerOptions,
): Promise<AskResult | LookupFailed> {
  const audience = options.perPersonViews
    ? await options.audience.of(
        context,
        await options.service.approverCandidates(),
        options.selfApprovalAllowed ? undefined : ask.requester.id,
      )
    : undefined;
  return lookedUp(() =>
    options.service.request({
      userPrincipalName: ask.userPrincipalName,
      mode: ask.mode,
      requestedBy: ask.requester,
      origin: {
        ...ask.origin,
        ...(ask.messageId ? { cardActivityId: ask.messageId } : {}),
        ...(audience ? { audience } : {}),
      },
    }),
  );
}

/** A dry run: the same look-up and checks, nothing recorded. */
function previewService(
  ask: DetachedAsk,
  options: CommandHandlerOptions,
): Promise<PreviewResult | LookupFailed> {
  return lookedUp(() =>
    options.service.preview({
      userPrincipalName: ask.userPrincipalName,
      mode: ask.mode,
      requestedBy: ask.requester,
    }),
  );
}

type LookupFailed = { readonly kind: 'lookup-failed'; readonly error: DirectoryError };

/** `work`'s answer, or the directory's refusal as an answer (it becomes an error card). */
async function lookedUp<T>(work: () => Promise<T>): Promise<T | LookupFailed> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return { kind: 'lookup-failed', error };
  }
}

function answerCard(
  result: AskResult | PreviewResult | LookupFailed,
  userPrincipalName: string,
  options: CommandHandlerOptions,
): AdaptiveCard {
  switch (result.kind) {
    case 'created':
      return renderCard(result.request, {
        now: options.now(),
        selfApprovalAllowed: options.selfApprovalAllowed,
      });
    case 'preview':
      return buildDryRunCard(result);
    case 'unknown-user':
      return buildErrorCard(
        'Unknown user',
        `No user ${result.userPrincipalName} in this tenant. Nothing was changed.`,
      );
    case 'refused':
      return buildErrorCard('Not allowed', `${result.reason} Nothing was changed.`);
    case 'lookup-failed': {
      const { failure } = result.error;
      options.logger.warn({ failure, target: userPrincipalName }, 'look-up failed');
      const requestId = failure.requestId ? `, request-id ${failure.requestId}` : '';
      return buildErrorCard(
        `Could not look up ${userPrincipalName}`,
        `${failure.message} (${failure.code}, ${failure.status}${requestId}). Nothing was changed.`,
      );
    }
  }
}
