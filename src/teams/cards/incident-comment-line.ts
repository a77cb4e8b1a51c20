/**
 * Whether the verdict of an alert's group reached its incident (Microsoft Defender XDR) as a
 * comment, for the group's final card: a quiet line when it did, a warning with the directory's
 * answer when it did not (the lockdown itself is not affected).
 */
import type { GroupView } from '../../lockdown/group';
import { callout, textBlock, type CardElement } from './adaptive-card';
import { INCIDENT_ID_BYTES } from './alert-header';
import { describeFailure } from './describe-failure';
import { formatUtc } from './format-time';
import { plain } from './text-budget';

/** What a responder does when the comment could not be added. */
export const ADD_COMMENT_BY_HAND =
  'Add the verdict to the incident by hand in Microsoft Defender XDR.';

/** The incident comment's line, or nothing when none was due (or it is not known yet). */
export function incidentCommentLines(
  view: Pick<GroupView, 'leader' | 'incidentComment'>,
): CardElement[] {
  const comment = view.incidentComment;
  const incidentId = view.leader.alert?.incidentId;
  if (comment === undefined || incidentId === undefined) return [];
  const incident = `incident ${plain(incidentId, INCIDENT_ID_BYTES)}`;
  if (comment.status === 'done') {
    return [
      textBlock(`💬 Verdict added to ${incident} as a comment at ${formatUtc(comment.at)}`, {
        isSubtle: true,
        size: 'small',
        spacing: 'small',
      }),
    ];
  }
  const why = comment.failure ? `: ${describeFailure(comment.failure)}` : '';
  return [
    callout(`⚠️ Could not add the verdict to ${incident}${why}. ${ADD_COMMENT_BY_HAND}`, 'warning'),
  ];
}
