/**
 * Sends activities to the bot's `/api/messages` exactly as Teams does for a channel: a channel
 * conversation, `from.aadObjectId`, an @mention entity, and Teams' channel data.
 */
import { randomUUID } from 'node:crypto';

/** A Teams user. */
export interface TeamsUser {
  readonly aadObjectId: string;
  readonly name: string;
}

/** The conversation the client talks in. */
export interface TeamsChannel {
  readonly tenantId: string;
  readonly teamId: string;
  readonly channelId: string;
}

export const BOT = { id: '28:lockdown-bot', name: 'Lockdown' } as const;

/** Per-request options; without `authorization` no Authorization header is sent. */
export interface RequestOptions {
  /** The Authorization header's value, e.g. `Bearer <token>`. */
  readonly authorization?: string;
  /** Edits the activity just before it is sent (hostile and unusual activities). */
  readonly mutate?: (activity: Record<string, unknown>) => void;
}

/** The bot's answer to an invoke. */
export interface InvokeAnswer {
  readonly status: number;
  readonly body: { statusCode?: number; type?: string; value?: unknown } | undefined;
}

/** A client bound to one bot, connector and channel. */
export class TeamsClient {
  private sequence = Date.now();

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
    readonly channel: TeamsChannel,
  ) {}

  /**
   * Posts a new top-level channel message; returns the HTTP status and body and the thread's
   * conversation id.
   */
  async say(
    from: TeamsUser,
    text: string,
    options: RequestOptions & {
      readonly mention?: boolean;
      readonly conversation?: Partial<TeamsChannel> & { conversationType?: string };
    } = {},
  ): Promise<{ status: number; body: string; conversationId: string; messageId: string }> {
    const messageId = String(this.sequence++);
    const channel = { ...this.channel, ...options.conversation };
    const conversationId = `${channel.channelId};messageid=${messageId}`;
    const mention = options.mention ?? true;
    const activity = {
      ...this.envelope(from, conversationId, channel),
      type: 'message',
      id: messageId,
      textFormat: 'plain',
      text: mention ? `<at>${BOT.name}</at> ${text}` : text,
      entities: mention ? [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }] : [],
    };
    const response = await this.post(activity, options);
    return { status: response.status, body: await response.text(), conversationId, messageId };
  }

  /** Clicks an `Action.Execute` button on the card `cardActivityId`. */
  async click(
    from: TeamsUser,
    conversationId: string,
    cardActivityId: string,
    verb: string,
    data: unknown,
    options: RequestOptions = {},
  ): Promise<InvokeAnswer> {
    const activity = {
      ...this.envelope(from, conversationId, this.channel),
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `f:${randomUUID()}`,
      replyToId: cardActivityId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
    const response = await this.post(activity, options);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  private envelope(
    from: TeamsUser,
    conversationId: string,
    channel: TeamsChannel & { conversationType?: string },
  ) {
    return {
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
      conversation: {
        isGroup: true,
        conversationType: channel.conversationType ?? 'channel',
        tenantId: channel.tenantId,
        id: conversationId,
      },
      recipient: BOT,
      locale: 'en-US',
      channelData: {
        teamsChannelId: channel.channelId,
        teamsTeamId: channel.teamId,
        channel: { id: channel.channelId },
        team: { id: channel.teamId },
        tenant: { id: channel.tenantId },
      },
    };
  }

  private async post(
    activity: Record<string, unknown>,
    options: RequestOptions,
  ): Promise<Response> {
    options.mutate?.(activity);
    return fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.authorization ? { authorization: options.authorization } : {}),
      },
      body: JSON.stringify(activity),
    });
  }
}

/** All text in a card (or any JSON), for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string')
          parts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The Adaptive Card attached to an activity, if any. */
export function attachedCard(
  activity: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const attachments = activity.attachments as
    { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}
