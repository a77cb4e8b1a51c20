/**
 * Runs the containment stages in their fixed order, recording each step's outcome durably before
 * moving on. A failed step never stops the ones after it: containment is best effort, and the
 * record says exactly what did and did not happen.
 */
import type { Logger } from 'pino';
import type { Directory } from './directory';
import { DirectoryError } from './directory';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest, RequestState, StepId, StepOutcome } from './request';
import { plannedSteps, STEP_ORDER } from './request';
import type { RequestStore } from './request-store';
import { STAGES, type Stage, type StepContext, type StepResult } from './steps';

/** What the pipeline needs. */
export interface PipelineDependencies {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly generatePassword: () => string;
  readonly now: () => Date;
  /** Asked between stages: true makes the pipeline stop there, leaving the request to resume. */
  readonly shouldStop?: () => boolean;
}

/** How a pipeline run ended. */
export type PipelineEnd =
  | { readonly kind: 'finished'; readonly request: LockdownRequest }
  /** Another runner owns the request. */
  | { readonly kind: 'taken' }
  /** Stopped at a stage boundary (shutdown); the request stays `running` and resumes at start. */
  | { readonly kind: 'paused'; readonly request: LockdownRequest };

const SKIPPED_BY_MODE = 'Not in keep-enabled mode: the account and its devices stay enabled';

/**
 * Runs a request that is `approved` (or `running`, when resumed after a restart) to its end.
 */
export async function runPipeline(
  request: LockdownRequest,
  deps: PipelineDependencies,
): Promise<PipelineEnd> {
  const log = deps.logger.child({
    requestId: request.id,
    target: request.target.userPrincipalName,
  });
  const running =
    request.state === 'running'
      ? request
      : await deps.store.transition(request.id, ['approved'], { state: 'running' });
  if (!running) {
    log.info('pipeline already taken by another runner');
    return { kind: 'taken' };
  }
  const context: StepContext = {
    directory: deps.directory,
    target: running.target,
    mode: running.mode,
    startedAt: deps.now(),
    generatePassword: deps.generatePassword,
  };
  const planned = plannedSteps(running.mode);
  let latest = running;
  for (const stage of STAGES) {
    if (deps.shouldStop?.()) {
      log.warn('stopping at a stage boundary; the lockdown resumes at the next start');
      return { kind: 'paused', request: latest };
    }
    latest = await runStage(stage, planned, context, latest, deps, log);
  }
  const finalState = verdict(latest);
  const finished = await deps.store.transition(latest.id, ['running'], {
    state: finalState,
    finishedAt: deps.now().toISOString(),
  });
  if (!finished) {
    throw new Error(`Request ${latest.id} left the running state while its pipeline ran.`);
  }
  await deps.store.appendAudit({
    at: finished.finishedAt ?? deps.now().toISOString(),
    requestId: finished.id,
    type: 'finished',
    data: { state: finalState },
  });
  log.info({ state: finalState }, 'lockdown finished');
  deps.listener.onFinished(finished);
  return { kind: 'finished', request: finished };
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
  const toRun = stage.steps.filter((step) => planned.includes(step));
  for (const step of stage.steps.filter((step) => !planned.includes(step))) {
    latest = await record(deps, latest, { step, status: 'skipped', detail: SKIPPED_BY_MODE });
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
    await deps.store.appendAudit({
      at: finishedAt.toISOString(),
      requestId: latest.id,
      type: 'step',
      data: {
        step,
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
    });
    latest = await record(deps, latest, outcome);
  }
  return latest;
}

async function record(
  deps: PipelineDependencies,
  request: LockdownRequest,
  outcome: StepOutcome,
): Promise<LockdownRequest> {
  const updated = await deps.store.saveStep(request.id, outcome);
  deps.listener.onChange(updated);
  return updated;
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

/** Runs a stage; an exception fails each of its steps with the reason, never the pipeline. */
async function settleStage(
  stage: Stage,
  steps: readonly StepId[],
  context: StepContext,
): Promise<ReadonlyMap<StepId, StepResult>> {
  try {
    return await stage.run(context, steps);
  } catch (error) {
    const failed: StepResult =
      error instanceof DirectoryError
        ? { status: 'failed', detail: error.failure.message, failure: error.failure }
        : {
            status: 'failed',
            detail: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
            failure: {
              status: 0,
              code: 'UnexpectedError',
              message: error instanceof Error ? error.message : String(error),
            },
          };
    return new Map(steps.map((step) => [step, failed]));
  }
}

/** `completed` when every planned step is done, `failed` when none is, `partial` otherwise. */
export function verdict(request: LockdownRequest): RequestState {
  const planned = plannedSteps(request.mode);
  const done = request.steps.filter(
    (outcome) => planned.includes(outcome.step) && outcome.status === 'done',
  ).length;
  if (done === planned.length) return 'completed';
  return done === 0 ? 'failed' : 'partial';
}
