import {
  STEP_ORDER,
  STEP_TITLES,
  plannedSteps,
  type Approval,
  type LockdownRequest,
  type StepId,
} from '../../lockdown/request';
import {
  adaptiveCard,
  cardHeader,
  column,
  columnSet,
  container,
  executeAction,
  factSet,
  heading,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card';
import { describeDevices } from './device-summary';
import { formatDuration } from './format-duration';
import { formatUtc } from './format-time';
import { MODE_DESCRIPTIONS, SKIPPED_BY_MODE } from './mode-text';
import { roleLines } from './role-lines';
import { STATUS_SYMBOLS } from './status-symbols';
import { FIELD_BYTES, MESSAGE_BYTES, NAME_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';

/** Verb of the Confirm button. */
export const CONFIRM_VERB = 'lockdown.confirm';
/** Verb of the Cancel button. */
export const CANCEL_VERB = 'lockdown.cancel';
/** Verb Teams uses to ask for a person's own view of the card. */
export const REFRESH_VERB = 'lockdown.refresh';

/** Warning shown for accounts synced from on-premises AD. */
export const SYNCED_WARNING =
  'Synced from on-premises AD: the next directory sync undoes a cloud-only disable; disable the account on-premises too';
/** Note shown for B2B guests. */
export const GUEST_NOTE =
  "Guest account: revoking here does not end sessions in the guest's home tenant";
/** Note shown when the requester may approve their own request. */
export const SELF_APPROVAL_NOTE = 'demo: self-approval allowed';

/** Options of {@link buildConfirmationCard}. */
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

/** A coloured callout: a bold line on a warning or attention background. */
function callout(text: string, style: 'warning' | 'attention' | 'emphasis'): CardElement {
  return container([textBlock(text, { weight: 'bolder', size: 'small' })], {
    style,
    spacing: 'small',
  });
}

/** How many approvers the privileged callout names before it says "and N more". */
const MAX_LISTED_APPROVALS = 2;

/** "Bob at 2026-11-28 14:06 UTC, …", each name on a short budget so the count stays on the line. */
function approvalsSoFar(approvals: readonly Approval[]): string {
  if (approvals.length === 0) return 'none yet';
  const listed = approvals
    .slice(0, MAX_LISTED_APPROVALS)
    .map((a) => `${plain(a.by.name, SHORT_NAME_BYTES)} at ${formatUtc(a.at)}`);
  const more = approvals.length - MAX_LISTED_APPROVALS;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

/** A field of the target's profile on its budget; `undefined` stays undefined (no fact). */
function field(value: string | undefined): string | undefined {
  return value === undefined ? undefined : plain(value, FIELD_BYTES);
}

/** What may make `step` fail for lack of a grant, as read when the request was made. */
function preflightWarnings(request: LockdownRequest, step: StepId): string[] {
  const check = request.preflight?.checks.find((candidate) => candidate.step === step);
  // "Could not be read" is said once, under the plan, not on every step.
  return (check?.warnings ?? [])
    .filter((warning) => check?.permissionState !== 'unknown' || !warning.includes('could not'))
    .map((warning) => plain(warning, MESSAGE_BYTES));
}

/** The planned steps in order: numbered if they run, marked skipped if the mode leaves them out. */
function planRows(request: LockdownRequest): CardElement[] {
  const planned = plannedSteps(request.mode);
  let n = 0;
  return STEP_ORDER.map((step) => {
    const runs = planned.includes(step);
    if (runs) n += 1;
    const marker = runs ? `${n}.` : STATUS_SYMBOLS.skipped;
    const items: CardElement[] = [textBlock(STEP_TITLES[step], runs ? {} : { isSubtle: true })];
    if (!runs)
      items.push(textBlock(SKIPPED_BY_MODE, { isSubtle: true, size: 'small', spacing: 'none' }));
    // The preflight's warnings, before anyone approves: the lockdown still runs what it can.
    for (const warning of preflightWarnings(request, step)) {
      items.push(textBlock(`⚠️ ${warning}`, { color: 'warning', size: 'small', spacing: 'none' }));
    }
    return columnSet(
      [column('auto', [textBlock(marker, { isSubtle: !runs })]), column('stretch', items)],
      { spacing: 'small' },
    );
  });
}

/**
 * The card a responder's `/lockdown` command gets: who the target is, what will be done,
 * who asked and until when the request stands, with Confirm and Cancel.
 * Both buttons carry only the request id: the card's data comes back untrusted, so the bot
 * reloads everything else from its store.
 */
export function buildConfirmationCard(
  request: LockdownRequest,
  options: ConfirmationCardOptions,
): AdaptiveCard {
  const { target } = request;
  const name = plain(target.displayName, NAME_BYTES);
  const body: CardElement[] = [
    cardHeader(
      `Lock down ${name}?`,
      MODE_DESCRIPTIONS[request.mode],
      // A full lockdown is destructive; keep-enabled is milder but still irreversible.
      request.mode === 'full' ? 'attention' : 'warning',
    ),
  ];
  if (target.onPremisesSyncEnabled) body.push(callout(`⚠️ ${SYNCED_WARNING}`, 'warning'));
  if (target.userType === 'Guest') body.push(callout(`ℹ️ ${GUEST_NOTE}`, 'emphasis'));

  body.push(
    factSet(
      [
        ['Name', name],
        ['UPN', target.userPrincipalName],
        ['Object id', target.id],
        ['Job title', field(target.jobTitle)],
        ['Department', field(target.department)],
        ['Account', target.accountEnabled ? 'Enabled' : 'Disabled'],
        ['Type', target.userType],
        ['Devices', describeDevices(target.devices)],
      ],
      { spacing: 'medium' },
    ),
    heading('Directory roles'),
    ...roleLines(target.roles),
    heading('Plan'),
    ...planRows(request),
  );

  const expiry = expiresIn(request.expiresAt, options.now);
  body.push(
    factSet(
      [
        [
          'Requested by',
          `${plain(request.requestedBy.name, NAME_BYTES)} at ${formatUtc(request.requestedAt)}`,
        ],
        ['Expires', `${formatUtc(request.expiresAt)}${expiry === undefined ? '' : ` (${expiry})`}`],
      ],
      { spacing: 'medium', separator: true },
    ),
  );
  const required = request.requiredApprovals ?? 1;
  if (required > 1) {
    const approvals = request.approvals ?? [];
    body.push(
      callout(
        `🔐 Privileged target: needs ${required} different approvers. Approved so far: ${approvalsSoFar(approvals)} (${approvals.length} of ${required}).`,
        'attention',
      ),
    );
  }
  body.push(
    textBlock(
      'Cancel: the requester or anyone who may approve. Each click is checked by the bot.',
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

  const canApprove = options.viewer?.canApprove ?? true;
  const card = adaptiveCard(body, [
    ...(canApprove
      ? [executeAction('Confirm', CONFIRM_VERB, { requestId: request.id }, 'destructive')]
      : []),
    executeAction('Cancel', CANCEL_VERB, { requestId: request.id }),
  ]);
  const refreshFor = options.refreshFor?.slice(0, 60) ?? [];
  return refreshFor.length === 0
    ? card
    : {
        ...card,
        refresh: {
          action: executeAction('Refresh', REFRESH_VERB, { requestId: request.id }),
          userIds: refreshFor,
        },
      };
}
