/**
 * An alert's way into the channel: the confirmation card is posted as a new post in the
 * alerts channel, asked by the calling application, and a person still approves it. The same
 * incident and users within the approval time to live answer the request made the first time.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { AlertOutcome } from '../lockdown/alert-outcome';
import type { LockdownService } from '../lockdown/lockdown-service';
import type { LockdownOption } from '../lockdown/options';
import type { AlertOrigin, LockdownMode, LockdownRequest, Person } from '../lockdown/request';
import { cardMessage } from './activity';
import { buildErrorCard, buildLookingUpCard } from './cards';
import type { ChannelMemory } from './channel-memory';
import { groupAnswerCard, refusalSentences } from './group-answer';

/** An alert, checked at the HTTP edge. */
export interface AlertToPost {
  readonly users: readonly string[];
  readonly alert: AlertOrigin;
  readonly mode: LockdownMode;
  /** The options asked for, the deployment's defaults already applied. */
  readonly options: readonly LockdownOption[];
}

/** The application that sent the alert (from its validated token). */
export interface AlertSender {
  readonly appId: string;
  readonly name?: string;
}

/** What posting an alert's card needs. */
export interface AlertCardOptions {
  readonly service: LockdownService;
  readonly adapter: CloudAdapter;
  readonly botAppId: string;
  readonly channels: ChannelMemory;
  /** The security channel alerts are posted in. */
  readonly channelId: string;
  readonly logger: Logger;
  readonly selfApprovalAllowed: boolean;
  readonly now: () => Date;
}

/** Posts the alert's card (or answers the request an earlier call made for it). */
export async function postAlert(
  options: AlertCardOptions,
  toPost: AlertToPost,
  sender: AlertSender,
): Promise<AlertOutcome> {
  const { service, channelId } = options;
  const reference = await options.channels.reference(channelId);
  const conversation = reference?.conversation;
  if (!reference || !conversation) {
    return {
      kind: 'no-conversation',
      message:
        'The bot does not know how to post in the alerts channel yet: add the app to the team, or send "/lockdown help" in that channel once, then send the alert again.',
    };
  }
  const { incidentId } = toPost.alert;
  const claim = incidentId ? await service.claimAlert(incidentId, toPost.users) : undefined;
  if (claim?.kind === 'existing') {
    const url = claim.request ? cardUrlOf(claim.request) : undefined;
    return {
      kind: 'accepted',
      requestId: claim.requestId,
      ...(url ? { cardUrl: url } : {}),
      existing: true,
    };
  }
  const requester: Person = { id: sender.appId, name: sender.name ?? `App ${sender.appId}` };
  let posted: { readonly id: string; readonly thread: Partial<ConversationReference> } | undefined;
  let outcome: AlertOutcome | undefined;
  await options.adapter.continueConversationAsync(options.botAppId, reference, async (context) => {
    const label =
      toPost.users.length === 1 ? (toPost.users[0] ?? '') : `${toPost.users.length} accounts`;
    const sent = await context.sendActivity(
      cardMessage(buildLookingUpCard(label, { kind: 'lockdown', mode: toPost.mode })),
    );
    if (!sent?.id) throw new Error('Teams did not give the alert card an id.');
    const threadId = `${channelId};messageid=${sent.id}`;
    const thread = { ...reference, conversation: { ...conversation, id: threadId } };
    posted = { id: sent.id, thread };
    const asked = await service
      .requestGroup({
        targets: toPost.users,
        mode: toPost.mode,
        options: toPost.options,
        requestedBy: requester,
        alert: toPost.alert,
        trustedRequester: true,
        ...(claim ? { leaderId: claim.requestId } : {}),
        origin: {
          tenantId: conversation.tenantId ?? '',
          conversationId: threadId,
          channelId,
          reply: JSON.stringify(thread),
          cardActivityId: sent.id,
        },
      })
      .catch(async (error: unknown) => {
        // The post must not say "Looking up" for ever; the sender gets a 500 and may retry.
        await context.updateActivity({
          ...cardMessage(
            buildErrorCard(
              `Alert: ${toPost.alert.title}`,
              'The bot hit an unexpected error while looking the users up; nothing was changed. The sender may try again.',
            ),
          ),
          id: sent.id,
        });
        throw error;
      });
    const render = { now: options.now(), selfApprovalAllowed: options.selfApprovalAllowed };
    const card = groupAnswerCard(asked, render, `Alert: ${toPost.alert.title}`);
    outcome =
      asked.kind === 'created'
        ? {
            kind: 'accepted',
            requestId: asked.view.leader.id,
            cardUrl: cardUrl(channelId, sent.id, asked.view.leader.origin.tenantId),
            existing: false,
          }
        : { kind: 'refused', problems: refusalSentences(asked) };
    await context.updateActivity({ ...cardMessage(card), id: sent.id });
  });
  options.logger.info(
    {
      outcome: outcome?.kind,
      incidentId,
      users: toPost.users.length,
      caller: sender.appId,
      card: posted?.id,
    },
    'alert handled',
  );
  if (!outcome) throw new Error('The alert was not handled.');
  return outcome;
}

/** The Teams link to a request's card, when its card is known. */
function cardUrlOf(request: LockdownRequest): string | undefined {
  const { channelId, cardActivityId, tenantId } = request.origin;
  return channelId && cardActivityId ? cardUrl(channelId, cardActivityId, tenantId) : undefined;
}

/** Teams' deep link to a channel message. */
function cardUrl(channelId: string, messageId: string, tenantId: string): string {
  const channel = encodeURIComponent(channelId);
  return `https://teams.microsoft.com/l/message/${channel}/${messageId}?tenantId=${encodeURIComponent(tenantId)}&parentMessageId=${messageId}`;
}
