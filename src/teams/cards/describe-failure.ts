import type { DirectoryFailure } from '../../lockdown/request';

/** A directory failure's HTTP status in words: the number, or "no response" for 0. */
export function failureStatus(failure: DirectoryFailure): string {
  return failure.status === 0 ? 'no response' : String(failure.status);
}

/**
 * A directory failure in one line, with what a responder needs to follow it up:
 * "Authorization_RequestDenied (403): Insufficient privileges… · request-id 1234".
 */
export function describeFailure(failure: DirectoryFailure): string {
  const requestId = failure.requestId === undefined ? '' : ` · request-id ${failure.requestId}`;
  return `${failure.code} (${failureStatus(failure)}): ${failure.message}${requestId}`;
}
