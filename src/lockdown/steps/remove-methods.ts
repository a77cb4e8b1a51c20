import type { AuthMethod, AuthMethodType } from '../foothold';
import type { StepId } from '../request';
import { itemOutcomes, itemsResult, listingFailed } from './item-results';
import type { Stage, StepResult } from './step';

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
 * Authenticator registered after the card was shown goes too). A method Graph refuses to delete
 * (the default one, say) is reported; the others still go.
 */
export const removeMethods: Stage = {
  steps: ['remove-methods'],
  async run(context) {
    let result: StepResult;
    try {
      const methods = (await context.directory.listAuthMethods(context.target.id)).filter(
        (method) => method.type !== 'password',
      );
      const results = await context.directory.deleteAuthMethods(context.target.id, methods);
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

function itemOf(method: AuthMethod): { id: string; label: string } {
  return { id: method.id, label: `${METHOD_NAMES[method.type]}: ${method.display}` };
}
