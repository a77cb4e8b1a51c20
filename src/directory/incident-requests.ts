/**
 * The request that writes to a Microsoft Defender XDR incident's timeline, as a plain request
 * description (pure): a comment, `POST /security/incidents/{incidentId}/comments`
 * (SecurityIncident.ReadWrite.All). The body is the one Graph v1.0 documents ("Create comment
 * for incident"): `@odata.type` naming `microsoft.graph.security.alertComment`, and `comment`.
 * Graph answers 200 with every comment of the incident.
 */
import type { GraphRequest } from './graph-requests';

/** Where Defender XDR's incidents live. */
const INCIDENTS = '/security/incidents';

/** The type of an incident's comments (`comments` is a `Collection(alertComment)`). */
export const ALERT_COMMENT_TYPE = 'microsoft.graph.security.alertComment';

/**
 * Appends `comment` to the incident's comments. The id is percent-encoded, so it stays one path
 * segment whatever it holds (incident-comments.ts refuses ids Defender never gives first).
 */
export function commentOnIncident(incidentId: string, comment: string): GraphRequest {
  return {
    method: 'POST',
    url: `${INCIDENTS}/${encodeURIComponent(incidentId)}/comments`,
    body: { '@odata.type': ALERT_COMMENT_TYPE, comment },
  };
}
