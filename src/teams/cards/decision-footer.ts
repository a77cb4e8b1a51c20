/**
 * How a pending card asks for the decision: who asked and until when the request stands, how
 * many approvals it needs and has, who may cancel, and the Confirm and Cancel buttons with the
 * per-person refresh. One wording for a single request's card and a group's.
 */
import type { Approval, LockdownRequest } from '../../lockdown/request';
import {
  adaptiveCard,
  executeAction,
  factSet,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card';
import { formatDuration } from './format-duration';
import { formatUtc } from './format-time';
import { requesterText } from './requester-text';
import { SHORT_NAME_BYTES, plain } from './text-budget';

/** Verb of the Confirm button. */
export const CONFIRM_VERB = 'lockdown.confirm';
/** Verb of the Cancel button. */
export const CANCEL_VERB = 'lockdown.cancel';
/** Verb Teams uses to ask for a person's own view of the card. */
export const REFRESH_VERB = 'lockdown.refresh';

/** Note shown when the requester may approve their own request. */
export const SELF_APPROVAL_NOTE = 'demo: self-approval allowed';

/** Teams refreshes a card automatically for at most this many users. */
export const MAX_REFRESH_USERS = 60;

/** Options of a pending card (a single request's confirmation card, or a group's). */
export interface ConfirmationCardOptions {
  /** The time the card is built, for "expires in …". */
  readonly now: Date;
  /** The demo lets the requester confirm their own request; the card says so. */
  readonly selfApprovalAllowed?: boolean;
  /** The card as one person sees it: without Confirm, and why, when they may not approve. */
  readonly viewer?: { readonly canApprove: boolean; readonly note?: string };
  /** Bot Framework user ids (at most 60) whose Teams asks for their own view of the card. */
  readonly refreshFor?: readonly string[];
}

/** "in 15 min" / "expired", relative to now. */
function expiresIn(expiresAt: string, now: Date): string | undefined {
  const ms = Date.parse(expiresAt) - now.getTime();
  if (Number.isNaN(ms)) return undefined;
  if (ms <= 0) return 'expired';
  return ms < 60_000 ? 'in less than a minute' : `in ${formatDuration(ms)}`.replace(/ 0 s$/, '');
}

/** How many approvers an approvals line names before it says "and N more". */
const MAX_LISTED_APPROVALS = 2;

/** "Bob at 2026-11-28 14:06 UTC, …", each name on a short budget so the count stays on the line. */
export function approvalsSoFar(approvals: readonly Approval[]): string {
  if (approvals.length === 0) return 'none yet';
  const listed = approvals
    .slice(0, MAX_LISTED_APPROVALS)
    .map((a) => `${plain(a.by.name, SHORT_NAME_BYTES)} at ${formatUtc(a.at)}`);
  const more = approvals.length - MAX_LISTED_APPROVALS;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

/**
 * The end of a pending card's body: who asked and when it expires, then `approvalsCallout`
 * (when the request needs more than one approver), who may cancel, the viewer's note and the
 * self-approval note.
 */
export function decisionFooter(
  request: LockdownRequest,
  options: ConfirmationCardOptions,
  approvalsCallout: CardElement | undefined,
): CardElement[] {
  const expiry = expiresIn(request.expiresAt, options.now);
  const body: CardElement[] = [
    factSet(
      [
        ['Requested by', requesterText(request)],
        ['Expires', `${formatUtc(request.expiresAt)}${expiry === undefined ? '' : ` (${expiry})`}`],
      ],
      { spacing: 'medium', separator: true },
    ),
  ];
  if (approvalsCallout) body.push(approvalsCallout);
  body.push(
    textBlock(
      request.alert
        ? 'Cancel: anyone who may approve (an alert was the requester). Each click is checked by the bot.'
        : 'Cancel: the requester or anyone who may approve. Each click is checked by the bot.',
      { isSubtle: true, size: 'small', spacing: 'small' },
    ),
  );
  if (options.viewer && !options.viewer.canApprove && options.viewer.note) {
    body.push(textBlock(options.viewer.note, { isSubtle: true, size: 'small', spacing: 'medium' }));
  }
  if (options.selfApprovalAllowed === true) {
    body.push(
      textBlock(`Note (${SELF_APPROVAL_NOTE}): the requester may confirm this request.`, {
        isSubtle: true,
        size: 'small',
      }),
    );
  }
  return body;
}

/**
 * The pending card around `body`: Confirm (for a viewer who may approve) and Cancel, both
 * carrying only `requestId` (the card's data comes back untrusted, so the bot reloads everything
 * else from its store), and the per-person refresh for at most {@link MAX_REFRESH_USERS} users.
 */
export function withDecisionActions(
  body: readonly CardElement[],
  requestId: string,
  options: ConfirmationCardOptions,
): AdaptiveCard {
  const canApprove = options.viewer?.canApprove ?? true;
  const card = adaptiveCard(body, [
    ...(canApprove ? [executeAction('Confirm', CONFIRM_VERB, { requestId }, 'destructive')] : []),
    executeAction('Cancel', CANCEL_VERB, { requestId }),
  ]);
  const refreshFor = options.refreshFor?.slice(0, MAX_REFRESH_USERS) ?? [];
  return refreshFor.length === 0
    ? card
    : {
        ...card,
        refresh: {
          action: executeAction('Refresh', REFRESH_VERB, { requestId }),
          userIds: refreshFor,
        },
      };
}
