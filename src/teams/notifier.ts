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
import { verdictLine } from './cards';
import { renderCard } from './render-card';

/** What the notifier needs. */
export interface NotifierOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id, or '' when the bot runs anonymously. */
  readonly botAppId: string;
  readonly logger: Logger;
  readonly selfApprovalAllowed: boolean;
  readonly now?: () => Date;
}

interface Outbox {
  latest?: LockdownRequest;
  verdictDue: boolean;
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
    this.enqueue(request, true);
  }

  /** Resolves when every queued edit and reply has been sent (or has failed and been logged). */
  async idle(): Promise<void> {
    while (this.outboxes.size > 0) {
      await Promise.allSettled([...this.outboxes.values()].map((outbox) => outbox.flushing));
    }
  }

  private enqueue(request: LockdownRequest, finished: boolean): void {
    const outbox = this.outboxes.get(request.id) ?? { verdictDue: false };
    outbox.latest = request;
    outbox.verdictDue ||= finished;
    this.outboxes.set(request.id, outbox);
    outbox.flushing ??= this.flush(request.id, outbox);
  }

  private async flush(requestId: string, outbox: Outbox): Promise<void> {
    for (let request = outbox.latest; request; request = outbox.latest) {
      outbox.latest = undefined;
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

  private async updateCard(context: TurnContext, request: LockdownRequest): Promise<void> {
    const activityId = request.origin.cardActivityId;
    if (!activityId) return;
    const card = renderCard(request, {
      now: this.options.now?.() ?? new Date(),
      selfApprovalAllowed: this.options.selfApprovalAllowed,
    });
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.id = activityId;
    await context.updateActivity(activity);
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
