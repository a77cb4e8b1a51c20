/**
 * When the approvers are known (listed people and the users of listed groups), the card shows
 * Confirm to them only: Teams refreshes a card for the Bot Framework user ids in
 * `refresh.userIds`, so their Entra object ids are looked up in the team's roster.
 */
import { type TurnContext, TeamsInfo } from 'botbuilder';
import type { Logger } from 'pino';
import { channelOf } from './activity';

/** How long a roster answer is reused: people rarely join or leave the security team. */
const ROSTER_CACHE_MS = 10 * 60_000;

/** Looks approvers up in the team roster, remembering the answers for a while. */
export class ApproverAudience {
  private readonly roster = new Map<string, { readonly id?: string; readonly at: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The Bot Framework ids of the approvers who are in this team, or `undefined` when the
   * approvers are not known (then everyone sees Confirm and each click is checked).
   */
  async of(
    context: TurnContext,
    approverIds: readonly string[] | undefined,
  ): Promise<readonly string[] | undefined> {
    if (!approverIds) return undefined;
    const ids = await Promise.all(approverIds.map((id) => this.member(context, id)));
    return ids.filter((id): id is string => id !== undefined);
  }

  private async member(context: TurnContext, aadObjectId: string): Promise<string | undefined> {
    const key = `${channelOf(context) ?? context.activity.conversation.id}/${aadObjectId}`;
    const cached = this.roster.get(key);
    if (cached && this.now() - cached.at < ROSTER_CACHE_MS) return cached.id;
    let id: string | undefined;
    try {
      id = (await TeamsInfo.getMember(context, aadObjectId)).id;
    } catch (error) {
      // Not in this team (or the roster is unavailable): they cannot see the card anyway.
      this.logger.info(
        { approver: aadObjectId, err: error },
        'approver not found in the team roster',
      );
    }
    this.roster.set(key, { id, at: this.now() });
    return id;
  }
}
