/**
 * A deadline on every token request of a credential. MSAL may retry or wait on an unreachable
 * authority for a long time, and the Graph SDK waits for the token before each request.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { checkTimeout, secondsOf, withDeadline } from './request-timeout';

/**
 * Thrown by a {@link withTimeout} credential when the token request did not finish in time. The
 * directory counts it as a network error (retried), unlike a refused credential.
 */
export class TokenRequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The token request did not finish within ${secondsOf(timeoutMs)} s.`);
    this.name = 'TokenRequestTimeoutError';
  }
}

/**
 * `credential` with a timeout on each `getToken`: it passes an abort signal (which also follows
 * the caller's own `abortSignal`) and, for a credential that ignores the signal, stops waiting
 * at the deadline all the same, with a {@link TokenRequestTimeoutError}.
 *
 * @throws Error when `timeoutMs` is not a number of ms above 0.
 */
export function withTimeout(credential: TokenCredential, timeoutMs: number): TokenCredential {
  checkTimeout(timeoutMs, 'The token request timeout');
  return {
    getToken: (
      scopes: string | string[],
      options: GetTokenOptions = {},
    ): Promise<AccessToken | null> =>
      withDeadline(
        timeoutMs,
        () => new TokenRequestTimeoutError(timeoutMs),
        (abortSignal) => credential.getToken(scopes, { ...options, abortSignal }),
        options.abortSignal,
      ),
  };
}
