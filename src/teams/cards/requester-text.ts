/**
 * Who asked for a request and when, as the cards say it: a person's name, or for a request
 * opened from an alert the calling application's name, said to be one.
 */
import type { LockdownRequest } from '../../lockdown/request';
import { formatUtc } from './format-time';
import { NAME_BYTES, plain } from './text-budget';

/** Said after the requester's name when the request came from an alert. */
export const ALERT_REQUESTER_NOTE = '(the application that sent the alert)';

/**
 * "Ann Responder at 2026-11-28 14:05 UTC", or for a request opened from an alert
 * "Sentinel playbook (the application that sent the alert) at 2026-11-28 14:05 UTC".
 */
export function requesterText(
  request: Pick<LockdownRequest, 'requestedBy' | 'requestedAt' | 'alert'>,
  nameBytes: number = NAME_BYTES,
): string {
  const name = plain(request.requestedBy.name, nameBytes);
  const app = request.alert ? ` ${ALERT_REQUESTER_NOTE}` : '';
  return `${name}${app} at ${formatUtc(request.requestedAt)}`;
}
