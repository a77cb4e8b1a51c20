/**
 * Edits a request's card and posts the verdict in its thread from outside any turn. Edits are
 * coalesced per request (only the newest state is sent) and never block the pipeline.
 */
import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { ProgressListener } from '../lockdown/progress-listener';
import type { LockdownRequest } from '../lockdown/request';
import type { GroupView } from '../lockdown/group';
import { type AdaptiveCard, groupVerdictLine, verdictLine } from './cards';
import { renderCard, renderGroupCard } from './render-card';

/** What the notifier needs. */
export interface NotifierOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id, or '' when the bot runs anonymously. */
  readonly botAppId: string;
  readonly logger: Logger;
  readonly selfApprovalAllowed: boolean;
  readonly now?: () => Date;
  /** Reads a group member's whole group (the store's truth), for the group's one card. */
  readonly loadGroup?: (request: LockdownRequest) => Promise<GroupView | undefined>;
}

interface Outbox {
  latest?: LockdownRequest;
  verdictDue: boolean;
  /** The group finished: its verdict is due once its card shows the end. */
  groupFinished?: GroupView;
  flushing?: Promise<void>;
}

/** {@link ProgressListener} that keeps the Teams card in step with the request. */
export class CardNotifier implements ProgressListener {
  private readonly outboxes = new Map<string, Outbox>();

  constructor(private readonly options: NotifierOptions) {}

  onChange(request: LockdownRequest): void {
    this.enqueue(request, false);
  }

  onFinished(request: LockdownRequest): void {
    // A group member's end shows on the group's card; the group's verdict comes once, at its end.
    this.enqueue(request, request.group === undefined);
  }

  onGroupFinished(view: GroupView): void {
    const outbox = this.enqueue(view.leader, false);
    outbox.groupFinished = view;
  }

  /** Resolves when every queued edit and reply has been sent (or has failed and been logged). */
  async idle(): Promise<void> {
    while (this.outboxes.size > 0) {
      await Promise.allSettled([...this.outboxes.values()].map((outbox) => outbox.flushing));
    }
  }

  /** Queues the newest state of `request`'s card (a group's members share their leader's). */
  private enqueue(request: LockdownRequest, finished: boolean): Outbox {
    const key = request.group?.leaderId ?? request.id;
    const outbox = this.outboxes.get(key) ?? { verdictDue: false };
    outbox.latest = request;
    outbox.verdictDue ||= finished;
    this.outboxes.set(key, outbox);
    outbox.flushing ??= this.flush(key, outbox);
    return outbox;
  }

  private async flush(requestId: string, outbox: Outbox): Promise<void> {
    for (let request = outbox.latest; request; request = outbox.latest) {
      outbox.latest = undefined;
      if (request.group) {
        await this.flushGroup(request, outbox);
        continue;
      }
      await this.attempt('card update', request, (context) => this.updateCard(context, request));
      if (outbox.verdictDue && !outbox.latest) {
        outbox.verdictDue = false;
        await this.attempt('verdict reply', request, (context) =>
          context.sendActivity(verdictLine(request)).then(() => undefined),
        );
      }
    }
    this.outboxes.delete(requestId);
  }

  /**
   * Edits a group's one card from the group as the store has it now (many members' changes
   * become one edit), and posts the group's verdict once it finished and the card shows it.
   */
  private async flushGroup(member: LockdownRequest, outbox: Outbox): Promise<void> {
    const view = await this.loadGroup(member);
    if (!view) return;
    await this.attempt('group card update', view.leader, (context) =>
      this.updateActivity(context, view.leader, renderGroupCard(view, this.renderOptions())),
    );
    const finished = outbox.groupFinished;
    if (finished && !outbox.latest) {
      outbox.groupFinished = undefined;
      await this.attempt('group verdict reply', view.leader, (context) =>
        context.sendActivity(groupVerdictLine(view)).then(() => undefined),
      );
    }
  }

  /** The member's group, or `undefined` (logged) when it cannot be read. */
  private async loadGroup(member: LockdownRequest): Promise<GroupView | undefined> {
    try {
      return await this.options.loadGroup?.(member);
    } catch (error) {
      this.options.logger.warn({ requestId: member.id, err: error }, 'could not read the group');
      return undefined;
    }
  }

  private renderOptions(): { readonly now: Date; readonly selfApprovalAllowed: boolean } {
    return {
      now: this.options.now?.() ?? new Date(),
      selfApprovalAllowed: this.options.selfApprovalAllowed,
    };
  }

  private async updateActivity(
    context: TurnContext,
    request: LockdownRequest,
    card: AdaptiveCard,
  ): Promise<void> {
    const activityId = request.origin.cardActivityId;
    if (!activityId) return;
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.id = activityId;
    await context.updateActivity(activity);
  }

  private async updateCard(context: TurnContext, request: LockdownRequest): Promise<void> {
    await this.updateActivity(context, request, renderCard(request, this.renderOptions()));
  }

  private async attempt(
    what: string,
    request: LockdownRequest,
    action: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    try {
      const reference = JSON.parse(request.origin.reply) as Partial<ConversationReference>;
      await this.options.adapter.continueConversationAsync(
        this.options.botAppId,
        reference,
        action,
      );
    } catch (error) {
      // Teams being unreachable must not affect the lockdown; the store has the truth.
      this.options.logger.warn(
        { requestId: request.id, state: request.state, err: error },
        `${what} failed`,
      );
    }
  }
}
