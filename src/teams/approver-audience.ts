/**
 * When approvers are listed by name (LOCKDOWN_APPROVER_IDS, no groups), the card can show Confirm
 * to them only: Teams refreshes a card for the Bot Framework user ids in `refresh.userIds`, so
 * the listed Entra object ids are looked up in the team's roster.
 */
import { type TurnContext, TeamsInfo } from 'botbuilder';
import type { Logger } from 'pino';

/** Teams refreshes a card for at most 60 people; one place is the requester's. */
export const MAX_AUDIENCE = 59;

/**
 * The Bot Framework ids of the listed approvers who are in this team, or `undefined` when the
 * approvers are not an explicit list (then everyone sees Confirm and clicks are checked).
 */
export async function approverAudience(
  context: TurnContext,
  approverIds: readonly string[],
  approverGroupIds: readonly string[],
  logger: Logger,
): Promise<readonly string[] | undefined> {
  if (approverIds.length === 0 || approverGroupIds.length > 0) return undefined;
  if (approverIds.length > MAX_AUDIENCE) {
    logger.warn(
      { approvers: approverIds.length },
      'too many listed approvers for per-person card views; everyone sees Confirm',
    );
    return undefined;
  }
  const members = await Promise.all(
    approverIds.map(async (aadObjectId) => {
      try {
        return (await TeamsInfo.getMember(context, aadObjectId)).id;
      } catch (error) {
        // Not in this team (or the roster is unavailable): they cannot see the card anyway.
        logger.info({ approver: aadObjectId, err: error }, 'approver not found in the team roster');
        return undefined;
      }
    }),
  );
  return members.filter((id): id is string => Boolean(id));
}
