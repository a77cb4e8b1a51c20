/**
 * Why an exchange with Graph got no answer, from what the SDK threw. The SDK turns every error
 * of its middleware into a GraphError whose `code` is the original error's name and whose
 * message is the original message: so a refused token request (thrown by @azure/identity in the
 * auth middleware) arrives as code `AuthenticationRequiredError` (what ClientSecretCredential
 * throws for AADSTS7000215), `AuthenticationError` or `CredentialUnavailableError`, with Entra
 * ID's own words and correlation id in the message.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DirectoryFailure } from '../lockdown/request';
import { TokenRequestTimeoutError } from './credential-timeout';
import { CREDENTIALS_REFUSED, NETWORK_ERROR, TIMEOUT } from './graph-failure';
import { RequestTimeoutError } from './request-timeout';

/** What @azure/identity (and the SDK's token provider) throw when no token is given. */
const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'AggregateAuthenticationError',
  'CredentialUnavailableError',
  // The SDK's TokenCredentialAuthenticationProvider, when the credential answers no token.
  'Access token is undefined',
]);

/** How MSAL and Node say the sign-in authority could not be reached at all. */
const AUTHORITY_UNREACHABLE =
  /endpoints_resolution_error|network_error|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|fetch failed/i;

const CORRELATION_ID =
  /Correlation ID:\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

/**
 * The failure of an exchange that threw: refused credentials (not retried; Entra ID's words go
 * to the log only, under a correlation id the card shows), a timeout, or a network error.
 */
export function exchangeFailure(error: unknown, logger: Logger, path: string): DirectoryFailure {
  if (error instanceof RequestTimeoutError) {
    return { status: 0, code: TIMEOUT, message: error.message };
  }
  const kind = kindOf(error);
  if (kind === TokenRequestTimeoutError.name || error instanceof TokenRequestTimeoutError) {
    return { status: 0, code: TIMEOUT, message: messageOf(error) };
  }
  // An authority that cannot be reached is the network's fault, not the credentials': retried.
  if (CREDENTIAL_ERRORS.has(kind) && !AUTHORITY_UNREACHABLE.test(messageOf(error))) {
    return credentialsRefused(error, logger, path);
  }
  return {
    status: 0,
    code: NETWORK_ERROR,
    message: `Graph could not be reached: ${messageOf(error)}`,
  };
}

function credentialsRefused(error: unknown, logger: Logger, path: string): DirectoryFailure {
  const correlationId = correlationIdOf(error) ?? randomUUID();
  logger.warn(
    { err: error, correlationId, path },
    "Graph token request refused: the app's credentials were not accepted",
  );
  return {
    status: 0,
    code: CREDENTIALS_REFUSED,
    message: `the app's Graph credentials were refused (details in the log, correlation id ${correlationId})`,
  };
}

/** Entra ID's correlation id: on @azure/identity's error itself, or in its message. */
function correlationIdOf(error: unknown): string | undefined {
  const response = (error as { errorResponse?: { correlationId?: unknown } } | null)?.errorResponse;
  if (typeof response?.correlationId === 'string' && response.correlationId !== '') {
    return response.correlationId;
  }
  const message = error instanceof Error ? error.message : String(error);
  return CORRELATION_ID.exec(message)?.[1];
}

/** The original error's name: a GraphError keeps it as `code`. */
function kindOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : '';
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // A one-line summary: the first line, not too long (the log has the rest).
  const line = (message.split('\n')[0] ?? '').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line || 'no details';
}
