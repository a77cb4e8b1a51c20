/**
 * The steps of a lockdown as a test drives them through Teams: ask in the channel, find the
 * card (once the "Looking up" placeholder has become it), click it, wait for the verdict, and
 * count what reached Graph.
 */
import assert from 'node:assert/strict';
import { graphWrites, type Stack } from './stack';
import { attachedCard, cardText, type TeamsClient, type TeamsUser } from './teams-client';
import { RILEY, type USERS, userId } from './tenant-fixture';

/** A target of the test tenant. */
export type Target = (typeof USERS)[keyof typeof USERS];

/** Posts `text` as `from` and answers the text of the card it finally gets. */
export async function replyTo(
  stack: Stack,
  from: TeamsUser,
  text: string,
  teams: TeamsClient = stack.teams,
): Promise<{
  readonly text: string;
  readonly card: Record<string, unknown>;
  readonly cardActivityId: string;
  readonly conversationId: string;
}> {
  const before = stack.connector.calls.length;
  const { conversationId } = await teams.say(from, text);
  const reply = await stack.connector.waitFor(
    (c) =>
      stack.connector.calls.indexOf(c) >= before &&
      c.method === 'POST' &&
      c.conversationId === conversationId,
  );
  const card = attachedCard((await stack.connector.settled(reply)).activity);
  assert.ok(card, `expected a card, got ${JSON.stringify(reply.activity)}`);
  return { text: cardText(card), card, cardActivityId: reply.assignedId, conversationId };
}

/** Posts `/lockdown <target>` as Riley; returns the confirmation card and its coordinates. */
export async function ask(stack: Stack, target: Target, teams: TeamsClient = stack.teams) {
  const { card, cardActivityId, conversationId } = await replyTo(
    stack,
    RILEY,
    `/lockdown ${target.upn}`,
    teams,
  );
  const requestId = (card.actions as { data: { requestId: string } }[])[0]!.data.requestId;
  return { conversationId, cardActivityId, requestId, card };
}

/** A pending request's card. */
export type Pending = Awaited<ReturnType<typeof ask>>;

/** Clicks a button of the card as `who`. */
export function click(
  teams: TeamsClient,
  who: TeamsUser,
  pending: Pending,
  verb = 'lockdown.confirm',
) {
  return teams.click(who, pending.conversationId, pending.cardActivityId, verb, {
    requestId: pending.requestId,
  });
}

/** The verbs of a card's buttons. */
export function verbsOf(card: unknown): string[] {
  return ((card as { actions?: { verb: string }[] }).actions ?? []).map((a) => a.verb);
}

/** Waits for the verdict line about `upn` in the thread. */
export function verdict(stack: Stack, conversationId: string, upn: string, timeoutMs = 30_000) {
  return stack.connector.waitFor(
    (c) =>
      c.method === 'POST' &&
      c.conversationId === conversationId &&
      typeof c.activity.text === 'string' &&
      c.activity.text.includes(upn),
    timeoutMs,
  );
}

/** The text of the card's last edit. */
export function lastCard(stack: Stack, cardActivityId: string): string {
  const edits = stack.connector.calls.filter(
    (c) => c.method === 'PUT' && c.activityId === cardActivityId,
  );
  return cardText(attachedCard(edits.at(-1)!.activity));
}

/** Graph writes that reached the target or its devices, by kind (accountEnabled, revoke, ...). */
export function writeCounts(stack: Stack, target: Target): Record<string, number> {
  const id = userId(target);
  const devices = new Set(stack.simulator.tenant.devicesOf(id).map((d) => `/devices/${d.id}`));
  const counts: Record<string, number> = {};
  for (const write of graphWrites(stack.simulator)) {
    let kind: string | undefined;
    if (devices.has(write.path)) kind = 'device';
    else if (write.path === `/users/${id}/revokeSignInSessions`) kind = 'revoke';
    else if (write.path === `/users/${id}`) kind = Object.keys(write.body as object).join(',');
    if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
