/**
 * The checks a lockdown request and its dry run share: may this person ask, does the target
 * exist, is it protected, and what can the app do to it (the preflight). Nothing is recorded.
 */
import type { Logger } from 'pino';
import type { AppGrants, Directory, GrantsReader } from './directory';
import type { AccessPolicy } from './policy';
import { type Preflight, preflight } from './preflight';
import type { LockdownMode, Person, TargetProfile } from './request';

/** What the checks need. */
export interface TargetCheckDependencies {
  readonly directory: Directory;
  readonly policy: AccessPolicy;
  readonly logger: Logger;
  readonly grants?: GrantsReader;
}

/** Whom to check, for what, asked by whom. */
export interface TargetAsk {
  readonly userPrincipalName: string;
  readonly mode: LockdownMode;
  readonly requestedBy: Person;
}

/** The target and its preflight, or why there is none. */
export type TargetCheck =
  | { readonly kind: 'checked'; readonly target: TargetProfile; readonly preflight: Preflight }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  /** The requester may not ask, or the target is protected. */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * Runs the checks in order; `beforeLookUp` may refuse after the requester check and before the
 * directory is asked (a real request's pending limit).
 */
export async function checkTarget(
  deps: TargetCheckDependencies,
  ask: TargetAsk,
  beforeLookUp?: () => Promise<string | undefined>,
): Promise<TargetCheck> {
  const { policy, logger } = deps;
  const requestedBy = ask.requestedBy.id;
  const notAllowed = await policy.requesterRefusal(ask.requestedBy);
  if (notAllowed) {
    logger.warn({ requestedBy }, 'lockdown request refused: not a requester');
    return { kind: 'refused', reason: notAllowed };
  }
  const tooMany = await beforeLookUp?.();
  if (tooMany) {
    logger.warn({ requestedBy }, 'lockdown request refused: pending limit');
    return { kind: 'refused', reason: tooMany };
  }
  const user = await deps.directory.findUser(ask.userPrincipalName);
  if (!user) return { kind: 'unknown-user', userPrincipalName: ask.userPrincipalName };
  const protection = policy.protection(user);
  if (protection) {
    logger.warn(
      { requestedBy, target: user.userPrincipalName, targetId: user.id },
      'lockdown request refused: protected target',
    );
    return { kind: 'refused', reason: protection };
  }
  const target = policy.toTargetProfile(user);
  return {
    kind: 'checked',
    target,
    preflight: preflight(ask.mode, target, await readGrants(deps.grants, logger)),
  };
}

/** The app's grants, or `undefined` when they cannot be read (every check then shows unknown). */
async function readGrants(
  grants: GrantsReader | undefined,
  logger: Logger,
): Promise<AppGrants | undefined> {
  try {
    return await grants?.appGrants();
  } catch (error) {
    logger.warn({ err: error }, "could not read the app's grants for the preflight");
    return undefined;
  }
}
