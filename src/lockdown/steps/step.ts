/**
 * What every containment stage has in common.
 */
import type { Directory } from '../directory';
import type { LockdownMode, LockdownRequest, StepId, StepOutcome, TargetProfile } from '../request';

/** What a stage may use. */
export interface StepContext {
  readonly directory: Directory;
  readonly target: TargetProfile;
  readonly mode: LockdownMode;
  /** When the pipeline started; the read-back compares the revocation time against it. */
  readonly startedAt: Date;
  readonly generatePassword: () => string;
  /** The request as recorded before this stage (earlier steps' outcomes). */
  readonly request: LockdownRequest;
}

/** A step's result, before the pipeline stamps it with timings. */
export type StepResult = Omit<StepOutcome, 'step' | 'startedAt' | 'finishedAt' | 'durationMs'>;

/**
 * One or more steps that run together (the account's three changes go to the directory as one
 * ordered unit, so they are contained in one round trip). Every stage is safe to repeat, so an
 * interrupted lockdown can be resumed from the top.
 */
export interface Stage {
  /** The steps this stage covers, in order. */
  readonly steps: readonly StepId[];
  /** Runs the planned ones among `steps`; answers a result for each of them. */
  run(context: StepContext, planned: readonly StepId[]): Promise<ReadonlyMap<StepId, StepResult>>;
}
