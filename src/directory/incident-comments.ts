/**
 * A comment on a Microsoft Defender XDR incident, so the incident's own timeline shows what the
 * bot did: one POST, sent like the other writes (parallel-writes.ts: in the `$batch` of the
 * writes of the moment, with their retries, timeouts and one retry budget), one result that
 * never throws for a refusal.
 *
 * An id Defender XDR never gives (its ids are digits, as are Sentinel's `providerIncidentId`s)
 * is refused without a request: nothing from outside reaches the path unchecked. A 403 names the
 * permission the app needs, as a refused step does. Graph takes no idempotency key here: a POST
 * sent again after its answer was lost may leave the comment twice.
 */
import type { OperationResult } from '../lockdown/directory';
import type { DirectoryFailure } from '../lockdown/request';
import { commentOnIncident } from './incident-requests';
import type { WriteCoalescer } from './parallel-writes';

/** The application permission `POST /security/incidents/{id}/comments` needs (and no other). */
export const INCIDENT_COMMENT_PERMISSION = 'SecurityIncident.ReadWrite.All';

/** The incident ids the bot sends: Defender XDR's (digits), with room for other providers'. */
const INCIDENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether `incidentId` may be sent as an incident's path segment. */
export function isIncidentId(incidentId: string): boolean {
  return INCIDENT_ID.test(incidentId);
}

/** A refusal of the adapter's own: nothing was sent. */
function notSent(code: string, message: string): OperationResult {
  const failure: DirectoryFailure = { status: 0, code, message };
  return { ok: false, failure };
}

/** The refusal of an id that is not an incident's (the id itself is not echoed). */
export const INVALID_INCIDENT_ID = notSent(
  'InvalidIncidentId',
  'Not sent: the incident id must be 1 to 100 letters, digits, "_" or "-" (Defender XDR ids are digits).',
);

/** The refusal of an empty comment. */
export const EMPTY_INCIDENT_COMMENT = notSent(
  'EmptyIncidentComment',
  'Not sent: the comment for the incident is empty.',
);

/** Graph's refusal, a 403 saying which permission the app lacks. */
function withPermissionNamed(result: OperationResult): OperationResult {
  if (result.ok || result.failure.status !== 403) return result;
  const { failure } = result;
  return {
    ok: false,
    failure: {
      ...failure,
      message: `${failure.message} (the app needs ${INCIDENT_COMMENT_PERMISSION})`,
    },
  };
}

/** See the module comment. */
export async function postIncidentComment(
  writer: WriteCoalescer,
  incidentId: string,
  comment: string,
): Promise<OperationResult> {
  if (!isIncidentId(incidentId)) return INVALID_INCIDENT_ID;
  if (comment.trim() === '') return EMPTY_INCIDENT_COMMENT;
  const [result] = await writer.send([commentOnIncident(incidentId, comment)]);
  return withPermissionNamed(result as OperationResult);
}
