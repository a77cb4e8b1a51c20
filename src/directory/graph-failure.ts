/**
 * Graph's error answers, and the lack of a usable answer, as the domain's
 * {@link DirectoryFailure}s.
 */
import type { DirectoryFailure } from '../lockdown/request';
import { isRetryableStatus } from './retry-policy';

/** No answer came back: reset, refused, TLS, DNS, a body that could not be read. */
export const NETWORK_ERROR = 'NetworkError';
/** No answer came back in time (from Graph, or from the token endpoint). */
export const TIMEOUT = 'Timeout';
/** An answer came back, but not one the bot can rely on (not JSON, wrong shape, missing). */
export const UNEXPECTED_RESPONSE = 'UnexpectedResponse';
/** The token request was refused: no request reached Graph. */
export const CREDENTIALS_REFUSED = 'CredentialsRefused';

/** Graph's error body: `{ "error": { "code", "message", "innerError": { "request-id" } } }`. */
interface GraphErrorBody {
  readonly error?: {
    readonly code?: unknown;
    readonly message?: unknown;
    readonly innerError?: Readonly<Record<string, unknown>>;
  };
}

/** The failure Graph answered, with its code, message and request id when it sent them. */
export function graphFailure(
  status: number,
  body: unknown,
  requestId: string | undefined,
): DirectoryFailure {
  // An error body is data too: only strings are taken from it.
  const error = (body as GraphErrorBody | undefined | null)?.error;
  const code = textOf(error?.code);
  const message = textOf(error?.message);
  const id = requestId ?? textOf(error?.innerError?.['request-id']);
  return {
    status,
    code: code ?? `HTTP${status}`,
    message: message ?? `Graph answered ${status}.`,
    ...(id ? { requestId: id } : {}),
  };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An answer the bot cannot use: status 0 (the outcome is unknown), retried like no answer. */
export function unexpectedFailure(message: string, requestId?: string): DirectoryFailure {
  return {
    status: 0,
    code: UNEXPECTED_RESPONSE,
    message,
    ...(requestId ? { requestId } : {}),
  };
}

/** True when no answer came back at all (network error or timeout). */
export function isNetworkFailure(failure: DirectoryFailure): boolean {
  return failure.status === 0 && (failure.code === NETWORK_ERROR || failure.code === TIMEOUT);
}

/**
 * True when sending the request again may help: throttled, a gateway error, no answer, or an
 * answer that could not be used. Every request of this directory may be sent twice.
 */
export function isRetryableFailure(failure: DirectoryFailure): boolean {
  return (
    isRetryableStatus(failure.status) ||
    isNetworkFailure(failure) ||
    (failure.status === 0 && failure.code === UNEXPECTED_RESPONSE)
  );
}

/** `failure` with the count of re-sends after network errors, when there were any. */
export function withNetworkRetries(
  failure: DirectoryFailure,
  networkRetries: number,
): DirectoryFailure {
  return networkRetries > 0 ? { ...failure, networkRetries } : failure;
}

/** True for a 2xx status: the only answer that means "done". */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
