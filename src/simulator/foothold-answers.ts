/**
 * Helpers shared by the foothold routes: Graph's licence refusals, the user a path names, and
 * the small lists (no paging: a user has few methods, rules or grants).
 */
import { mayChangeUser, type UserChangeKind } from './directory-roles';
import { accessDenied, GraphError } from './graph-error';
import type { GraphResult } from './graph-request';
import type { RouteContext } from './graph-router';
import type { TenantUser } from './tenant';

/** PIM without Entra ID P2 (or ID Governance): Graph's 400 `AadPremiumLicenseRequired`. */
export function pimLicenseRequired(): GraphError {
  return new GraphError(
    400,
    'AadPremiumLicenseRequired',
    'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
  );
}

/** Identity Protection without Entra ID P2: 403 `Forbidden`, "not licensed". */
export function riskLicenseRequired(): GraphError {
  return new GraphError(403, 'Forbidden', 'Your tenant is not licensed for this feature.');
}

/** Sign-in logs without Entra ID P1: 403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`. */
export function signInLicenseRequired(): GraphError {
  return new GraphError(
    403,
    'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    "Neither tenant is B2C or tenant doesn't have premium license",
  );
}

/** The user the path's `:user` names (id or UPN), or 404. */
export function pathUser(context: RouteContext): TenantUser {
  return context.tenant.requireUser(context.params['user'] ?? '');
}

/**
 * 403 unless the caller's directory roles cover `user` for `kind` (as the tenant checks its own
 * writes): one of the caller's roles covers every role of the user, and a member of a
 * role-assignable group only by the roles that cover everyone.
 */
export function requireCoverage(
  context: RouteContext,
  user: TenantUser,
  kind: UserChangeKind,
): void {
  const { tenant } = context;
  const roles = tenant.directoryRolesOf(user.id, true).map((role) => role.displayName);
  const groupIds = new Set([...tenant.transitiveGroupIds(user.id)].map((id) => id.toLowerCase()));
  const inRoleAssignableGroup = tenant
    .groups()
    .some((group) => group.isAssignableToRole && groupIds.has(group.id.toLowerCase()));
  if (!mayChangeUser(context.caller.directoryRoles, { roles, inRoleAssignableGroup }, kind)) {
    throw accessDenied();
  }
}

/** A list answer: `@odata.context` (after `$metadata#`) and every item. */
export function listAnswer(
  context: RouteContext,
  metadata: string,
  value: readonly unknown[],
): GraphResult {
  return {
    status: 200,
    body: { '@odata.context': `${context.origin}/v1.0/$metadata#${metadata}`, value },
  };
}

/** Drops undefined properties (Graph leaves unset ones out of these answers). */
export function defined(entity: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entity).filter(([, value]) => value !== undefined));
}

/** The one `<property> eq '<value>'` filter of `allowed`, or 400 like Graph for another. */
export function eqFilter(
  filter: string | undefined,
  allowed: readonly string[],
): { readonly property: string; readonly value: string } | undefined {
  if (filter === undefined) return undefined;
  const match = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
  const property = allowed.find((name) => name.toLowerCase() === match?.[1]?.toLowerCase());
  if (!match || property === undefined || match[2] === undefined) {
    throw new GraphError(
      400,
      'BadRequest',
      `Unsupported $filter '${filter}': the Graph simulator supports ${allowed
        .map((name) => `${name} eq '<value>'`)
        .join(' or ')} here.`,
    );
  }
  return { property, value: match[2].replace(/''/g, "'") };
}
