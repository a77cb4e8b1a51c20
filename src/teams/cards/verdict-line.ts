import { kindOf, type LockdownRequest } from '../../lockdown/request';
import { plain } from './text-budget';
import { formatDuration } from './format-duration';
import { formatUtc } from './format-time';
import { KIND_WORDS } from './kind-words';
import { failureReason } from './failure-reason';
import { shortStepTitle, stepViews, totalDurationMs } from './step-view';

/**
 * The one-line thread reply that says how a request ended, e.g.
 * "Locked down jane@contoso.com: 5 of 5 steps done in 1.4 s" or
 * "Unlocked jane@contoso.com: 3 of 3 steps done in 1.2 s".
 * Only steps that ran are counted: those outside the plan and those skipped as unnecessary are not.
 */
export function verdictLine(request: LockdownRequest): string {
  const upn = request.target.userPrincipalName;
  const by = request.decidedBy?.name ?? 'someone';
  const views = stepViews(request);
  const ran = views.filter((v) => v.planned && v.status !== 'skipped');
  const done = ran.filter((v) => v.status === 'done').length;
  const total = totalDurationMs(request);
  const took = total === undefined ? '' : ` in ${formatDuration(total)}`;
  const words = KIND_WORDS[kindOf(request)];
  const keepEnabled =
    kindOf(request) === 'lockdown' && request.mode === 'keep-enabled'
      ? ' (keep-enabled: account left enabled)'
      : '';
  const failed = views
    .filter((v) => v.status === 'failed')
    .map((v) => {
      const reason = failureReason(v);
      return reason === undefined
        ? shortStepTitle(v.step)
        : `${shortStepTitle(v.step)} (${reason})`;
    });
  const unconfirmed = views
    .filter((v) => v.status === 'unconfirmed')
    .map((v) => shortStepTitle(v.step));
  const failedPart =
    (failed.length === 0 ? '' : `; failed: ${failed.join(', ')}`) +
    (unconfirmed.length === 0 ? '' : `; unconfirmed by the read-back: ${unconfirmed.join(', ')}`);
  const counts = `${done} of ${ran.length} steps done`;

  let line: string;
  switch (request.state) {
    case 'completed':
      line = `${words.done} ${upn}: ${counts}${took}${keepEnabled}${failedPart}`;
      break;
    case 'partial':
      line = `Partly ${words.state} ${upn}: ${counts}${took}${keepEnabled}${failedPart}`;
      break;
    case 'failed':
      line = `${words.noun} of ${upn} failed: ${counts}${keepEnabled}${failedPart}`;
      break;
    case 'approved':
    case 'running':
      line = `${words.doing} ${upn}: ${counts} so far`;
      break;
    default:
      line = undecidedLine(words.noun, upn, request.state, by, request.expiresAt);
  }
  // The reply is rendered as markdown too: keep it one plain line.
  return plain(line, 1000);
}

/**
 * The line of a request (or group) that never ran: waiting, cancelled, expired or rejected;
 * `subject` is whom it is about ("jane@contoso.com", "12 accounts").
 */
export function undecidedLine(
  noun: string,
  subject: string,
  state: 'pending' | 'cancelled' | 'expired' | 'rejected',
  by: string,
  expiresAt: string,
): string {
  switch (state) {
    case 'pending':
      return `${noun} of ${subject} is waiting for approval until ${formatUtc(expiresAt)}`;
    case 'cancelled':
      return `${noun} of ${subject} cancelled by ${by} — nothing was changed`;
    case 'expired':
      return `${noun} of ${subject} expired without approval — nothing was changed`;
    case 'rejected':
      return `${noun} of ${subject} rejected by ${by} — nothing was changed`;
  }
}
