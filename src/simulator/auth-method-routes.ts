import { defined, listAnswer, pathUser } from './foothold-answers';
import type { SeedAuthMethod } from './foothold-seed';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { READ_AUTH_METHODS } from './permissions';

/** Each method as Graph v1.0 answers it (derived type in `@odata.type`). */
export function methodAsGraph(method: SeedAuthMethod): Record<string, unknown> {
  const common = {
    '@odata.type': `#microsoft.graph.${method.type}AuthenticationMethod`,
    id: method.id,
    createdDateTime: method.createdDateTime ?? null,
  };
  switch (method.type) {
    case 'microsoftAuthenticator':
      return defined({
        ...common,
        displayName: method.displayName ?? null,
        deviceTag: method.deviceTag ?? 'SoftwareTokenActivated',
        phoneAppVersion: method.phoneAppVersion ?? null,
      });
    case 'phone':
      return {
        ...common,
        phoneNumber: method.phoneNumber ?? null,
        phoneType: method.phoneType ?? 'mobile',
        smsSignInState: 'notAllowedByPolicy',
      };
    case 'fido2':
      return { ...common, displayName: method.displayName ?? null, model: method.model ?? null };
    case 'email':
      return { ...common, emailAddress: method.emailAddress ?? null };
    case 'windowsHelloForBusiness':
      return { ...common, displayName: method.displayName ?? null, keyStrength: 'normal' };
    case 'temporaryAccessPass':
      return { ...common, isUsable: true, isUsableOnce: true, lifetimeInMinutes: 60 };
    default:
      return common;
  }
}

/** `GET /users/{id}/authentication/methods`: every registered method, the password first. */
function listMethods(context: RouteContext): GraphResult {
  const user = pathUser(context);
  return listAnswer(
    context,
    `users('${encodeURIComponent(user.id)}')/authentication/methods`,
    context.footholds.methodsOf(user).map(methodAsGraph),
  );
}

/** A user's authentication methods. */
export const AUTH_METHOD_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/authentication/methods',
    permissions: READ_AUTH_METHODS,
    handle: listMethods,
  },
];
