import {
  FINAL_STATES,
  STEP_TITLES,
  kindOf,
  plannedSteps,
  skipReason,
  stepsOf,
  type LockdownRequest,
  type StepId,
  type StepOutcome,
  type StepStatus,
} from '../../lockdown/request';
import { elapsedMs } from './format-time';

/** How one step of a request is shown: its outcome if recorded, else what can be inferred. */
export interface StepView {
  readonly step: StepId;
  readonly title: string;
  readonly status: StepStatus;
  /** Whether the request's plan (its mode, or an unlock's undo plan) runs this step. */
  readonly planned: boolean;
  /** One line for the responder: the recorded detail, or why the step did not run. */
  readonly detail?: string;
  readonly outcome?: StepOutcome;
}

/** Why a lockdown's step outside the mode shows as skipped. */
export const NOT_IN_KEEP_ENABLED = 'not in keep-enabled mode';

/** Why a step the request's plan leaves out shows as skipped. */
export function notPlannedDetail(request: LockdownRequest, step: StepId): string {
  return kindOf(request) === 'unlock' ? skipReason(request, step) : NOT_IN_KEEP_ENABLED;
}

/** A detail line for outcomes recorded without one. */
function fallbackDetail(
  request: LockdownRequest,
  outcome: StepOutcome,
  planned: boolean,
): string | undefined {
  if (outcome.status === 'skipped' && !planned) return notPlannedDetail(request, outcome.step);
  const devices = outcome.devices;
  if (devices !== undefined && devices.length > 0) {
    const done = devices.filter((d) => d.status === 'done').length;
    const what = outcome.step === 'enable-devices' ? 'enabled' : 'disabled';
    return `${done} of ${devices.length} devices ${what}`;
  }
  return undefined;
}

/**
 * One view per step of the request's kind ({@link stepsOf}). A step without a recorded outcome
 * is pending; one the plan leaves out is skipped. Pending steps of a finished request say they
 * did not run, so a final card never suggests that something is still waiting.
 */
export function stepViews(request: LockdownRequest): StepView[] {
  const planned = plannedSteps(request);
  const final = FINAL_STATES.includes(request.state);
  return stepsOf(request).map((step): StepView => {
    const isPlanned = planned.includes(step);
    // The last outcome wins: a resumed pipeline may record a step again.
    const outcome = [...request.steps].reverse().find((o) => o.step === step);
    const base = { step, title: STEP_TITLES[step], planned: isPlanned };
    if (outcome !== undefined) {
      const detail = outcome.detail ?? fallbackDetail(request, outcome, isPlanned);
      return {
        ...base,
        status: outcome.status,
        outcome,
        ...(detail === undefined ? {} : { detail }),
      };
    }
    if (!isPlanned) {
      return { ...base, status: 'skipped', detail: notPlannedDetail(request, step) };
    }
    return final
      ? { ...base, status: 'pending', detail: 'did not run' }
      : { ...base, status: 'pending' };
  });
}

/** A step's duration: recorded, else from its start and end times. */
export function stepDurationMs(outcome: StepOutcome | undefined): number | undefined {
  if (outcome === undefined) return undefined;
  return outcome.durationMs ?? elapsedMs(outcome.startedAt, outcome.finishedAt);
}

/**
 * How long the request took: from approval to the end, else the sum of the step durations
 * (for requests whose approval or end time was not recorded).
 */
export function totalDurationMs(request: LockdownRequest): number | undefined {
  const total = elapsedMs(request.decidedAt, request.finishedAt);
  if (total !== undefined && total >= 0) return total;
  const durations = stepViews(request).flatMap((view) => {
    const ms = stepDurationMs(view.outcome);
    return ms === undefined ? [] : [ms];
  });
  return durations.length === 0 ? undefined : durations.reduce((a, b) => a + b, 0);
}

/** A step title without its parenthetical, for one-line replies: "Reset the password". */
export function shortStepTitle(step: StepId): string {
  return STEP_TITLES[step].replace(/\s*\(.*\)\s*$/, '');
}
