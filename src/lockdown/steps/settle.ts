/**
 * Runs a stage so that an exception fails each of its steps with the reason instead of the
 * pipeline: containment is best effort, and the record says what did and did not happen.
 */
import { DirectoryError } from '../directory';
import type { StepId } from '../request';
import type { Stage, StepContext, StepResult } from './step';

/** The stage's results, or each of `steps` failed with why the stage threw. */
export async function settleStage(
  stage: Stage,
  steps: readonly StepId[],
  context: StepContext,
): Promise<ReadonlyMap<StepId, StepResult>> {
  try {
    return await stage.run(context, steps);
  } catch (error) {
    return new Map(steps.map((step) => [step, failedBy(error)]));
  }
}

/** A step failed by an exception: the directory's refusal as it came, anything else as unexpected. */
export function failedBy(error: unknown): StepResult {
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

/**
 * Stages that touch different things, run at once as one stage (one round trip of time): each
 * settles on its own, so one failing does not fail the others' steps.
 */
export function concurrentStages(...stages: readonly Stage[]): Stage {
  return {
    steps: stages.flatMap((stage) => stage.steps),
    async run(context, planned) {
      const parts = await Promise.all(
        stages.map((stage) => {
          const mine = stage.steps.filter((step) => planned.includes(step));
          return mine.length === 0
            ? new Map<StepId, StepResult>()
            : settleStage(stage, mine, context);
        }),
      );
      return new Map(parts.flatMap((part) => [...part]));
    },
  };
}
