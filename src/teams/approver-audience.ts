/**
 * When the approvers are known (listed people and the users of listed groups), the card shows
 * Confirm to them only: Teams refreshes a card for the Bot Framework user ids in
 * `refresh.userIds`, so their Entra object ids are looked up in the team's roster.
 */
import { type TurnContext, TeamsInfo } from 'botbuilder';
import type { Logger } from 'pino';

/**
 * The Bot Framework ids of the approvers who are in this team, or `undefined` when the approvers
 * are not known (then everyone sees Confirm and each click is checked).
 */
export async function approverAudience(
  context: TurnContext,
  approverIds: readonly string[] | undefined,
  logger: Logger,
): Promise<readonly string[] | undefined> {
  if (!approverIds) return undefined;
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
