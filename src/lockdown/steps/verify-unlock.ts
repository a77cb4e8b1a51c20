import type { Directory } from '../directory';
import { DirectoryError } from '../directory';
import type { StepId } from '../request';
import type { Stage, StepContext, StepResult } from './step';

/** What a read-back shows is not restored, by the step that should have restored it. */
type Disagreements = Map<StepId, string>;

/**
 * An unlock's read-back: the account is enabled if the unlock was to enable it, and so is every
 * device it was to enable. When the read disagrees it reads once more; what the second read
 * still shows unrestored fails the read-back, and a step recorded done that it contradicts is
 * marked `unconfirmed`.
 */
export const verifyUnlock: Stage = {
  steps: ['verify'],
  async run(context) {
    let read = await readBack(context);
    if (read.problems.size > 0) read = await readBack(context);
    const { observed, problems, devicesNote } = read;
    const facts = `accountEnabled ${observed.accountEnabled}${devicesNote}`;
    const results = new Map<StepId, StepResult>([
      [
        'verify',
        {
          status: problems.size === 0 ? 'done' : 'failed',
          detail:
            problems.size === 0
              ? `Confirmed: ${facts}`
              : `Not restored: ${[...problems.values()].join('; ')} (${facts})`,
          observed: { accountEnabled: observed.accountEnabled },
          ...(observed.requestId ? { requestId: observed.requestId } : {}),
        },
      ],
    ]);
    for (const [step, problem] of problems) {
      if (!recordedDone(context, step)) continue;
      results.set(step, {
        status: 'unconfirmed',
        detail: `Graph accepted it, but reading back twice shows ${problem}`,
      });
    }
    return results;
  },
};

/** One read of the account and, if the unlock enabled any, the user's devices. */
/** Whether the step's recorded outcome is `done` (a failed one needs no correction). */
function recordedDone(context: StepContext, step: StepId): boolean {
  return context.request.steps.some(
    (outcome) => outcome.step === step && outcome.status === 'done',
  );
}

async function readBack(context: StepContext): Promise<{
  readonly observed: Awaited<ReturnType<Directory['readBack']>>;
  readonly problems: Disagreements;
  readonly devicesNote: string;
}> {
  const { directory, target, request } = context;
  const problems: Disagreements = new Map();
  const observed = await directory.readBack(target.id);
  if (request.undo?.enableAccount && !observed.accountEnabled) {
    problems.set('enable-account', 'the account is still disabled');
  }
  const enabled = request.undo?.devices ?? [];
  if (enabled.length === 0) return { observed, problems, devicesNote: '' };
  try {
    const devices = await directory.listDevices(target.id);
    const stillDisabled = enabled.filter(
      (planned) => devices.find((device) => device.id === planned.id)?.accountEnabled === false,
    );
    if (stillDisabled.length > 0) {
      problems.set(
        'enable-devices',
        `${stillDisabled.map((d) => d.displayName).join(', ')} still disabled`,
      );
    }
    return {
      observed,
      problems,
      devicesNote: `, ${enabled.length - stillDisabled.length} of ${enabled.length} devices enabled`,
    };
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    return {
      observed,
      problems,
      devicesNote: `, devices not read back (${error.failure.code})`,
    };
  }
}
