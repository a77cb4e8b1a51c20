/**
 * Answers clicks on a request's card (Confirm, Cancel) and Teams' requests for a person's own
 * view of it. Card data is untrusted: it may carry only a request id, and who clicked comes
 * from the activity.
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { ActionSource, DecisionResult, LockdownService } from '../lockdown/lockdown-service';
import { kindOf, type LockdownRequest } from '../lockdown/request';
import { channelOf, senderOf, tenantOf } from './activity';
import type { AdaptiveCard } from './cards';
import { type GroupLoader, personalCard, sharedCard } from './request-card';

/** What the card actions need. */
export interface CardActionOptions {
  readonly service: LockdownService;
  readonly logger: Logger;
  readonly channelIds: readonly string[];
  readonly selfApprovalAllowed: boolean;
  readonly now: () => Date;
}

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Checked =
  | { readonly ok: true; readonly requestId: string; readonly source: ActionSource }
  | { readonly ok: false; readonly answer: string };

/** Validates the parts of a card action that do not need the store. */
function check(
  context: TurnContext,
  data: unknown,
  options: CardActionOptions,
  action: string,
): Checked {
  const requestId = (data as { requestId?: unknown } | undefined)?.requestId;
  const from = context.activity.from?.aadObjectId;
  if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
    options.logger.warn({ action, from }, 'card action without a valid request id');
    return { ok: false, answer: 'This card is not a valid lockdown request. Nothing was changed.' };
  }
  const channelId = channelOf(context);
  if (!channelId || !options.channelIds.includes(channelId)) {
    options.logger.warn({ action, from, requestId }, 'card action outside the security channels');
    return {
      ok: false,
      answer: 'Lockdown actions are accepted only in the security channel. Nothing was changed.',
    };
  }
  return {
    ok: true,
    requestId,
    source: { tenantId: tenantOf(context), conversationId: context.activity.conversation.id },
  };
}

/** Confirm or Cancel. */
export async function decide(
  context: TurnContext,
  data: unknown,
  options: CardActionOptions,
  action: 'confirm' | 'cancel',
): Promise<AdaptiveCard | string> {
  const checked = check(context, data, options, action);
  if (!checked.ok) return checked.answer;
  const actor = senderOf(context);
  if (!actor) {
    return 'Teams did not say who you are, so I cannot take this action. Nothing was changed.';
  }
  const result =
    action === 'confirm'
      ? await options.service.approve(checked.requestId, actor, checked.source)
      : await options.service.cancel(checked.requestId, actor, checked.source);
  return answer(result, options);
}

/** Reads a request's group through the service. */
function groupLoader(options: CardActionOptions): GroupLoader {
  return (request) => options.service.group(request);
}

/** A person's own view of a pending card: without Confirm, and why, if they may not approve. */
export async function viewFor(
  context: TurnContext,
  data: unknown,
  options: CardActionOptions,
): Promise<AdaptiveCard | string> {
  const checked = check(context, data, options, 'refresh');
  if (!checked.ok) return checked.answer;
  const viewer = senderOf(context);
  if (!viewer) return 'Teams did not say who you are.';
  const view = await options.service.viewFor(checked.requestId, viewer, checked.source);
  if (view.kind === 'unknown') return 'This lockdown request is unknown here.';
  if (view.kind === 'foreign') return 'This lockdown request belongs to another conversation.';
  // No `refresh` on a per-person card: teams-ai would otherwise replace the card for everyone.
  return personalCard(view.request, groupLoader(options), {
    now: options.now(),
    selfApprovalAllowed: options.selfApprovalAllowed,
    viewer: view.refusal ? { canApprove: false, note: view.refusal } : { canApprove: true },
  });
}

async function answer(
  result: DecisionResult,
  options: CardActionOptions,
): Promise<AdaptiveCard | string> {
  const render = { now: options.now(), selfApprovalAllowed: options.selfApprovalAllowed };
  switch (result.kind) {
    case 'approved':
    case 'cancelled':
    case 'expired':
      return sharedCard(result.request, groupLoader(options), render);
    case 'awaiting-approval':
      return personalCard(result.request, groupLoader(options), {
        ...render,
        viewer: {
          canApprove: false,
          note: 'You approved. A second, different approver must confirm before anything runs.',
        },
      });
    case 'unknown':
      return 'This lockdown request is unknown here. Nothing was changed.';
    case 'foreign':
      return 'This lockdown request belongs to another conversation. Nothing was changed.';
    case 'refused':
      return `${result.reason} Nothing was changed.`;
    case 'not-pending':
      return alreadyDecided(result.request);
  }
}

/** Why a click on a request that is no longer pending changed nothing. */
function alreadyDecided(request: LockdownRequest): string {
  const who = request.decidedBy?.name ?? 'someone';
  const what = `This ${kindOf(request)} request`;
  switch (request.state) {
    case 'expired':
      return `${what} has expired. Nothing was changed.`;
    case 'cancelled':
      return `${what} was already cancelled by ${who}.`;
    case 'rejected':
      return `${what} was already rejected by ${who}.`;
    default:
      return `${what} was already approved by ${who}.`;
  }
}
