/**
 * The checks a lockdown request and its dry run share: may this person ask, does the target
 * exist, is it protected, and what can the app do to it (the preflight). Nothing is recorded.
 */
import type { Logger } from 'pino';
import type { AppGrants, Directory, GrantsReader } from './directory';
import type { LockdownOption } from './options';
import type { AccessPolicy } from './policy';
import { type Preflight, preflight } from './preflight';
import {
  type LockdownMode,
  type Person,
  plannedSteps,
  type StepId,
  type TargetProfile,
} from './request';

/** What the checks need. */
export interface TargetCheckDependencies {
  readonly directory: Directory;
  readonly policy: AccessPolicy;
  readonly logger: Logger;
  readonly grants?: GrantsReader;
  /** How synced accounts are reached on-premises, when the deployment does (see {@link onPremisesOf}). */
  readonly onPremises?: 'defender-for-identity';
}

/** Whom to check, for what, asked by whom. */
export interface TargetAsk {
  readonly userPrincipalName: string;
  readonly mode: LockdownMode;
  /** The lockdown's containment options, defaults already applied (absent: none). */
  readonly options?: readonly LockdownOption[];
  readonly requestedBy: Person;
}

/** The target and its preflight, or why there is none. */
export type TargetCheck =
  | { readonly kind: 'checked'; readonly target: TargetProfile; readonly preflight: Preflight }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  /** The requester may not ask, or the target is protected. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** An unlock with nothing to undo (no finished lockdown, already unlocked, ...). */
  | { readonly kind: 'nothing-to-undo'; readonly reason: string };

/** A check's answer when it stops before the target is checked. */
export type EarlyAnswer = Exclude<TargetCheck, { readonly kind: 'checked' }>;

/** How the checks differ between a lockdown, an unlock and their dry runs. */
export interface TargetCheckOptions {
  /**
   * May answer after the requester check and before the directory is asked (a real request's
   * pending limit, an unlock with nothing to undo).
   */
  readonly beforeLookUp?: () => Promise<EarlyAnswer | undefined>;
  /** The steps to preflight (asked after `beforeLookUp`); default: a lockdown's in `ask.mode`. */
  readonly steps?: () => readonly StepId[];
  /**
   * Refuse protected targets (default). An unlock does not: it only undoes what a lockdown did,
   * even if the account has been protected since.
   */
  readonly refuseProtected?: boolean;
  /** The requester was checked already (once for several targets, or elsewhere). */
  readonly requesterChecked?: boolean;
}

/** Runs the checks in order. */
export async function checkTarget(
  deps: TargetCheckDependencies,
  ask: TargetAsk,
  options: TargetCheckOptions = {},
): Promise<TargetCheck> {
  const { beforeLookUp, refuseProtected = true } = options;
  const { policy, logger } = deps;
  const requestedBy = ask.requestedBy.id;
  const notAllowed = options.requesterChecked
    ? undefined
    : await policy.requesterRefusal(ask.requestedBy);
  if (notAllowed) {
    logger.warn({ requestedBy }, 'lockdown request refused: not a requester');
    return { kind: 'refused', reason: notAllowed };
  }
  const early = await beforeLookUp?.();
  if (early) {
    logger.warn({ requestedBy, answer: early.kind }, 'request answered before the look-up');
    return early;
  }
  const user = await deps.directory.findUser(ask.userPrincipalName);
  if (!user) return { kind: 'unknown-user', userPrincipalName: ask.userPrincipalName };
  const protection = refuseProtected ? policy.protection(user) : undefined;
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
    preflight: preflight(
      options.steps?.() ??
        plannedSteps({
          mode: ask.mode,
          ...(ask.options ? { options: ask.options } : {}),
          ...onPremisesOf(deps, target),
        }),
      target,
      await readGrants(deps.grants, logger),
    ),
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

/** The request's `onPremises` for this target: only a synced account, only when configured. */
export function onPremisesOf(
  deps: Pick<TargetCheckDependencies, 'onPremises'>,
  target: Pick<TargetProfile, 'onPremisesSyncEnabled'>,
): { readonly onPremises?: 'defender-for-identity' } {
  return deps.onPremises && target.onPremisesSyncEnabled ? { onPremises: deps.onPremises } : {};
}
