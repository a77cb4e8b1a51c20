/**
 * Where one member of a group stands, in a few words for its row on the group's card and for
 * the group's verdict line: the step it is on while it runs, and once it is finished its verdict
 * with the first thing that went wrong and how long it took.
 */
import { kindOf, type LockdownRequest } from '../../lockdown/request';
import type { TextOptions } from './adaptive-card';
import { failureReason } from './failure-reason';
import { formatDuration } from './format-duration';
import { KIND_WORDS } from './kind-words';
import { STATE_SYMBOLS } from './status-symbols';
import { shortStepTitle, stepViews, totalDurationMs } from './step-view';
import { CODE_BYTES, plain } from './text-budget';

/** The first thing that went wrong on a member: a failed step, else one the read-back doubts. */
export interface MemberProblem {
  /** The step, in a few words ("Reset the password"). */
  readonly step: string;
  /** Why, in a word or two ("Authorization_RequestDenied", "2 devices failed"). */
  readonly reason?: string;
}

/** The member's first failed step (else its first unconfirmed one), or `undefined`. */
export function firstProblem(member: LockdownRequest): MemberProblem | undefined {
  const views = stepViews(member);
  const failed = views.find((view) => view.status === 'failed');
  if (failed) {
    const reason = failureReason(failed);
    return {
      step: shortStepTitle(failed.step),
      ...(reason === undefined ? {} : { reason: plain(reason, CODE_BYTES) }),
    };
  }
  const unconfirmed = views.find((view) => view.status === 'unconfirmed');
  return unconfirmed
    ? { step: shortStepTitle(unconfirmed.step), reason: 'unconfirmed by the read-back' }
    : undefined;
}

/** "Reset the password (Authorization_RequestDenied)". */
export function problemText(problem: MemberProblem): string {
  return problem.reason === undefined ? problem.step : `${problem.step} (${problem.reason})`;
}

/** A member's status as its row shows it: a symbol, a few words, and how they look. */
export interface MemberStatus {
  readonly symbol: string;
  readonly text: string;
  readonly look: TextOptions;
}

/** " in 1.4 s", or '' when the duration is unknown. */
function took(member: LockdownRequest): string {
  const ms = totalDurationMs(member);
  return ms === undefined ? '' : ` in ${formatDuration(ms)}`;
}

/** What a running member is doing: the step that runs, else the next one planned. */
function currentStep(member: LockdownRequest): string {
  const views = stepViews(member);
  const running = views.find((view) => view.status === 'running');
  const next = running ?? views.find((view) => view.planned && view.status === 'pending');
  return next ? shortStepTitle(next.step) : 'finishing';
}

/**
 * "🔄 Reset the password", "✅ locked down in 1.4 s",
 * "❌ failed: Reset the password (Authorization_RequestDenied) in 0.8 s".
 */
export function memberStatus(member: LockdownRequest): MemberStatus {
  const words = KIND_WORDS[kindOf(member)];
  const symbol = STATE_SYMBOLS[member.state];
  const problem = firstProblem(member);
  const why = problem === undefined ? '' : `: ${problemText(problem)}`;
  switch (member.state) {
    case 'pending':
      return { symbol, text: 'waiting for approval', look: { isSubtle: true } };
    case 'approved':
      return { symbol: '⏳', text: 'waiting to start', look: { isSubtle: true } };
    case 'running':
      return { symbol, text: currentStep(member), look: {} };
    case 'completed':
      return { symbol, text: `${words.state}${took(member)}`, look: {} };
    case 'partial':
      return {
        symbol,
        text: `partly ${words.state}${took(member)}${why}`,
        look: { color: 'warning' },
      };
    case 'failed':
      return { symbol, text: `failed${took(member)}${why}`, look: { color: 'attention' } };
    case 'cancelled':
    case 'expired':
    case 'rejected':
      return { symbol, text: `${member.state}: nothing was changed`, look: { isSubtle: true } };
  }
}
