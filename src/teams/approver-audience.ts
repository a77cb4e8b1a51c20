/**
 * Per-person card views: Teams refreshes a card for the Bot Framework user ids in
 * `refresh.userIds`, so the approvers' Entra object ids are looked up in the team's roster.
 *
 * A per-person view is an enhancement, never a gate: the shared card (what everyone outside
 * `refresh.userIds` sees) hides Confirm only when EVERY person allowed to approve was found and
 * gets their own view. A failed or partial look-up leaves Confirm on the shared card; each click
 * is checked by the bot anyway.
 */
import { type TurnContext, TeamsInfo } from 'botbuilder';
import type { Logger } from 'pino';
import { TIMED_OUT, withinDeadline } from '../lockdown/deadline';
import { channelOf } from './activity';

/** Teams refreshes a card for at most 60 people; one place is kept for the requester. */
export const MAX_APPROVER_AUDIENCE = 59;

/** How long a roster answer is reused: people rarely join or leave the security team. */
const ROSTER_CACHE_MS = 10 * 60_000;

/** How long one roster look-up may take; a slower one counts as failed (Confirm stays shared). */
const ROSTER_DEADLINE_MS = 3_000;

/** A roster answer: the person's Teams id, or `null` when Teams said they are not a member. */
type RosterAnswer = string | null;

/** Looks approvers up in the team roster, remembering definite answers for a while. */
export class ApproverAudience {
  private readonly roster = new Map<string, { readonly id: RosterAnswer; readonly at: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The Teams ids of the people allowed to approve, when every one of them (the requester left
   * out) was found in the roster and they fit Teams' limit; `undefined` otherwise, and then the
   * shared card keeps Confirm for everyone.
   *
   * @param approverIds - Lower-case Entra object ids of everyone allowed to approve, or
   *   `undefined` when anyone may.
   * @param requesterId - The requester's object id, who may not approve their own request.
   */
  async of(
    context: TurnContext,
    approverIds: readonly string[] | undefined,
    requesterId: string | undefined,
  ): Promise<readonly string[] | undefined> {
    if (!approverIds) return undefined;
    const others = approverIds.filter((id) => id !== requesterId?.toLowerCase());
    if (others.length === 0 || others.length > MAX_APPROVER_AUDIENCE) return undefined;
    const found = await Promise.all(others.map((id) => this.member(context, id)));
    if (found.some((id) => typeof id !== 'string')) return undefined;
    return found as string[];
  }

  /** The member's Teams id, `null` when not a member, `undefined` when the roster failed. */
  private async member(
    context: TurnContext,
    aadObjectId: string,
  ): Promise<RosterAnswer | undefined> {
    const key = `${channelOf(context) ?? context.activity.conversation.id}/${aadObjectId}`;
    const cached = this.roster.get(key);
    if (cached && this.now() - cached.at < ROSTER_CACHE_MS) return cached.id;
    try {
      const member = await withinDeadline(
        TeamsInfo.getMember(context, aadObjectId),
        ROSTER_DEADLINE_MS,
      );
      if (member === TIMED_OUT) throw new Error(`no answer within ${ROSTER_DEADLINE_MS} ms`);
      const { id } = member;
      this.roster.set(key, { id, at: this.now() });
      return id;
    } catch (error) {
      if (statusOf(error) === 404) {
        this.roster.set(key, { id: null, at: this.now() });
        return null;
      }
      // Not cached: a roster outage must not hide Confirm for the next ten minutes.
      this.logger.warn(
        { approver: aadObjectId, status: statusOf(error), reason: messageOf(error) },
        'team roster look-up failed; the shared card keeps Confirm',
      );
      return undefined;
    }
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
