import type { StepId } from '../request';
import type { Stage, StepResult } from './step';

/** Reads the account back and checks that the containment took effect. */
export const verify: Stage = {
  steps: ['verify'],
  async run({ directory, target, mode, startedAt }) {
    const observed = await directory.readBack(target.id);
    const problems: string[] = [];
    if (mode === 'full' && observed.accountEnabled) {
      problems.push('the account is still enabled');
    }
    // Graph keeps whole seconds, so compare against the start of the pipeline's second.
    const revokedSince = Math.floor(startedAt.getTime() / 1000) * 1000;
    const validFrom = observed.signInSessionsValidFromDateTime;
    if (!validFrom || Date.parse(validFrom) < revokedSince) {
      problems.push('sessions were not revoked (signInSessionsValidFromDateTime is older)');
    }
    const facts = `accountEnabled ${observed.accountEnabled}, sessions valid from ${validFrom ?? 'never set'}`;
    const { accountEnabled, signInSessionsValidFromDateTime } = observed;
    const result: StepResult = {
      status: problems.length === 0 ? 'done' : 'failed',
      detail:
        problems.length === 0
          ? `Confirmed: ${facts}`
          : `Not contained: ${problems.join('; ')} (${facts})`,
      observed: { accountEnabled, signInSessionsValidFromDateTime },
      ...(observed.requestId ? { requestId: observed.requestId } : {}),
    };
    return new Map<StepId, StepResult>([['verify', result]]);
  },
};
