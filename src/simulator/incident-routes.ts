/**
 * Microsoft Defender XDR incidents' comments: `POST /security/incidents/{incidentId}/comments`
 * (SecurityIncident.ReadWrite.All), as Graph v1.0 documents it ("Create comment for incident"):
 * the body is one `microsoft.graph.security.alertComment` (`@odata.type` optional, `comment`
 * required); the answer is 200 with every comment of the incident, the new one last. The
 * incidents are the seed's `incidents`; another id answers 404.
 */
import { GraphError } from './graph-error';
import { type GraphResult, objectBody } from './graph-request';
import type { Route, RouteContext } from './graph-router';
import { WRITE_INCIDENT_COMMENTS } from './permissions';

/** The type of an incident's comments. */
const ALERT_COMMENT = 'microsoft.graph.security.alertComment';

/**
 * Who wrote a comment when the app is not one of the seed's. Unverified: how Defender names an
 * app-only author is not documented; the app's name is a plausible guess.
 */
const UNKNOWN_APP = 'Unknown application';

/** A 400 as Graph's security API answers a body it cannot read. */
function invalidBody(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

/**
 * The comment text of a body shaped like an `alertComment`. Unverified: Graph's messages for a
 * bad body are not documented; these say what is wrong.
 */
function commentOf(body: unknown): string {
  const { '@odata.type': type, comment, ...others } = objectBody(body);
  if (type !== undefined && String(type).replace(/^#/, '') !== ALERT_COMMENT) {
    throw invalidBody(`The @odata.type of a comment must be ${ALERT_COMMENT}.`);
  }
  const [other] = Object.keys(others);
  if (other !== undefined) {
    throw invalidBody(`The property '${other}' does not exist on type '${ALERT_COMMENT}'.`);
  }
  if (typeof comment !== 'string' || comment.trim() === '') {
    throw invalidBody("The request body must contain 'comment', a non-empty string.");
  }
  return comment;
}

/** Appends the comment; answers every comment of the incident. */
function addComment(context: RouteContext): GraphResult {
  const id = context.params['id'] ?? '';
  const incidents = context.footholds.incidents;
  if (incidents.commentsOf(id) === undefined) {
    // Unverified: the exact code and message of Graph's 404 for an unknown incident.
    throw new GraphError(404, 'NotFound', `The incident '${id}' was not found.`);
  }
  const comments = incidents.add(id, {
    comment: commentOf(context.call.body),
    createdByDisplayName: context.caller.appDisplayName ?? UNKNOWN_APP,
    createdDateTime: context.now.toISOString(),
  });
  return {
    status: 200,
    body: {
      '@odata.context': `${context.origin}/v1.0/$metadata#security/incidents('${id}')/comments`,
      value: comments,
    },
  };
}

/** Defender XDR incidents' comments. */
export const INCIDENT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/security/incidents/:id/comments',
    permissions: WRITE_INCIDENT_COMMENTS,
    handle: addComment,
  },
];
