import { createHash } from 'node:crypto';
import {
  eqFilter,
  listAnswer,
  riskLicenseRequired,
  signInLicenseRequired,
} from './foothold-answers';
import type { SeedSignIn } from './foothold-seed';
import { accessDenied, GraphError } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { parseTop } from './odata';
import { holdsAny, READ_SIGN_INS, READ_SIGN_INS_ALSO, READ_USER_RISK } from './permissions';
import type { TenantUser } from './tenant';

/** A riskyUser as Graph v1.0 answers it, or `undefined` without a record. */
function riskyUserAsGraph(
  context: RouteContext,
  user: TenantUser,
): Record<string, unknown> | undefined {
  const risk = context.footholds.riskOf(user);
  if (risk === undefined) return undefined;
  return {
    id: user.id,
    isDeleted: false,
    isProcessing: false,
    riskLastUpdatedDateTime: risk.riskLastUpdatedDateTime ?? user.createdDateTime,
    riskLevel: risk.riskLevel,
    riskState: risk.riskState,
    riskDetail: risk.riskDetail ?? 'none',
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
  };
}

/** `GET /identityProtection/riskyUsers/{id}` (Entra ID P2): 404 when there is no record. */
function getRiskyUser(context: RouteContext): GraphResult {
  if (!context.footholds.entraIdP2) throw riskLicenseRequired();
  const id = context.params['id'] ?? '';
  // Keyed by object id: a UPN names no riskyUser.
  const user = context.tenant.users().find((u) => u.id.toLowerCase() === id.toLowerCase());
  const entity = user && riskyUserAsGraph(context, user);
  if (!entity) {
    throw new GraphError(404, 'NotFound', `The risky user '${id}' was not found.`);
  }
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#identityProtection/riskyUsers/$entity`,
      ...entity,
    },
  };
}

/** `GET /identityProtection/riskyUsers[?$filter=userPrincipalName eq '{upn}' | id eq '{id}']`. */
function listRiskyUsers(context: RouteContext): GraphResult {
  if (!context.footholds.entraIdP2) throw riskLicenseRequired();
  const filter = eqFilter(context.call.query['$filter'], ['userPrincipalName', 'id']);
  const users = context.tenant
    .users()
    .filter(
      (user) =>
        filter === undefined ||
        user[filter.property as 'userPrincipalName' | 'id'].toLowerCase() ===
          filter.value.toLowerCase(),
    );
  const value = users.flatMap((user) => riskyUserAsGraph(context, user) ?? []);
  return listAnswer(context, 'identityProtection/riskyUsers', value);
}

function signInAsGraph(user: TenantUser, signIn: SeedSignIn): Record<string, unknown> {
  const id = createHash('sha256').update(`${user.id}/${signIn.createdDateTime}`).digest('hex');
  return {
    id: `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-a${id.slice(17, 20)}-${id.slice(20, 32)}`,
    createdDateTime: signIn.createdDateTime,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName,
    appDisplayName: signIn.appDisplayName,
    ipAddress: signIn.ipAddress,
    clientAppUsed: 'Browser',
    isInteractive: true,
    location: {
      city: signIn.city ?? null,
      state: null,
      countryOrRegion: signIn.countryOrRegion ?? null,
      geoCoordinates: null,
    },
    status: {
      errorCode: signIn.errorCode ?? 0,
      failureReason: signIn.failureReason ?? (signIn.errorCode ? 'Other.' : null),
      additionalDetails: null,
    },
  };
}

/**
 * `GET /auditLogs/signIns[?$filter=userId eq '{id}' | userPrincipalName eq '{upn}'][&$top=n]`,
 * newest first. Needs AuditLog.Read.All and Directory.Read.All, and Entra ID P1.
 */
function listSignIns(context: RouteContext): GraphResult {
  if (!holdsAny(context.caller.permissions, READ_SIGN_INS_ALSO)) throw accessDenied();
  if (!context.footholds.entraIdP1) throw signInLicenseRequired();
  const { query } = context.call;
  const filter = eqFilter(query['$filter'], ['userId', 'userPrincipalName']);
  const top = parseTop(query['$top'], context.pageSize);
  const users = context.tenant
    .users()
    .filter(
      (user) =>
        filter === undefined ||
        (filter.property === 'userId' ? user.id : user.userPrincipalName).toLowerCase() ===
          filter.value.toLowerCase(),
    );
  const value = users
    .flatMap((user) => context.footholds.signInsOf(user).map((s) => signInAsGraph(user, s)))
    .sort((a, b) => String(b['createdDateTime']).localeCompare(String(a['createdDateTime'])))
    .slice(0, top);
  return listAnswer(context, 'auditLogs/signIns', value);
}

/** Identity Protection's risk record of a user, and the sign-in logs. */
export const RISK_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/identityProtection/riskyUsers',
    permissions: READ_USER_RISK,
    queryOptions: ['$filter'],
    handle: listRiskyUsers,
  },
  {
    method: 'GET',
    pattern: '/identityProtection/riskyUsers/:id',
    permissions: READ_USER_RISK,
    handle: getRiskyUser,
  },
  {
    method: 'GET',
    pattern: '/auditLogs/signIns',
    permissions: READ_SIGN_INS,
    queryOptions: ['$filter'],
    handle: listSignIns,
  },
];
