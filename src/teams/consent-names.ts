/**
 * The look-up's second read, seen from Teams: once the confirmation card (or the dry run) is
 * posted after one Graph round trip, the consented apps it shows by client id are named (and
 * unverified publishers flagged), and the card is edited. A request's card is edited by the
 * listener (the card notifier) when the service stores the names; a dry run's message, which
 * no request records, is edited here with the completed preview.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { unnamedApps } from '../lockdown/describe-consents';
import type { AskResult, LockdownService, PreviewResult } from '../lockdown/lockdown-service';
import { kindOf } from '../lockdown/request';
import { cardMessage } from './activity';
import { buildDryRunCard } from './cards';

/** What the second read needs. */
export interface ConsentNamesOptions {
  readonly service: LockdownService;
  readonly adapter: CloudAdapter;
  /** The bot's app id, or '' when the bot runs anonymously. */
  readonly botAppId: string;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** A lockdown's answer whose consented apps have no names yet. */
export type UnnamedConsents =
  | { readonly kind: 'request'; readonly requestId: string }
  | { readonly kind: 'preview'; readonly preview: Extract<PreviewResult, { kind: 'preview' }> };

/**
 * What of `result` needs its consented apps named, or `undefined` (no consent without a name,
 * an unlock, which shows no foothold, or no card at all).
 */
export function unnamedConsentsOf(answer: AskResult | PreviewResult): UnnamedConsents | undefined {
  if (answer.kind === 'created') {
    const { request } = answer;
    if (kindOf(request) !== 'lockdown' || unnamedApps(request.target.foothold).length === 0) {
      return undefined;
    }
    return { kind: 'request', requestId: request.id };
  }
  if (answer.kind === 'preview') {
    if (answer.requestKind === 'unlock' || unnamedApps(answer.target.foothold).length === 0) {
      return undefined;
    }
    return { kind: 'preview', preview: answer };
  }
  return undefined;
}

/**
 * Names the apps and edits the card carried by `activityId`. Never throws: the card without
 * names is still right, only less helpful.
 */
export async function nameConsents(
  unnamed: UnnamedConsents,
  activityId: string,
  reference: Partial<ConversationReference>,
  options: ConsentNamesOptions,
): Promise<void> {
  try {
    if (unnamed.kind === 'request') {
      // Stored, and the listener edits the card.
      await options.service.describeConsents(unnamed.requestId);
      return;
    }
    const { preview } = unnamed;
    const foothold = await options.service.describeFoothold(preview.target.foothold);
    if (!foothold) return;
    const card = buildDryRunCard({
      ...preview,
      target: { ...preview.target, foothold },
      now: options.now(),
    });
    await options.adapter.continueConversationAsync(
      options.botAppId,
      reference,
      async (context) => {
        await context.updateActivity({ ...cardMessage(card), id: activityId });
      },
    );
  } catch (error) {
    options.logger.warn(
      {
        err: error,
        ...(unnamed.kind === 'request' ? { requestId: unnamed.requestId } : {}),
        target: unnamed.kind === 'preview' ? unnamed.preview.target.userPrincipalName : undefined,
      },
      'could not name the consented apps on the card',
    );
  }
}
