import {
  STEP_TITLES,
  kindOf,
  plannedSteps,
  skipReason,
  stepsOf,
  type Approval,
  type LockdownRequest,
  type StepId,
} from '../../lockdown/request';
import {
  adaptiveCard,
  callout,
  cardHeader,
  column,
  columnSet,
  executeAction,
  factSet,
  heading,
  textBlock,
  type AdaptiveCard,
  type CardElement,
} from './adaptive-card';
import { describeDevices } from './device-summary';
import { formatDuration } from './format-duration';
import { footholdSection } from './foothold-section';
import { formatUtc } from './format-time';
import { KIND_WORDS } from './kind-words';
import { SKIPPED_BY_MODE, modeDescription } from './mode-text';
import { optionPlanNotes } from './option-lines';
import { optionsOf } from './option-text';
import { roleLines } from './role-lines';
import { STATUS_SYMBOLS } from './status-symbols';
import { FIELD_BYTES, MESSAGE_BYTES, NAME_BYTES, SHORT_NAME_BYTES, plain } from './text-budget';
import { undoSection } from './undo-devices';
import { UNLOCK_SYNCED_WARNING, undoSentence } from './unlock-text';

/** Verb of the Confirm button. */
export const CONFIRM_VERB = 'lockdown.confirm';
/** Verb of the Cancel button. */
export const CANCEL_VERB = 'lockdown.cancel';
/** Verb Teams uses to ask for a person's own view of the card. */
export const REFRESH_VERB = 'lockdown.refresh';

/** Warning shown for accounts synced from on-premises AD. */
export const SYNCED_WARNING =
  'Synced from on-premises AD: the next directory sync undoes a cloud-only disable; disable the account on-premises too';
/** Note shown for synced accounts when the deployment reaches on-premises AD. */
export const SYNCED_CONTAINED_NOTE =
  'Synced from on-premises AD: the on-premises account is contained too, through Microsoft Defender for Identity';
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

/** Why the plan leaves `step` out, on the confirmation card. */
function skippedLine(request: LockdownRequest, step: StepId): string {
  if (kindOf(request) === 'lockdown') return SKIPPED_BY_MODE;
  const reason = skipReason(request, step);
  return `skipped: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
}

/**
 * The steps of the request's kind in order: numbered if they run, marked skipped (and why) if
 * the plan leaves them out.
 */
function planRows(request: LockdownRequest): CardElement[] {
  const planned = plannedSteps(request);
  let n = 0;
  return stepsOf(request).map((step) => {
    const runs = planned.includes(step);
    if (runs) n += 1;
    const marker = runs ? `${n}.` : STATUS_SYMBOLS.skipped;
    const items: CardElement[] = [textBlock(STEP_TITLES[step], runs ? {} : { isSubtle: true })];
    if (!runs) {
      items.push(
        textBlock(skippedLine(request, step), { isSubtle: true, size: 'small', spacing: 'none' }),
      );
    }
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

/** The header and the callouts under it: what the request does and what to watch out for. */
function headerRows(request: LockdownRequest, name: string): CardElement[] {
  const { target } = request;
  if (kindOf(request) === 'unlock') {
    // Enabling a possibly compromised account again deserves a second look, not an alarm.
    return [
      cardHeader(`${KIND_WORDS.unlock.verb} ${name}?`, undoSentence(request.undo), 'warning'),
      ...(target.onPremisesSyncEnabled ? [callout(`⚠️ ${UNLOCK_SYNCED_WARNING}`, 'warning')] : []),
    ];
  }
  return [
    cardHeader(
      `${KIND_WORDS.lockdown.verb} ${name}?`,
      modeDescription(request.mode, optionsOf(request)),
      // A full lockdown is destructive; keep-enabled is milder but still irreversible.
      request.mode === 'full' ? 'attention' : 'warning',
    ),
    ...(target.onPremisesSyncEnabled
      ? [
          request.onPremises
            ? callout(`ℹ️ ${SYNCED_CONTAINED_NOTE}`, 'emphasis')
            : callout(`⚠️ ${SYNCED_WARNING}`, 'warning'),
        ]
      : []),
    ...(target.userType === 'Guest' ? [callout(`ℹ️ ${GUEST_NOTE}`, 'emphasis')] : []),
  ];
}

/**
 * The card a responder's `/lockdown` or `/unlock` command gets: who the target is, what will be
 * done (for an unlock: what it undoes, and that the password stays as the lockdown left it), who
 * asked and until when the request stands, with Confirm and Cancel.
 * Both buttons carry only the request id: the card's data comes back untrusted, so the bot
 * reloads everything else from its store.
 */
export function buildConfirmationCard(
  request: LockdownRequest,
  options: ConfirmationCardOptions,
): AdaptiveCard {
  const { target } = request;
  const name = plain(target.displayName, NAME_BYTES);
  const body: CardElement[] = headerRows(request, name);

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
    // What the attacker may have left, seen before anyone approves (not on an unlock's card).
    ...(kindOf(request) === 'lockdown' ? footholdSection(target.foothold, options.now) : []),
    heading('Plan'),
    ...planRows(request),
    // Self-service password reset in keep-enabled mode; what an unlock leaves as it is.
    ...(kindOf(request) === 'lockdown' ? optionPlanNotes(request.mode, optionsOf(request)) : []),
    // An unlock: which devices it enables or leaves alone, how the person gets back in.
    ...(kindOf(request) === 'unlock' && request.undo ? undoSection(request.undo) : []),
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
