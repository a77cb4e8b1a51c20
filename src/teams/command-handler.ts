/**
 * Answers `/lockdown ...` messages: usage and errors as cards, or a new request's
 * confirmation card, whose id is remembered so the card can be edited later.
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { DirectoryError } from '../lockdown/directory';
import type { LockdownService } from '../lockdown/lockdown-service';
import { cardMessage, channelOf, originOf, senderOf } from './activity';
import type { ApproverAudience } from './approver-audience';
import { buildErrorCard, buildHistoryCard, buildStatusCard, buildUsageCard } from './cards';
import { channelRefusal } from './channel-gate';
import { parseCommand } from './commands';
import { renderCard } from './render-card';

/** What the command handler needs. */
export interface CommandHandlerOptions {
  readonly service: LockdownService;
  readonly logger: Logger;
  readonly channelIds: readonly string[];
  readonly selfApprovalAllowed: boolean;
  /** Show Confirm only to the approvers (needs a client that refreshes cards). */
  readonly perPersonViews: boolean;
  readonly audience: ApproverAudience;
  readonly now: () => Date;
}

/** Handles one command message. */
export async function handleCommand(
  context: TurnContext,
  options: CommandHandlerOptions,
): Promise<void> {
  const reply = async (card: Parameters<typeof cardMessage>[0]): Promise<void> => {
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
  const audience = options.perPersonViews
    ? await options.audience.of(context, await options.service.approverCandidates())
    : undefined;
  let result;
  try {
    result = await options.service.request({
      userPrincipalName: command.userPrincipalName,
      mode: command.mode,
      requestedBy: requester,
      origin: { ...originOf(context), ...(audience ? { audience } : {}) },
    });
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    const { failure } = error;
    options.logger.warn({ failure, target: command.userPrincipalName }, 'look-up failed');
    const requestId = failure.requestId ? `, request-id ${failure.requestId}` : '';
    return reply(
      buildErrorCard(
        `Could not look up ${command.userPrincipalName}`,
        `${failure.message} (${failure.code}, ${failure.status}${requestId}). Nothing was changed.`,
      ),
    );
  }
  if (result.kind === 'unknown-user') {
    return reply(
      buildErrorCard(
        'Unknown user',
        `No user ${result.userPrincipalName} in this tenant. Nothing was changed.`,
      ),
    );
  }
  if (result.kind === 'refused') {
    return reply(buildErrorCard('Not allowed', `${result.reason} Nothing was changed.`));
  }
  const sent = await context.sendActivity(
    cardMessage(
      renderCard(result.request, {
        now: options.now(),
        selfApprovalAllowed: options.selfApprovalAllowed,
      }),
    ),
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
