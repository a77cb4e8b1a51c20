/**
 * The preflight: before anyone approves, which steps of the plan may fail for lack of a grant.
 * Pure: the app's grants (from its own token and its directory roles) and the target in, one
 * check per step out. "May": roles scoped to administrative units and custom roles exist, so a
 * missing built-in role is a warning, never a refusal; the lockdown still runs what it can.
 */
import type { AppGrants } from './directory';
import type { StepId, TargetProfile } from './request';
import {
  AUTHENTICATION_ADMINISTRATOR,
  PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
  PRIVILEGED_AUTH_ROLES,
  ROLES_AUTHENTICATION_ADMINISTRATOR_COVERS,
  ROLES_USER_ADMINISTRATOR_COVERS,
  STEP_REQUIREMENTS,
  USER_ADMINISTRATOR,
} from './steps/requirements';

/** Granted, missing, or not known (the grants could not be read). */
export type GrantState = 'granted' | 'missing' | 'unknown';

/** The preflight of one step. */
export interface StepCheck {
  readonly step: StepId;
  readonly requests: readonly string[];
  readonly permission: string;
  readonly permissionState: GrantState;
  /** The directory role the step needs for this target, if any. */
  readonly role?: string;
  readonly roleState?: GrantState;
  /** What may fail, in a responder's words; empty when nothing is expected to. */
  readonly warnings: readonly string[];
  readonly note?: string;
}

/** The preflight of a plan, with when the grants were read. */
export interface Preflight {
  readonly checks: readonly StepCheck[];
  /** When the app's token was issued: grants changed since may not show yet. */
  readonly grantsAsOf?: string;
}

/** Checks each of the planned `steps` against the app's grants for `target`. */
export function preflight(
  steps: readonly StepId[],
  target: Pick<TargetProfile, 'roles'>,
  grants: AppGrants | undefined,
): Preflight {
  const checks = steps.map((step) => checkStep(step, target, grants));
  return { checks, ...(grants?.issuedAt ? { grantsAsOf: grants.issuedAt } : {}) };
}

function checkStep(
  step: StepId,
  target: Pick<TargetProfile, 'roles'>,
  grants: AppGrants | undefined,
): StepCheck {
  const requirement = STEP_REQUIREMENTS[step];
  const permissionState: GrantState = !grants
    ? 'unknown'
    : [requirement.permission, ...requirement.alsoCoveredBy].some((p) =>
          grants.permissions.includes(p),
        )
      ? 'granted'
      : 'missing';
  const warnings: string[] = [];
  if (permissionState === 'missing') warnings.push(`missing ${requirement.permission}`);
  if (permissionState === 'unknown') warnings.push("the app's permissions could not be read");
  const base = {
    step,
    requests: requirement.requests,
    permission: requirement.permission,
    permissionState,
    ...(requirement.note ? { note: requirement.note } : {}),
  };
  if (!requirement.needsRole) return { ...base, warnings };
  const { role, acceptable, why } = roleNeeded(target, requirement.roleFamily ?? 'user');
  const held = grants?.directoryRoleTemplateIds;
  const roleState: GrantState = !held
    ? 'unknown'
    : acceptable.some((id) => held.includes(id))
      ? 'granted'
      : 'missing';
  if (roleState === 'missing') warnings.push(`${why}the app may need ${role}`);
  return { ...base, role, roleState, warnings };
}

/** The built-in role of `family` that covers the target, and the role ids that would do. */
function roleNeeded(
  target: Pick<TargetProfile, 'roles'>,
  family: 'user' | 'authentication',
): {
  readonly role: string;
  readonly acceptable: readonly string[];
  readonly why: string;
} {
  const { base, covers } =
    family === 'authentication'
      ? { base: AUTHENTICATION_ADMINISTRATOR, covers: ROLES_AUTHENTICATION_ADMINISTRATOR_COVERS }
      : { base: USER_ADMINISTRATOR, covers: ROLES_USER_ADMINISTRATOR_COVERS };
  const beyond = target.roles.find((role) => !covers.has(role.roleTemplateId));
  const privileged = PRIVILEGED_AUTH_ROLES.map((role) => role.id);
  if (beyond) {
    return {
      role: PRIVILEGED_AUTHENTICATION_ADMINISTRATOR.name,
      acceptable: privileged,
      why: `the target is a ${beyond.displayName}: `,
    };
  }
  return { role: base.name, acceptable: [base.id, ...privileged], why: '' };
}

/** True when a step of the plan cannot work: a permission or the directory role it needs is missing. */
export function preflightBlocks(result: Preflight): boolean {
  return result.checks.some(
    (check) => check.permissionState === 'missing' || check.roleState === 'missing',
  );
}
