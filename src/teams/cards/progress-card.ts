import { FINAL_STATES, kindOf, type LockdownRequest } from '../../lockdown/request';
import {
  adaptiveCard,
  callout,
  cardHeader,
  column,
  columnSet,
  factSet,
  heading,
  textBlock,
  type AdaptiveCard,
  type CardElement,
  type ColumnSet,
  type ContainerStyle,
} from './adaptive-card';
import { alertHeader } from './alert-header';
import { describeFailure } from './describe-failure';
import { deviceFollowUpLines } from './device-summary';
import { formatDuration } from './format-duration';
import { formatUtc } from './format-time';
import { KIND_WORDS } from './kind-words';
import { modeDescription } from './mode-text';
import { nextSteps } from './next-steps';
import { failedItemLines } from './option-lines';
import { optionsOf } from './option-text';
import { requesterText } from './requester-text';
import { STATUS_SYMBOLS } from './status-symbols';
import { stepDurationMs, stepViews, totalDurationMs, type StepView } from './step-view';
import { NAME_BYTES, plain } from './text-budget';
import { staysRemovedLines } from './undo-devices';
import { undoneLine, undoSentence } from './unlock-text';

/** The headline and header colour for a request's state. */
function headline(request: LockdownRequest): { title: string; style: ContainerStyle } {
  const name = plain(request.target.displayName, NAME_BYTES);
  const words = KIND_WORDS[kindOf(request)];
  switch (request.state) {
    case 'approved':
    case 'running':
      // Not an outcome yet: neutral blue rather than a verdict colour.
      return { title: `${words.doing} ${name}…`, style: 'accent' };
    case 'completed':
      // Keep-enabled leaves the account usable: done, but not all clear.
      return {
        title: `${name} is ${words.state}`,
        style: kindOf(request) === 'unlock' || request.mode === 'full' ? 'good' : 'warning',
      };
    case 'partial':
      return { title: `${name} partly ${words.state}`, style: 'warning' };
    case 'failed':
      return { title: `${words.noun} of ${name} failed`, style: 'attention' };
    default:
      return { title: `${words.noun} of ${name}: ${request.state}`, style: 'emphasis' };
  }
}

/** What the request does, under its headline. */
function description(request: LockdownRequest): string {
  return kindOf(request) === 'unlock'
    ? undoSentence(request.undo)
    : modeDescription(request.mode, optionsOf(request));
}

/** Whether the read-back contradicts what the request was for. */
function readBackAlarming(request: LockdownRequest, accountEnabled: boolean): boolean {
  return kindOf(request) === 'unlock'
    ? !accountEnabled && request.undo?.enableAccount === true
    : accountEnabled && request.mode === 'full';
}

/** What the verify step read back, in words. */
function observationLine(view: StepView, request: LockdownRequest): CardElement | undefined {
  const observed = view.outcome?.observed;
  if (observed === undefined) return undefined;
  const validFrom = observed.signInSessionsValidFromDateTime;
  // An unlock does not touch the sessions: it reads the account only.
  const sessions =
    validFrom !== undefined
      ? ` · sessions valid from ${formatUtc(validFrom)}`
      : kindOf(request) === 'unlock'
        ? ''
        : ' · sessions valid from not reported';
  // An account still enabled after a full lockdown (or still disabled after an unlock that
  // enables it) is the one thing the reader must not miss.
  const alarming = readBackAlarming(request, observed.accountEnabled);
  return textBlock(
    `Read back: account ${observed.accountEnabled ? 'enabled' : 'disabled'}${sessions}`,
    { size: 'small', spacing: 'none', ...(alarming ? { color: 'attention' } : { isSubtle: true }) },
  );
}

/** One row per step: status symbol, title with its detail lines, duration on the right. */
function stepRow(view: StepView, request: LockdownRequest): ColumnSet {
  const failed = view.status === 'failed';
  const unconfirmed = view.status === 'unconfirmed';
  const lines: CardElement[] = [
    textBlock(
      unconfirmed ? `${view.title} (unconfirmed)` : view.title,
      failed ? { weight: 'bolder', color: 'attention' } : unconfirmed ? { color: 'warning' } : {},
    ),
  ];
  const observed = view.step === 'verify' ? observationLine(view, request) : undefined;
  // A successful read-back is said in words below; its raw "Confirmed: ..." detail would repeat it.
  if (view.detail !== undefined && !(observed !== undefined && view.status === 'done')) {
    lines.push(textBlock(view.detail, { isSubtle: true, size: 'small', spacing: 'none' }));
  }
  const failure = view.outcome?.failure;
  if (failure !== undefined) {
    lines.push(
      textBlock(describeFailure(failure), { color: 'attention', size: 'small', spacing: 'none' }),
    );
  }
  const devicesStep = view.step === 'disable-devices' || view.step === 'enable-devices';
  if (devicesStep && view.outcome?.devices !== undefined) {
    for (const line of deviceFollowUpLines(view.outcome.devices)) {
      lines.push(textBlock(line, { size: 'small', spacing: 'none' }));
    }
  }
  // An option's step: the methods, rules or consents it could not handle.
  for (const line of failedItemLines(view.outcome?.items ?? [])) {
    lines.push(textBlock(line, { size: 'small', spacing: 'none' }));
  }
  if (observed !== undefined) lines.push(observed);
  const ms = stepDurationMs(view.outcome);
  return columnSet(
    [
      column('auto', [textBlock(STATUS_SYMBOLS[view.status])]),
      column('stretch', lines),
      column(
        'auto',
        ms === undefined
          ? []
          : [textBlock(formatDuration(ms), { isSubtle: true, horizontalAlignment: 'right' })],
      ),
    ],
    { separator: true, spacing: 'small' },
  );
}

/**
 * The card shown from approval to the end: one row per step with its status, detail and
 * duration, then (once finished) what the responder still has to do; a lockdown's card also
 * says when an unlock undid it. It has no buttons: nothing can be undone or repeated from here.
 */
export function buildProgressCard(request: LockdownRequest): AdaptiveCard {
  const { target } = request;
  const { title, style } = headline(request);
  const final = FINAL_STATES.includes(request.state);
  const total = final ? totalDurationMs(request) : undefined;
  const approver = plain(request.decidedBy?.name ?? 'unknown', NAME_BYTES);
  const approvedAt = request.decidedAt === undefined ? '' : ` at ${formatUtc(request.decidedAt)}`;

  const body: CardElement[] = [
    ...alertHeader(request.alert),
    cardHeader(title, description(request), style),
    ...(request.undoneBy ? [callout(`🔓 ${undoneLine(request.undoneBy)}`, 'emphasis')] : []),
    factSet(
      [
        ['Account', target.userPrincipalName],
        // On its own line: a UPN and a GUID together wrap badly on a narrow card.
        ['Object id', target.id],
        ['Approved by', `${approver}${approvedAt}`],
        ['Requested by', requesterText(request)],
        [
          'Finished',
          final && request.finishedAt !== undefined
            ? `${formatUtc(request.finishedAt)}${total === undefined ? '' : ` · took ${formatDuration(total)}`}`
            : undefined,
        ],
        [
          'Took',
          final && request.finishedAt === undefined && total !== undefined
            ? formatDuration(total)
            : undefined,
        ],
      ],
      { spacing: 'medium' },
    ),
    heading('Steps'),
    ...stepViews(request).map((view) => stepRow(view, request)),
    // An unlock: what the lockdown's options did, which it leaves as it is.
    ...(kindOf(request) === 'unlock' && request.undo ? staysRemovedLines(request.undo) : []),
  ];

  const next = nextSteps(request);
  if (next.length > 0) {
    body.push(
      heading('What to do next'),
      ...next.map((line) => textBlock(`• ${line}`, { spacing: 'small' })),
    );
  }
  return adaptiveCard(body);
}
