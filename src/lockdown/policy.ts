/**
 * Who may approve what, and which directory roles make a target privileged.
 */
import type { DirectoryUser } from './directory';
import type { Person, RoleSummary, TargetProfile } from './request';

/** Role template ids whose holders can take over the tenant or its security settings. */
export const PRIVILEGED_ROLE_TEMPLATE_IDS: ReadonlySet<string> = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', // Privileged Authentication Administrator
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
]);

/** Marks the privileged roles of a user read from the directory. */
export function toTargetProfile(user: DirectoryUser): TargetProfile {
  const roles: RoleSummary[] = user.roles.map((role) => ({
    ...role,
    privileged: PRIVILEGED_ROLE_TEMPLATE_IDS.has(role.roleTemplateId),
  }));
  return { ...user, roles };
}

/** Why someone may not approve a request, or `undefined` when they may. */
export function approvalRefusal(
  requester: Person,
  approver: Person,
  options: { readonly allowSelfApproval: boolean },
): string | undefined {
  if (!options.allowSelfApproval && requester.id === approver.id) {
    return 'You asked for this lockdown, so someone else must approve it (four-eyes rule).';
  }
  return undefined;
}
