/**
 * Runs the containment stages in their fixed order, recording each step's outcome durably before
 * moving on. A failed step never stops the ones after it: containment is best effort, and the
 * record says exactly what did and did not happen.
 *
 * The pipeline runs under a lease held by its runner: every write is conditional on it, so a
 * runner that lost its lease (it stalled, another instance took over) stops instead of writing.
 */
import type { Logger } from 'pino';
import type { Directory } from './directory';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest, RequestState, StepId, StepOutcome } from './request';
import { kindOf, plannedSteps, skipReason, STEP_ORDER, stepsOf } from './request';
import type { AuditEvent, RequestStore } from './request-store';
import { type Stage, stagesOf, type StepContext } from './steps';
import { settleStage } from './steps/settle';
import { finishGroupMember } from './finish-group';
import { markUndone } from './mark-undone';

/** What the pipeline needs. */
export interface PipelineDependencies {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly generatePassword: () => string;
  readonly now: () => Date;
  /** The runner whose lease every write is conditional on. */
  readonly owner: string;
  /** Asked between stages: true makes the pipeline stop there, leaving the request to resume. */
  readonly shouldStop?: () => boolean;
}

/** How a pipeline run ended. */
export type PipelineEnd =
  | { readonly kind: 'finished'; readonly request: LockdownRequest }
  /** The lease is someone else's now: nothing more was written. */
  | { readonly kind: 'lost' }
  /** Stopped at a stage boundary (shutdown); the request stays `running` for any runner to resume. */
  | { readonly kind: 'paused'; readonly request: LockdownRequest };

/** Thrown inside a run when a conditional write finds the lease gone. */
class LeaseLost extends Error {
  constructor(requestId: string) {
    super(`The lease of request ${requestId} is held by another runner.`);
    this.name = 'LeaseLost';
  }
}

/**
 * Runs a `running` request, claimed by `deps.owner`, to its end. Stages whose steps are all
 * recorded already (a run that an earlier runner did not finish) are not run again.
 */
export async function runPipeline(
  request: LockdownRequest,
  deps: PipelineDependencies,
): Promise<PipelineEnd> {
  const log = requestLog(request, deps);
  const planned = plannedSteps(request);
  const context: Omit<StepContext, 'request'> = {
    directory: deps.directory,
    target: request.target,
    mode: request.mode,
    startedAt: deps.now(),
    generatePassword: deps.generatePassword,
  };
  let latest = request;
  try {
    for (const stage of stagesOf(request)) {
      if (stageRecorded(stage, latest)) {
        log.info({ steps: stage.steps }, 'stage already recorded; not run again');
        continue;
      }
      if (deps.shouldStop?.()) {
        log.warn('stopping at a stage boundary; another runner or the next start resumes it');
        return { kind: 'paused', request: latest };
      }
      latest = await runStage(stage, planned, { ...context, request: latest }, latest, deps, log);
    }
    return await finish(latest, deps, log);
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    log.warn('lease lost to another runner; stopping without further writes');
    return { kind: 'lost' };
  }
}

/**
 * Ends a `running` request, claimed by `deps.owner`, without running anything: its runs kept
 * stopping with an error (`attempts` of them). Every planned step with no outcome yet is
 * recorded `failed` (and an unplanned one `skipped`, as a run does), then the request moves to
 * its final state with a `finished` event that says so, and the listener is told, as at the
 * end of a run.
 */
export async function giveUp(
  request: LockdownRequest,
  attempts: number,
  deps: PipelineDependencies,
): Promise<PipelineEnd> {
  const log = requestLog(request, deps);
  const planned = plannedSteps(request);
  const detail = `Gave up after ${attempts} attempts to run this ${kindOf(request)} (the last one stopped with an error; see the log)`;
  let latest = request;
  try {
    for (const step of stepsOf(request)) {
      if (latest.steps.some((outcome) => outcome.step === step)) continue;
      const at = deps.now().toISOString();
      latest = await record(
        deps,
        latest,
        planned.includes(step)
          ? { step, status: 'failed', detail, finishedAt: at }
          : { step, status: 'skipped', detail: skipReason(request, step) },
        at,
      );
    }
    log.error({ attempts }, 'gave up on a lockdown whose runs kept stopping with an error');
    return await finish(latest, deps, log, { gaveUpAfterAttempts: attempts });
  } catch (error) {
    if (!(error instanceof LeaseLost)) throw error;
    log.warn('lease lost to another runner; stopping without further writes');
    return { kind: 'lost' };
  }
}

/** Moves the request to its final state under the lease, with its audit event, and tells the listener. */
async function finish(
  latest: LockdownRequest,
  deps: PipelineDependencies,
  log: Logger,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<PipelineEnd> {
  const finalState = verdict(latest);
  const finishedAt = deps.now().toISOString();
  const finished = await deps.store.transition(
    latest.id,
    ['running'],
    { state: finalState, finishedAt },
    { leaseOwner: deps.owner },
    [
      {
        at: finishedAt,
        requestId: latest.id,
        type: 'finished',
        data: {
          state: finalState,
          ...(kindOf(latest) === 'unlock' ? { kind: 'unlock' } : {}),
          ...extra,
        },
      },
    ],
  );
  if (!finished) throw new LeaseLost(latest.id);
  log.info({ state: finalState, ...extra }, `${kindOf(finished)} finished`);
  deps.listener.onFinished(finished);
  await markUndone(finished, deps, log);
  if (finished.group) {
    // The member's own end is recorded: a failure to look at its group must not undo that.
    await finishGroupMember(deps, finished).catch((error: unknown) => {
      log.warn({ err: error }, 'could not check whether the group finished');
    });
  }
  return { kind: 'finished', request: finished };
}

/** The log lines of one request carry its id and target. */
function requestLog(request: LockdownRequest, deps: PipelineDependencies): Logger {
  return deps.logger.child({ requestId: request.id, target: request.target.userPrincipalName });
}

/** The stage's steps this request shows (a stage also covers options it did not choose). */
function stepsHere(stage: Stage, request: LockdownRequest): readonly StepId[] {
  const shown = stepsOf(request);
  return stage.steps.filter((step) => shown.includes(step));
}

/** True when every step of the stage this request shows has a recorded outcome. */
function stageRecorded(stage: Stage, request: LockdownRequest): boolean {
  return stepsHere(stage, request).every((step) =>
    request.steps.some((outcome) => outcome.step === step),
  );
}

/** Marks the stage's planned steps running, runs it, and records each step's outcome. */
async function runStage(
  stage: Stage,
  planned: readonly StepId[],
  context: StepContext,
  request: LockdownRequest,
  deps: PipelineDependencies,
  log: Logger,
): Promise<LockdownRequest> {
  let latest = request;
  const here = stepsHere(stage, request);
  const toRun = here.filter((step) => planned.includes(step));
  for (const step of here.filter((step) => !planned.includes(step))) {
    latest = await record(deps, latest, {
      step,
      status: 'skipped',
      detail: skipReason(request, step),
    });
  }
  if (toRun.length === 0) return latest;
  const startedAt = deps.now();
  // "Running" is only shown, not stored: nothing waits on the store before Graph is called, and
  // a crash resumes from the request's own `running` state anyway.
  deps.listener.onChange(
    toRun.reduce(
      (shown, step) =>
        withStep(shown, { step, status: 'running', startedAt: startedAt.toISOString() }),
      latest,
    ),
  );
  const results = await settleStage(stage, toRun, context);
  const finishedAt = deps.now();
  for (const step of toRun) {
    const outcome: StepOutcome = {
      ...(results.get(step) ?? { status: 'failed', detail: 'The step returned no result' }),
      step,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    };
    log.info(
      { step, status: outcome.status, durationMs: outcome.durationMs, failure: outcome.failure },
      'step finished',
    );
    latest = await record(deps, latest, outcome, finishedAt.toISOString());
  }
  // A stage may correct an earlier step (the read-back did not confirm it).
  for (const [step, correction] of results) {
    if (toRun.includes(step)) continue;
    const earlier = latest.steps.find((outcome) => outcome.step === step);
    if (!earlier) continue;
    log.warn({ step, status: correction.status }, 'step corrected by the read-back');
    latest = await record(
      deps,
      latest,
      { ...earlier, ...correction, step },
      deps.now().toISOString(),
    );
  }
  return latest;
}

/** Saves a step outcome (with its audit event) under the lease, and shows it. */
async function record(
  deps: PipelineDependencies,
  request: LockdownRequest,
  outcome: StepOutcome,
  at: string = deps.now().toISOString(),
): Promise<LockdownRequest> {
  const updated = await deps.store.saveStep(request.id, outcome, deps.owner, [
    stepAuditEvent(request.id, outcome, at),
  ]);
  if (!updated) throw new LeaseLost(request.id);
  deps.listener.onChange(updated);
  return updated;
}

/** The audit line of a step: what happened, never a secret. */
function stepAuditEvent(requestId: string, outcome: StepOutcome, at: string): AuditEvent {
  return {
    at,
    requestId,
    type: 'step',
    data: {
      step: outcome.step,
      status: outcome.status,
      durationMs: outcome.durationMs,
      detail: outcome.detail,
      requestId: outcome.requestId,
      failure: outcome.failure,
      devices: outcome.devices?.map(({ deviceId, status, failure }) => ({
        deviceId,
        status,
        failure,
      })),
    },
  };
}

/** The request with one step's outcome put in place (pure). */
function withStep(request: LockdownRequest, outcome: StepOutcome): LockdownRequest {
  return {
    ...request,
    steps: [...request.steps.filter((s) => s.step !== outcome.step), outcome].sort(
      (a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step),
    ),
  };
}

/** `completed` when every planned step is done, `failed` when none is, `partial` otherwise. */
export function verdict(request: LockdownRequest): RequestState {
  const planned = plannedSteps(request);
  const done = request.steps.filter(
    (outcome) => planned.includes(outcome.step) && outcome.status === 'done',
  ).length;
  if (done === planned.length) return 'completed';
  return done === 0 ? 'failed' : 'partial';
}
