import type { ReadBack } from '../directory';
import type { StepId, StepOutcome } from '../request';
import type { Stage, StepContext, StepResult } from './step';

/**
 * How far before Graph's answer to the revocation its `signInSessionsValidFromDateTime` may lie:
 * the `Date` of a `$batch` answer is taken after every request in it ran.
 */
const SERVER_TIME_TOLERANCE_MS = 30_000;
/** Without Graph's clock, how far the bot's clock may be ahead of Graph's. */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** What a read-back contradicts, by step. */
type Disagreements = ReadonlyMap<StepId, string>;

/**
 * Reads the account back and checks that each write the directory accepted took effect. When the
 * read disagrees, it reads once more (a fresh read, not one made inside the writes' batch); a
 * step the second read still contradicts is marked `unconfirmed`.
 */
export const verify: Stage = {
  steps: ['verify'],
  async run(context) {
    const { directory, target } = context;
    let observed = await directory.readBack(target.id);
    let problems = disagreements(context, observed);
    if (problems.size > 0) {
      observed = await directory.readBack(target.id);
      problems = disagreements(context, observed);
    }
    const validFrom = observed.signInSessionsValidFromDateTime;
    const facts = `accountEnabled ${observed.accountEnabled}, sessions valid from ${validFrom ?? 'never set'}`;
    const results = new Map<StepId, StepResult>([
      [
        'verify',
        {
          status: problems.size === 0 ? 'done' : 'failed',
          detail:
            problems.size === 0
              ? `Confirmed: ${facts}`
              : `Not contained: ${[...problems.values()].join('; ')} (${facts})`,
          observed: {
            accountEnabled: observed.accountEnabled,
            ...(validFrom ? { signInSessionsValidFromDateTime: validFrom } : {}),
          },
          ...(observed.requestId ? { requestId: observed.requestId } : {}),
        },
      ],
    ]);
    for (const [step, problem] of problems) {
      results.set(step, {
        status: 'unconfirmed',
        detail: `Graph accepted it, but reading the account back twice shows ${problem}`,
      });
    }
    return results;
  },
};

/** The recorded `done` steps this read-back contradicts, with what it shows instead. */
function disagreements(context: StepContext, observed: ReadBack): Disagreements {
  const problems = new Map<StepId, string>();
  const done = (step: StepId): StepOutcome | undefined =>
    context.request.steps.find((outcome) => outcome.step === step && outcome.status === 'done');
  if (context.mode === 'full' && done('disable-account') && observed.accountEnabled) {
    problems.set('disable-account', 'the account is still enabled');
  }
  const revoked = done('revoke-sessions');
  if (revoked && !sessionsRevokedSince(revoked, observed, context.startedAt)) {
    problems.set(
      'revoke-sessions',
      'sessions were not revoked (signInSessionsValidFromDateTime is older)',
    );
  }
  return problems;
}

/**
 * Whether the sessions' validity starts at the revocation. Compared with Graph's own clock (the
 * revocation answer's `Date`) when known, so a bot clock running ahead never reads as "not
 * revoked"; otherwise with the bot's clock, allowing for skew.
 */
function sessionsRevokedSince(revoked: StepOutcome, observed: ReadBack, startedAt: Date): boolean {
  const validFrom = Date.parse(observed.signInSessionsValidFromDateTime ?? '');
  if (Number.isNaN(validFrom)) return false;
  const serverTime = Date.parse(revoked.serverTime ?? '');
  const earliest = Number.isNaN(serverTime)
    ? startedAt.getTime() - CLOCK_SKEW_ALLOWANCE_MS
    : serverTime - SERVER_TIME_TOLERANCE_MS;
  // Graph keeps whole seconds.
  return validFrom >= Math.floor(earliest / 1000) * 1000;
}
