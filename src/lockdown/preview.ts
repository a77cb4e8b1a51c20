/**
 * The dry run: what a lockdown of a user would do and whether the app has what each step needs,
 * with the same checks as a real request (requester, unknown user, protected target), one audit
 * event, no stored request and no directory write.
 */
import type { Logger } from 'pino';
import type { AppGrants, Directory, GrantsReader } from './directory';
import type { AccessPolicy } from './policy';
import { type Preflight, preflight } from './preflight';
import type { LockdownMode, Person, TargetProfile } from './request';
import type { RequestStore } from './request-store';

/** The answer to a dry run: what a lockdown would do, nothing recorded. */
export type PreviewResult =
  | {
      readonly kind: 'preview';
      readonly target: TargetProfile;
      readonly mode: LockdownMode;
      readonly requiredApprovals: number;
      readonly preflight: Preflight;
    }
  | { readonly kind: 'unknown-user'; readonly userPrincipalName: string }
  | { readonly kind: 'refused'; readonly reason: string };

/** What a dry run needs. */
export interface PreviewDependencies {
  readonly directory: Directory;
  readonly store: RequestStore;
  readonly policy: AccessPolicy;
  readonly logger: Logger;
  readonly grants?: GrantsReader;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** What a dry run is asked for. */
export interface PreviewAsk {
  readonly userPrincipalName: string;
  readonly mode: LockdownMode;
  readonly requestedBy: Person;
}

/** Runs the checks of a lockdown request without recording it. */
export async function previewLockdown(
  deps: PreviewDependencies,
  ask: PreviewAsk,
): Promise<PreviewResult> {
  const { policy, logger } = deps;
  const notAllowed = await policy.requesterRefusal(ask.requestedBy);
  if (notAllowed) return { kind: 'refused', reason: notAllowed };
  const user = await deps.directory.findUser(ask.userPrincipalName);
  if (!user) return { kind: 'unknown-user', userPrincipalName: ask.userPrincipalName };
  const protection = policy.protection(user);
  if (protection) return { kind: 'refused', reason: protection };
  const target = policy.toTargetProfile(user);
  const checked = preflight(ask.mode, target, await readGrants(deps.grants, logger));
  await deps.store.appendAudit({
    at: deps.now().toISOString(),
    requestId: deps.newId(),
    type: 'dry-run',
    actor: ask.requestedBy,
    data: { target: target.userPrincipalName, targetId: target.id, mode: ask.mode },
  });
  logger.info(
    { target: target.userPrincipalName, mode: ask.mode, requestedBy: ask.requestedBy.id },
    'dry run',
  );
  return {
    kind: 'preview',
    target,
    mode: ask.mode,
    requiredApprovals: policy.requiredApprovals(target),
    preflight: checked,
  };
}

/** The app's grants, or `undefined` when they cannot be read (every check then shows unknown). */
export async function readGrants(
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
