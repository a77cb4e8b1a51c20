import type { OperationResult } from '../directory';
import type { AuthMethod, AuthMethodType } from '../foothold';
import type { StepId } from '../request';
import { itemOutcomes, itemsResult, listingFailed } from './item-results';
import type { Stage, StepContext, StepResult } from './step';

/** Method types in a responder's words. */
export const METHOD_NAMES: Readonly<Record<AuthMethodType, string>> = {
  password: 'Password',
  microsoftAuthenticator: 'Microsoft Authenticator',
  phone: 'Phone',
  fido2: 'Security key (FIDO2)',
  email: 'Email',
  softwareOath: 'Authenticator app (OATH)',
  windowsHelloForBusiness: 'Windows Hello for Business',
  temporaryAccessPass: 'Temporary Access Pass',
  platformCredential: 'Platform credential',
  other: 'Other method',
};

/**
 * `--remove-mfa`: deletes every sign-in method except the password, as listed now (an attacker's
 * Authenticator registered after the card was shown goes too). The default method, which Graph
 * refuses to delete while others remain, is sent again once they are gone; a method still
 * refused is reported, and the others still go.
 */
export const removeMethods: Stage = {
  steps: ['remove-methods'],
  async run(context) {
    let result: StepResult;
    try {
      const methods = (await context.directory.listAuthMethods(context.target.id)).filter(
        (method) => method.type !== 'password',
      );
      const results = await deleteWithDefaultLast(context, methods);
      result = itemsResult(itemOutcomes('remove-methods', methods.map(itemOf), results), results, {
        what: 'sign-in methods',
        done: 'removed; the person registers again (e.g. with a Temporary Access Pass)',
        none: 'No sign-in methods besides the password',
      });
    } catch (error) {
      result = listingFailed('remove-methods', error);
    }
    return new Map<StepId, StepResult>([['remove-methods', result]]);
  },
};

/**
 * Deletes the methods; Graph refuses the default one while others remain (400), so the methods
 * refused that way are sent once more after the others are gone. One round trip more, only then.
 */
async function deleteWithDefaultLast(
  context: StepContext,
  methods: readonly AuthMethod[],
): Promise<OperationResult[]> {
  const results = [...(await context.directory.deleteAuthMethods(context.target.id, methods))];
  const refused = methods.filter((_, index) => {
    const result = results[index];
    return result !== undefined && !result.ok && result.failure.status === 400;
  });
  if (refused.length === 0 || refused.length === methods.length) return results;
  const again = await context.directory.deleteAuthMethods(context.target.id, refused);
  refused.forEach((method, index) => {
    const retried = again[index];
    if (retried) results[methods.indexOf(method)] = retried;
  });
  return results;
}

function itemOf(method: AuthMethod): { id: string; label: string } {
  return { id: method.id, label: `${METHOD_NAMES[method.type]}: ${method.display}` };
}
