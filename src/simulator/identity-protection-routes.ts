import { riskLicenseRequired } from './foothold-answers';
import { badRequest } from './graph-error';
import { GraphResult, objectBody } from './graph-request';
import { Route, RouteContext } from './graph-router';
import { WRITE_USER_RISK } from './permissions';

/** Graph caps the user ids of one riskyUsers action at 60. */
const MAX_USER_IDS = 60;

function userIds(context: RouteContext): readonly string[] {
  const ids = objectBody(context.call.body)['userIds'];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw badRequest("The request body must contain 'userIds', a non-empty array of user ids.");
  }
  if (ids.length > MAX_USER_IDS) {
    throw badRequest(`At most ${MAX_USER_IDS} user ids are allowed in one request.`);
  }
  return ids as string[];
}

/**
 * Sets the users' risk state (confirmCompromised: riskState confirmedCompromised, riskLevel
 * high; dismiss: dismissed, none). Identity Protection needs Entra ID P2: without it, 403.
 */
function setRisk(state: 'confirmedCompromised' | 'dismissed') {
  return (context: RouteContext): GraphResult => {
    if (!context.footholds.entraIdP2) throw riskLicenseRequired();
    context.tenant.setRiskState(userIds(context), state);
    return { status: 204 };
  };
}

/**
 * The optional Identity Protection step (Entra ID P2). Real Graph throttles these to about one
 * request per second per tenant, with 429s that carry no Retry-After: inject such faults to test.
 */
export const IDENTITY_PROTECTION_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/identityProtection/riskyUsers/confirmCompromised',
    permissions: WRITE_USER_RISK,
    handle: setRisk('confirmedCompromised'),
  },
  {
    method: 'POST',
    pattern: '/identityProtection/riskyUsers/dismiss',
    permissions: WRITE_USER_RISK,
    handle: setRisk('dismissed'),
  },
];
