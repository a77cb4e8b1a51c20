/**
 * Activities at the edge, end to end: the bot process refuses activities of the wrong shape
 * before any work (a generic 400, no reply, no Graph request), trusts a channel only when the
 * conversation and the channel data agree on it, and compares Entra object ids in one letter
 * case, so an id in upper case is still the same person.
 */
import assert from 'node:assert/strict';
import { confirmationCard } from './http-probe';
import { CHANNEL, graphWrites, startStack, type Stack } from './stack';
import { attachedCard, cardText, type TeamsUser } from './teams-client';
import { ALEX, RILEY, TENANT_ID, USERS, userId } from './tenant-fixture';

const BAD_REQUEST = JSON.stringify({ error: 'Bad request' });
const OTHER_CHANNEL = '19:general@thread.tacv2';

type Activity = Record<string, unknown>;
const field =
  (path: string, value: unknown) =>
  (activity: Activity): void => {
    const keys = path.split('.');
    let node = activity;
    for (const key of keys.slice(0, -1)) node = node[key] as Activity;
    const last = keys.at(-1)!;
    if (value === undefined) Reflect.deleteProperty(node, last);
    else node[last] = value;
  };

/** Activities of the wrong shape, each a `/lockdown` message edited one way. */
const WRONG_SHAPES: readonly [string, (activity: Activity) => void][] = [
  ['from.aadObjectId as a number', field('from.aadObjectId', 42)],
  ['from.aadObjectId that is not a GUID', field('from.aadObjectId', 'riley')],
  ['from.aadObjectId as an object', field('from.aadObjectId', { $ne: '' })],
  ['serviceUrl as an object', field('serviceUrl', { href: 'http://127.0.0.1/' })],
  ['serviceUrl that is not an http URL', field('serviceUrl', 'file:///etc/passwd')],
  ['no serviceUrl', field('serviceUrl', undefined)],
  ['conversation as a string', field('conversation', 'general')],
  ['conversation.id as a number', field('conversation.id', 19)],
  ['no conversation', field('conversation', undefined)],
  ['from as a string', field('from', 'riley')],
  ['from.id as an array', field('from.id', ['29:riley'])],
  ['no recipient', field('recipient', undefined)],
  ['type as a number', field('type', 1)],
  ['an empty type', field('type', '')],
  ['id as a number', field('id', 1)],
  ['text as an object', field('text', { toString: 'x' })],
  ['entities as a string', field('entities', 'mention')],
  ['a mention without a type', field('entities', [{ mentioned: { id: 'x' } }])],
  ['channelData.channel.id as a number', field('channelData.channel.id', 5)],
  ['channelData.tenant as a string', field('channelData.tenant', TENANT_ID)],
  ['conversation.tenantId as an array', field('conversation.tenantId', [TENANT_ID])],
  ['channelId directline', field('channelId', 'directline')],
  ['channelId emulator', field('channelId', 'emulator')],
  ['no channelId', field('channelId', undefined)],
];

describe('activities at the edge: shape, channel and id case (bot process over HTTP)', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => stack?.stop());

  /** Riley asks for `target`; returns the confirmation card (posted, or edited in later). */
  async function ask(target: string, from: TeamsUser = RILEY) {
    const calls = stack.connector.calls.length;
    const { status, conversationId } = await stack.teams.say(from, `/lockdown ${target}`);
    assert.equal(status, 200);
    return { conversationId, ...(await confirmationCard(stack.connector, conversationId, calls)) };
  }

  const upper = (who: TeamsUser): TeamsUser => ({
    ...who,
    aadObjectId: who.aadObjectId.toUpperCase(),
  });

  /** Lets work a turn may have left running in the background show (detached look-ups). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  describe('the wrong shape: a generic 400, no reply, no Graph request', () => {
    const start = { calls: 0, graph: 0 };
    before(() => {
      start.calls = stack.connector.calls.length;
      start.graph = stack.simulator.requests.length;
    });

    for (const [name, mutate] of WRONG_SHAPES) {
      it(name, async () => {
        const calls = stack.connector.calls.length;
        const graph = stack.simulator.requests.length;
        const { status, body } = await stack.teams.say(
          RILEY,
          `/lockdown ${USERS.windowsOnly.upn}`,
          {
            mutate,
          },
        );
        assert.deepEqual({ status, body }, { status: 400, body: BAD_REQUEST });
        assert.equal(stack.connector.calls.length, calls, 'no reply');
        assert.equal(stack.simulator.requests.length, graph, 'no Graph request');
      });
    }

    it('a card click with from.aadObjectId as a number', async () => {
      const answer = await stack.teams.click(
        ALEX,
        `${CHANNEL.channelId};messageid=1`,
        'card',
        'lockdown.confirm',
        {
          requestId: '00000000-0000-4000-8000-000000000000',
        },
        { mutate: field('from.aadObjectId', 7) },
      );
      assert.equal(answer.status, 400);
    });

    it('and nothing happened later either', async () => {
      await settle();
      assert.equal(stack.connector.calls.length, start.calls, 'no reply');
      assert.equal(stack.simulator.requests.length, start.graph, 'no Graph request');
    });
  });

  describe('the channel comes from the conversation and the channel data together', () => {
    it('a command whose conversation is another channel than its channel data: refused politely, no look-up', async () => {
      const calls = stack.connector.calls.length;
      const graph = stack.simulator.requests.length;
      const { status } = await stack.teams.say(RILEY, `/lockdown ${USERS.windowsOnly.upn}`, {
        mutate: field('conversation.id', `${OTHER_CHANNEL};messageid=42`),
      });
      assert.equal(status, 200);
      const reply = stack.connector.calls.slice(calls).find((c) => c.method === 'POST');
      assert.match(
        cardText(attachedCard(reply?.activity ?? {})),
        /accepted only in the security channel/,
      );
      await settle();
      assert.equal(stack.simulator.requests.length, graph, 'not even a look-up');
    });

    it('a Confirm click from another channel that claims the security channel: refused', async () => {
      const { conversationId, cardActivityId, requestId } = await ask(USERS.keepEnabled.upn);
      const writes = graphWrites(stack.simulator).length;
      const answer = await stack.teams.click(
        ALEX,
        conversationId,
        cardActivityId,
        'lockdown.confirm',
        { requestId },
        { mutate: field('conversation.id', `${OTHER_CHANNEL};messageid=42`) },
      );
      assert.match(String(answer.body?.value), /only in the security channel/);
      assert.equal(graphWrites(stack.simulator).length, writes, 'no Graph write');
    });
  });

  describe('object ids in any letter case are the same person', () => {
    it('the requester confirming with their id in upper case is refused by the four-eyes rule', async () => {
      const { conversationId, cardActivityId, requestId } = await ask(USERS.selfApproval.upn);
      const answer = await stack.teams.click(
        upper(RILEY),
        conversationId,
        cardActivityId,
        'lockdown.confirm',
        { requestId },
      );
      assert.match(String(answer.body?.value), /four-eyes|someone else must approve/);
      assert.equal(
        graphWrites(stack.simulator).filter((w) => w.path.includes(userId(USERS.selfApproval)))
          .length,
        0,
      );
    });

    it('a request asked in upper case cannot be confirmed by the same person in lower case', async () => {
      const { conversationId, cardActivityId, requestId } = await ask(
        USERS.toCancel.upn,
        upper(RILEY),
      );
      const answer = await stack.teams.click(
        RILEY,
        conversationId,
        cardActivityId,
        'lockdown.confirm',
        { requestId },
      );
      assert.match(String(answer.body?.value), /four-eyes|someone else must approve/);
    });

    it('a privileged target: one approver in two letter cases is still one approval', async () => {
      const target = userId(USERS.admin);
      const { conversationId, cardActivityId, requestId } = await ask(USERS.admin.upn);
      const click = (who: TeamsUser) =>
        stack.teams.click(who, conversationId, cardActivityId, 'lockdown.confirm', { requestId });
      assert.match(cardText((await click(ALEX)).body?.value), /1 of 2/);
      assert.match(String((await click(upper(ALEX))).body?.value), /already approved/);
      assert.equal(
        graphWrites(stack.simulator).filter((w) => w.path.includes(target)).length,
        0,
        'nothing runs on one approval',
      );
    });

    it('a tenant id in upper case is still this tenant', async () => {
      const calls = stack.connector.calls.length;
      const { conversationId } = await stack.teams.say(RILEY, `/lockdown ${USERS.synced.upn}`, {
        mutate: (a) => {
          field('conversation.tenantId', TENANT_ID.toUpperCase())(a);
          field('channelData.tenant.id', TENANT_ID.toUpperCase())(a);
        },
      });
      const { card } = await confirmationCard(stack.connector, conversationId, calls);
      assert.match(cardText(card), /Sid Synced/);
    });
  });
});
