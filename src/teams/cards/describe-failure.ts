import type { DirectoryFailure } from '../../lockdown/request';
import { CODE_BYTES, MESSAGE_BYTES, plain } from './text-budget';

/** A directory failure's HTTP status in words: the number, or "no response" for 0. */
export function failureStatus(failure: DirectoryFailure): string {
  return failure.status === 0 ? 'no response' : String(failure.status);
}

/**
 * A directory failure in one line, with what a responder needs to follow it up:
 * "Authorization_RequestDenied (403): Insufficient privileges… · request-id 1234".
 * The message has its own budget, so a long one never pushes the request id off the card.
 */
export function describeFailure(failure: DirectoryFailure): string {
  const requestId =
    failure.requestId === undefined ? '' : ` · request-id ${plain(failure.requestId, CODE_BYTES)}`;
  const message = plain(failure.message, MESSAGE_BYTES);
  return `${plain(failure.code, CODE_BYTES)} (${failureStatus(failure)}): ${message}${requestId}`;
}
