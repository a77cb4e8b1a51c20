import type { Directory } from '../directory';
import { DirectoryError } from '../directory';
import type { StepId, StepOutcome } from '../request';
import type { Stage, StepContext, StepResult } from './step';

/** What a read-back contradicts, by step. */
type Disagreements = Map<StepId, string>;

/**
 * An unlock's read-back: the account is enabled if the unlock enabled it, and so is every device
 * it enabled. When the read disagrees it reads once more; a step the second read still
 * contradicts is marked `unconfirmed`.
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
      results.set(step, {
        status: 'unconfirmed',
        detail: `Graph accepted it, but reading back twice shows ${problem}`,
      });
    }
    return results;
  },
};

/** One read of the account and, if the unlock enabled any, the user's devices. */
async function readBack(context: StepContext): Promise<{
  readonly observed: Awaited<ReturnType<Directory['readBack']>>;
  readonly problems: Disagreements;
  readonly devicesNote: string;
}> {
  const { directory, target, request } = context;
  const problems: Disagreements = new Map();
  const observed = await directory.readBack(target.id);
  const done = (step: StepId): StepOutcome | undefined =>
    request.steps.find((outcome) => outcome.step === step && outcome.status === 'done');
  if (done('enable-account') && !observed.accountEnabled) {
    problems.set('enable-account', 'the account is still disabled');
  }
  const enabled = done('enable-devices')?.devices?.filter((d) => d.status === 'done') ?? [];
  if (enabled.length === 0) return { observed, problems, devicesNote: '' };
  try {
    const devices = await directory.listDevices(target.id);
    const stillDisabled = enabled.filter(
      (outcome) =>
        devices.find((device) => device.id === outcome.deviceId)?.accountEnabled === false,
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
