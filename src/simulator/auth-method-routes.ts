import { defined, listAnswer, pathUser, requireCoverage } from './foothold-answers';
import type { SeedAuthMethod } from './foothold-seed';
import { PASSWORD_METHOD_ID } from './footholds';
import { GraphError } from './graph-error';
import type { GraphResult } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { READ_AUTH_METHODS, WRITE_AUTH_METHODS } from './permissions';

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

/** Graph's refusal to delete the default method while the user has others (besides the password). */
export const DEFAULT_METHOD_REFUSAL =
  'Cannot delete default method with other methods configured. Please change default method before deletion.';

/** The navigation properties of `authentication` whose methods can be deleted, and their type. */
const DELETABLE: Readonly<Record<string, string>> = {
  microsoftAuthenticatorMethods: 'microsoftAuthenticator',
  phoneMethods: 'phone',
  fido2Methods: 'fido2',
  emailMethods: 'email',
  softwareOathMethods: 'softwareOath',
  windowsHelloForBusinessMethods: 'windowsHelloForBusiness',
  temporaryAccessPassMethods: 'temporaryAccessPass',
  platformCredentialMethods: 'platformCredential',
};

function methodNotFound(id: string): GraphError {
  return new GraphError(404, 'itemNotFound', `The authentication method '${id}' was not found.`);
}

/**
 * `DELETE /users/{id}/authentication/{type}Methods/{id}`: app-only callers need an
 * Authentication Administrator covering the user (a Privileged Authentication Administrator or
 * Global Administrator for an administrator); the default method is refused (400 `badRequest`)
 * while other methods besides the password remain.
 */
function deleteMethod(type: string) {
  return (context: RouteContext): GraphResult => {
    const user = pathUser(context);
    requireCoverage(context, user, 'authentication-methods');
    const id = context.params['id'] ?? '';
    const methods = context.footholds.methodsOf(user);
    const method = methods.find((m) => m.id === id && m.type === type);
    if (!method) throw methodNotFound(id);
    const others = methods.filter((m) => m.type !== 'password' && m.id !== method.id);
    if (method.isDefault && others.length > 0) {
      throw new GraphError(400, 'badRequest', DEFAULT_METHOD_REFUSAL);
    }
    context.footholds.deleteMethod(user, method.id);
    return { status: 204 };
  };
}

/**
 * `GET /users/{id}/authentication/passwordMethods/{id}`. Graph has no DELETE for the password
 * method: this route makes one a 405, as for any path without that method.
 */
function getPasswordMethod(context: RouteContext): GraphResult {
  const user = pathUser(context);
  const id = context.params['id'] ?? '';
  if (id !== PASSWORD_METHOD_ID) throw methodNotFound(id);
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#users('${encodeURIComponent(user.id)}')/authentication/passwordMethods/$entity`,
      ...methodAsGraph({ id, type: 'password' }),
    },
  };
}

/** A user's authentication methods: listed, the password's read, the others deleted. */
export const AUTH_METHOD_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/users/:user/authentication/methods',
    permissions: READ_AUTH_METHODS,
    handle: listMethods,
  },
  {
    method: 'GET',
    pattern: '/users/:user/authentication/passwordMethods/:id',
    permissions: READ_AUTH_METHODS,
    handle: getPasswordMethod,
  },
  ...Object.entries(DELETABLE).map(([collection, type]): Route => ({
    method: 'DELETE',
    pattern: `/users/:user/authentication/${collection}/:id`,
    permissions: WRITE_AUTH_METHODS,
    handle: deleteMethod(type),
  })),
];
