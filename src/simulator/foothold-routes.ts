import { AUTH_METHOD_ROUTES } from './auth-method-routes';
import { CONSENT_ROUTES } from './consent-routes';
import { ELIGIBILITY_ROUTES } from './eligibility-routes';
import type { Route } from './graph-router';
import { MAIL_RULE_ROUTES } from './mail-rule-routes';
import { ONPREM_IDENTITY_ROUTES } from './onprem-identity-routes';
import { RISK_ROUTES } from './risk-routes';
import { SERVICE_PRINCIPAL_ROUTES } from './service-principal-routes';

/**
 * The reads of what an attacker may have left in an account (issue 11): authentication methods,
 * inbox rules, consents (and the verified domains and groups they are judged by, and the
 * consented apps' service principals), PIM eligibility, risk and sign-ins.
 */
export const FOOTHOLD_ROUTES: readonly Route[] = [
  ...AUTH_METHOD_ROUTES,
  ...MAIL_RULE_ROUTES,
  ...CONSENT_ROUTES,
  ...SERVICE_PRINCIPAL_ROUTES,
  ...ELIGIBILITY_ROUTES,
  ...RISK_ROUTES,
  ...ONPREM_IDENTITY_ROUTES,
];
