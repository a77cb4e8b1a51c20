/**
 * Runs the containment steps in their fixed order, recording each outcome durably before
 * moving on. A failed step never stops the ones after it: containment is best effort, and the
 * record says exactly what did and did not happen.
 */
import type { Logger } from 'pino';
import type { Directory } from './directory';
import { DirectoryError } from './directory';
import type { ProgressListener } from './progress-listener';
import type { LockdownRequest, RequestState, StepOutcome } from './request';
import { plannedSteps } from './request';
import type { RequestStore } from './request-store';
import { STEPS, type Step, type StepContext, type StepResult } from './steps';

/** What the pipeline needs. */
export interface PipelineDependencies {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly listener: ProgressListener;
  readonly logger: Logger;
  readonly generatePassword: () => string;
  readonly now: () => Date;
}

/**
 * Runs a request that is `approved` (or `running`, when resumed after a restart) to its end.
 * Returns the finished request, or `undefined` if another runner already owns it.
 */
export async function runPipeline(
  request: LockdownRequest,
  deps: PipelineDependencies,
): Promise<LockdownRequest | undefined> {
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
    return undefined;
  }
  const startedAt = deps.now();
  const context: StepContext = {
    directory: deps.directory,
    target: running.target,
    mode: running.mode,
    startedAt,
    generatePassword: deps.generatePassword,
  };
  const planned = new Set(plannedSteps(running.mode));
  let latest = running;
  for (const step of STEPS) {
    if (!planned.has(step.id)) {
      latest = await record(deps, latest, {
        step: step.id,
        status: 'skipped',
        detail: 'Not in keep-enabled mode: the account and its devices stay enabled',
      });
      continue;
    }
    const stepStart = deps.now();
    latest = await record(deps, latest, {
      step: step.id,
      status: 'running',
      startedAt: stepStart.toISOString(),
    });
    const result = await runStep(step, context);
    const finishedAt = deps.now();
    const outcome: StepOutcome = {
      ...result,
      step: step.id,
      startedAt: stepStart.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - stepStart.getTime(),
    };
    log.info(
      {
        step: step.id,
        status: outcome.status,
        durationMs: outcome.durationMs,
        failure: outcome.failure,
      },
      'step finished',
    );
    await deps.store.appendAudit({
      at: outcome.finishedAt ?? finishedAt.toISOString(),
      requestId: latest.id,
      type: 'step',
      data: {
        step: step.id,
        status: outcome.status,
        durationMs: outcome.durationMs,
        detail: outcome.detail,
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
  return finished;
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

async function runStep(step: Step, context: StepContext): Promise<StepResult> {
  try {
    return await step.run(context);
  } catch (error) {
    if (error instanceof DirectoryError) {
      return { status: 'failed', detail: error.failure.message, failure: error.failure };
    }
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: 'failed',
      detail: `Unexpected error: ${message}`,
      failure: { status: 0, code: 'UnexpectedError', message },
    };
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
