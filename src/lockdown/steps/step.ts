/**
 * What every containment step has in common.
 */
import type { Directory } from '../directory';
import type { LockdownMode, StepId, StepOutcome, TargetProfile } from '../request';

/** What a step may use. */
export interface StepContext {
  readonly directory: Directory;
  readonly target: TargetProfile;
  readonly mode: LockdownMode;
  /** When the pipeline started; the read-back compares the revocation time against it. */
  readonly startedAt: Date;
  readonly generatePassword: () => string;
}

/** A step's result, before the pipeline stamps it with timings. */
export type StepResult = Omit<StepOutcome, 'step' | 'startedAt' | 'finishedAt' | 'durationMs'>;

/** One containment step. Every step is safe to repeat, so an interrupted lockdown can be resumed. */
export interface Step {
  readonly id: StepId;
  run(context: StepContext): Promise<StepResult>;
}
