/**
 * The look-up behind `/lockdown user@domain` and `/unlock user@domain` (and their dry runs).
 * It needs Graph, which may be slow, while Teams wants its answer within seconds (and redelivers
 * the message after about 15): so the turn only posts "Looking up …" and returns, and the
 * look-up runs detached and edits that message into the confirmation card, the dry run, or the
 * reason there is none. When the card shows consented apps by client id, a second read names
 * them and edits the card again (consent-names.ts).
 */
import { type CloudAdapter, type ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { DirectoryError } from '../lockdown/directory';
import type {
  AskResult,
  GroupAskResult,
  LockdownService,
  PreviewResult,
} from '../lockdown/lockdown-service';
import { type LockdownOption, resolveOptions } from '../lockdown/options';
import type { Person } from '../lockdown/request';
import { cardMessage, originOf } from './activity';
import type { ApproverAudience } from './approver-audience';
import { type AdaptiveCard, buildDryRunCard, buildErrorCard, buildLookingUpCard } from './cards';
import type { RequestCommand } from './commands';
import { nameConsents, type UnnamedConsents, unnamedConsentsOf } from './consent-names';
import type { DetachedWork } from './detached-work';
import { groupAnswerCard } from './group-answer';
import { renderCard } from './render-card';

/** What a look-up needs. */
export interface LookUpOptions {
  readonly service: LockdownService;
  readonly logger: Logger;
  readonly adapter: CloudAdapter;
  /** The bot's app id, or '' when the bot runs anonymously. */
  readonly botAppId: string;
  readonly selfApprovalAllowed: boolean;
  /** Containment options on for every lockdown unless its command turns one off. */
  readonly defaultOptions: readonly LockdownOption[];
  /** Show Confirm only to the approvers (needs a client that refreshes cards). */
  readonly perPersonViews: boolean;
  readonly audience: ApproverAudience;
  /** Where the detached look-ups run (so shutdown can wait for them). */
  readonly detached: DetachedWork;
  readonly now: () => Date;
}

/** A request (or dry run) carried out of its turn. */
interface DetachedAsk {
  readonly command: RequestCommand;
  readonly requester: Person;
  readonly origin: ReturnType<typeof originOf>;
  readonly reference: Partial<ConversationReference>;
  readonly channelData: unknown;
  /** The "Looking up …" message, edited into the answer; absent when Teams gave no id. */
  readonly messageId?: string;
}

/**
 * Posts "Looking up …" in the turn and starts the look-up detached; the turn then ends, so
 * Teams gets its answer at once.
 */
export async function startLookUp(
  context: TurnContext,
  command: RequestCommand,
  requester: Person,
  options: LookUpOptions,
): Promise<void> {
  const targets = command.targets.length;
  const sent = await context.sendActivity(
    cardMessage(
      buildLookingUpCard(
        targets > 1 ? `${targets} accounts` : command.userPrincipalName,
        command,
        command.dryRun,
      ),
    ),
  );
  const ask: DetachedAsk = {
    command,
    requester,
    origin: originOf(context),
    reference: TurnContext.getConversationReference(context.activity),
    // Kept for the roster look-up, which needs the team from Teams' channel data.
    channelData: context.activity.channelData as unknown,
    ...(sent?.id ? { messageId: sent.id } : {}),
  };
  options.detached.run(() => completeRequest(ask, options));
}

/** Looks the target up, records the request and edits the "Looking up" message. */
async function completeRequest(ask: DetachedAsk, options: LookUpOptions): Promise<void> {
  const { userPrincipalName } = ask.command;
  await options.adapter.continueConversationAsync(
    options.botAppId,
    ask.reference,
    async (context) => {
      context.activity.channelData = ask.channelData;
      let card: AdaptiveCard;
      let requestId: string | undefined;
      let unnamed: UnnamedConsents | undefined;
      try {
        const result = ask.command.dryRun
          ? await previewService(ask, options)
          : await askService(context, ask, options);
        if (result.kind === 'group') {
          card = groupAnswerCard(result.answer, {
            now: options.now(),
            selfApprovalAllowed: options.selfApprovalAllowed,
          });
          if (result.answer.kind === 'created') requestId = result.answer.view.leader.id;
        } else {
          card = answerCard(result, userPrincipalName, options);
          if (result.kind === 'created') requestId = result.request.id;
          if (result.kind !== 'lookup-failed') unnamed = unnamedConsentsOf(result);
        }
      } catch (error) {
        options.logger.error({ err: error, target: userPrincipalName }, 'look-up crashed');
        card = buildErrorCard(
          'Something went wrong',
          'The bot hit an unexpected error; nothing was changed. Try again, and tell your Teams admin if it persists.',
        );
      }
      const message = cardMessage(card);
      let cardId = ask.messageId;
      if (cardId) {
        await context.updateActivity({ ...message, id: cardId });
      } else {
        cardId = (await context.sendActivity(message))?.id;
        if (requestId && cardId) await options.service.attachCard(requestId, cardId);
      }
      // The card is out after one round trip; the apps' names follow in a second read.
      const [follow, id] = [unnamed, cardId];
      if (follow && id) {
        options.detached.run(() => nameConsents(follow, id, ask.reference, options));
      }
    },
  );
}

/** Records a pending lockdown or unlock, with the approvers' audience when views are per person. */
async function askService(
  context: TurnContext,
  ask: DetachedAsk,
  options: LookUpOptions,
): Promise<AskResult | GroupAnswer | LookupFailed> {
  const audience = options.perPersonViews
    ? await options.audience.of(
        context,
        await options.service.approverCandidates(),
        options.selfApprovalAllowed ? undefined : ask.requester.id,
      )
    : undefined;
  const { command } = ask;
  const request = {
    userPrincipalName: command.userPrincipalName,
    requestedBy: ask.requester,
    origin: {
      ...ask.origin,
      ...(ask.messageId ? { cardActivityId: ask.messageId } : {}),
      ...(audience ? { audience } : {}),
    },
  };
  if (command.targets.length > 1) {
    const answer = await options.service.requestGroup({
      targets: command.targets,
      requestedBy: request.requestedBy,
      origin: request.origin,
      ...(command.kind === 'unlock'
        ? { kind: 'unlock', mode: 'full' }
        : {
            mode: command.mode,
            options: resolveOptions(options.defaultOptions, command.options),
          }),
    });
    return { kind: 'group', answer };
  }
  return lookedUp(() =>
    command.kind === 'unlock'
      ? options.service.requestUnlock(request)
      : options.service.request({
          ...request,
          mode: command.mode,
          options: resolveOptions(options.defaultOptions, command.options),
        }),
  );
}

/** A dry run: the same look-up and checks, nothing recorded. */
function previewService(
  ask: DetachedAsk,
  options: LookUpOptions,
): Promise<PreviewResult | LookupFailed> {
  const { command } = ask;
  const preview = { userPrincipalName: command.userPrincipalName, requestedBy: ask.requester };
  return lookedUp(() =>
    command.kind === 'unlock'
      ? options.service.previewUnlock(preview)
      : options.service.preview({
          ...preview,
          mode: command.mode,
          options: resolveOptions(options.defaultOptions, command.options),
        }),
  );
}

type LookupFailed = { readonly kind: 'lookup-failed'; readonly error: DirectoryError };

/** The answer to a lockdown of several accounts. */
type GroupAnswer = { readonly kind: 'group'; readonly answer: GroupAskResult };

/** `work`'s answer, or the directory's refusal as an answer (it becomes an error card). */
async function lookedUp<T>(work: () => Promise<T>): Promise<T | LookupFailed> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return { kind: 'lookup-failed', error };
  }
}

/** The card that answers the look-up. */
function answerCard(
  result: AskResult | PreviewResult | LookupFailed,
  userPrincipalName: string,
  options: LookUpOptions,
): AdaptiveCard {
  switch (result.kind) {
    case 'created':
      return renderCard(result.request, {
        now: options.now(),
        selfApprovalAllowed: options.selfApprovalAllowed,
      });
    case 'preview':
      return buildDryRunCard({ ...result, now: options.now() });
    case 'unknown-user':
      return buildErrorCard(
        'Unknown user',
        `No user ${result.userPrincipalName} in this tenant. Nothing was changed.`,
      );
    case 'refused':
      return buildErrorCard('Not allowed', `${result.reason} Nothing was changed.`);
    case 'nothing-to-undo':
      return buildErrorCard('Nothing to undo', `${result.reason} Nothing was changed.`);
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
