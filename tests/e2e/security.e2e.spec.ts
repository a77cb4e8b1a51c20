/**
 * Misuse, end to end: who may talk to the bot, where, who may ask and approve, which targets
 * are off limits, and at least 40 hostile inputs, each answered plainly with no Graph write.
 */
import assert from 'node:assert/strict';
import type { ConnectorCall } from './fake-connector';
import { CHANNEL, graphWrites, startStack, type Stack } from './stack';
import { attachedCard, cardText, type TeamsUser } from './teams-client';
import {
  ALEX,
  BREAK_GLASS,
  CASEY,
  DANA,
  GROUPS,
  MALLORY,
  RILEY,
  TENANT_ID,
  USERS,
  userId,
} from './tenant-fixture';

const OTHER_CHANNEL = '19:general@thread.tacv2';
const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
const NO_SUCH_REQUEST = '00000000-0000-4000-8000-000000000000';

describe('security: access policy and hostile input (bot process over HTTP)', function () {
  this.timeout(60_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({
      LOCKDOWN_REQUESTER_GROUP_IDS: GROUPS.requesters,
      LOCKDOWN_APPROVER_IDS: ALEX.aadObjectId,
      LOCKDOWN_APPROVER_GROUP_IDS: GROUPS.approvers,
      LOCKDOWN_PROTECTED: BREAK_GLASS.upn.toUpperCase(),
    });
  });
  after(async () => stack?.stop());

  /** Sends a message and returns what the bot posted in reply (a card's text), if anything. */
  async function say(
    from: TeamsUser,
    text: string,
    mutate?: (activity: Record<string, unknown>) => void,
  ): Promise<{ status: number; reply?: string; call?: ConnectorCall; conversationId: string }> {
    const before = stack.connector.calls.length;
    const { status, conversationId } = await stack.teams.say(from, text, { mutate });
    // The turn ends after the reply is sent, so any reply is already recorded.
    const reply = stack.connector.calls.slice(before).find((c) => c.method === 'POST');
    // A lookup's answer replaces the "Looking up" placeholder; keep the placeholder's id.
    const settled = reply ? await stack.connector.settled(reply) : undefined;
    const card = settled ? attachedCard(settled.activity) : undefined;
    const call = reply && settled ? { ...settled, assignedId: reply.assignedId } : undefined;
    return { status, conversationId, call, reply: card ? cardText(card) : undefined };
  }

  /** Posts `/lockdown` for `target` as Riley and returns the pending card's coordinates. */
  async function pending(target: string) {
    const { call, conversationId, reply } = await say(RILEY, `/lockdown ${target}`);
    assert.ok(call, 'a confirmation card');
    const card = attachedCard(call.activity)!;
    const requestId = (card.actions as { data: { requestId: string } }[])[0]!.data.requestId;
    assert.ok(requestId, reply);
    return { conversationId, cardActivityId: call.assignedId, requestId, card };
  }

  function assertNoWrites(before: number, what: string): void {
    assert.equal(
      graphWrites(stack.simulator).length,
      before,
      `${what}: no Graph write; saw ${JSON.stringify(graphWrites(stack.simulator).slice(before))}`,
    );
  }

  describe('where the bot listens', () => {
    it('refuses commands in another channel, a group chat and a personal chat, politely', async () => {
      const writes = graphWrites(stack.simulator).length;
      const lookups = stack.simulator.requests.length;
      const elsewhere: readonly [string, (a: Record<string, unknown>) => void][] = [
        ['another channel', (a) => retarget(a, OTHER_CHANNEL)],
        ['a group chat', (a) => toChat(a, 'groupChat')],
        ['a personal chat', (a) => toChat(a, 'personal')],
      ];
      for (const [where, mutate] of elsewhere) {
        const { reply } = await say(RILEY, `/lockdown ${USERS.windowsOnly.upn}`, mutate);
        assert.match(reply ?? '', /accepted only in the security channel/, where);
      }
      assert.equal(stack.simulator.requests.length, lookups, 'not even a look-up');
      assertNoWrites(writes, 'elsewhere');
    });

    it('refuses activities from another tenant without answering in the chat, and logs them', async () => {
      const { call } = await say(RILEY, `/lockdown ${USERS.windowsOnly.upn}`, (a) =>
        setTenant(a, FOREIGN_TENANT),
      );
      assert.equal(call, undefined, 'no reply to a foreign tenant');
      const { requestId, conversationId, cardActivityId } = await pending(USERS.keepEnabled.upn);
      const answer = await stack.teams.click(
        ALEX,
        conversationId,
        cardActivityId,
        'lockdown.confirm',
        { requestId },
        {
          mutate: (a) => setTenant(a, FOREIGN_TENANT),
        },
      );
      assert.equal(answer.status, 403);
      await stack.bot.waitForOutput(
        (line) => /another tenant refused/.test(line) && line.includes(FOREIGN_TENANT),
      );
      assert.equal(
        graphWrites(stack.simulator).filter((w) => w.path.includes(userId(USERS.keepEnabled)))
          .length,
        0,
      );
    });
  });

  describe('who may ask and approve', () => {
    it('refuses a requester outside the requester list and group, before any look-up', async () => {
      const lookups = stack.simulator.requests.filter((r) => r.method === 'GET').length;
      const { reply } = await say(MALLORY, `/lockdown ${USERS.windowsOnly.upn}`);
      assert.match(reply ?? '', /not on the list of people who may ask/);
      assert.equal(stack.simulator.requests.filter((r) => r.method === 'GET').length, lookups);
    });

    it('accepts a requester through the requesters group', async () => {
      const { reply } = await say(CASEY, `/lockdown ${USERS.synced.upn}`);
      assert.match(reply ?? '', /Lock down Sid Synced\?/);
    });

    it('never locks down a protected account, and says why', async () => {
      const writes = graphWrites(stack.simulator).length;
      const { reply } = await say(RILEY, `/lockdown ${BREAK_GLASS.upn}`);
      assert.match(reply ?? '', /protected account \(LOCKDOWN_PROTECTED\)/);
      assertNoWrites(writes, 'protected');
    });

    it('gives the requester a view without Confirm, and an approver one with it', async () => {
      const { requestId, conversationId, cardActivityId, card } = await pending(USERS.toCancel.upn);
      const refresh = card.refresh as { action: { verb: string }; userIds: string[] };
      assert.equal(refresh.action.verb, 'lockdown.refresh');
      // The requester, then the approvers: Alex (listed) and Dana (through the nested leads group).
      assert.deepEqual(refresh.userIds, [
        `29:${RILEY.aadObjectId}`,
        `29:${ALEX.aadObjectId}`,
        `29:${DANA.aadObjectId}`,
      ]);
      assert.deepEqual(
        (card.actions as { verb: string }[]).map((a) => a.verb),
        ['lockdown.cancel'],
        'the shared card has no Confirm',
      );
      const verbs = async (who: TeamsUser) => {
        const view = await stack.teams.click(
          who,
          conversationId,
          cardActivityId,
          'lockdown.refresh',
          { requestId },
        );
        const value = view.body?.value as { actions?: { verb: string }[]; refresh?: unknown };
        assert.equal(
          value.refresh,
          undefined,
          'a personal view never asks to refresh for everyone',
        );
        return { verbs: (value.actions ?? []).map((a) => a.verb), text: cardText(value) };
      };
      assert.deepEqual((await verbs(RILEY)).verbs, ['lockdown.cancel']);
      assert.match((await verbs(RILEY)).text, /someone else must approve/);
      assert.deepEqual((await verbs(ALEX)).verbs, ['lockdown.confirm', 'lockdown.cancel']);
      assert.deepEqual(
        (await verbs(DANA)).verbs,
        ['lockdown.confirm', 'lockdown.cancel'],
        'nested group',
      );
      const mallory = await verbs(MALLORY);
      assert.deepEqual(mallory.verbs, ['lockdown.cancel']);
      assert.match(mallory.text, /not an approver/);
    });

    it('needs two distinct approvers for a privileged target', async () => {
      const target = userId(USERS.admin);
      const { requestId, conversationId, cardActivityId, card } = await pending(USERS.admin.upn);
      assert.match(cardText(card), /needs 2 different approvers/);
      const click = (who: TeamsUser) =>
        stack.teams.click(who, conversationId, cardActivityId, 'lockdown.confirm', { requestId });
      const writesToTarget = () =>
        graphWrites(stack.simulator).filter((w) => w.path.includes(target)).length;

      assert.match(String((await click(MALLORY)).body?.value), /not an approver/);
      assert.match(String((await click(RILEY)).body?.value), /someone else must approve/);
      const first = await click(ALEX);
      assert.match(cardText(first.body?.value), /1 of 2/);
      assert.match(String((await click(ALEX)).body?.value), /already approved this lockdown/);
      assert.equal(writesToTarget(), 0, 'nothing runs on one approval');
      const shared = await stack.connector.waitFor(
        (c) =>
          c.method === 'PUT' &&
          c.activityId === cardActivityId &&
          /1 of 2/.test(cardText(attachedCard(c.activity))),
      );
      assert.ok(shared, 'everyone sees the first approval');

      const second = await click(DANA);
      assert.equal(second.body?.type, 'application/vnd.microsoft.card.adaptive');
      await stack.connector.waitFor(
        (c) =>
          c.method === 'POST' &&
          c.conversationId === conversationId &&
          /gadmin@contoso\.com/.test(String(c.activity.text)),
        30_000,
      );
      assert.ok(writesToTarget() > 0, 'the pipeline ran after the second approval');
    });
  });

  describe('while no security channel is configured', () => {
    let unconfigured: Stack;
    before(async () => {
      unconfigured = await startStack({ LOCKDOWN_CHANNEL_IDS: '' });
    });
    after(async () => unconfigured?.stop());

    it('runs nothing and tells the conversation its channel id and how to set it', async () => {
      const { conversationId } = await unconfigured.teams.say(
        RILEY,
        `/lockdown ${USERS.windowsOnly.upn}`,
      );
      const call = unconfigured.connector.calls.find((c) => c.conversationId === conversationId)!;
      const text = cardText(attachedCard(call.activity));
      assert.match(text, /not enabled in any channel yet/);
      assert.match(text, new RegExp(`LOCKDOWN_CHANNEL_IDS=${CHANNEL.channelId}`));
      assert.equal(unconfigured.simulator.requests.length, 0);
      assert.ok(unconfigured.bot.output.some((line) => /no lockdown runs anywhere yet/.test(line)));
    });
  });

  describe('hostile commands: a plain answer and no Graph write', () => {
    const commands: readonly [string, RegExp][] = [
      ['/lockdown', /Whom should I lock down/],
      ['/lockdown    ', /Whom should I lock down/],
      ['/lockdown jane', /not a valid user principal name/],
      ['/lockdown jane@', /not a valid user principal name/],
      ['/lockdown @contoso.com', /not a valid user principal name/],
      ['/lockdown jane@contoso', /not a valid user principal name/],
      ['/lockdown jane@@contoso.com', /not a valid user principal name/],
      ['/lockdown ../../users@contoso.com', /not a valid user principal name/],
      ['/lockdown jane@contoso.com/../../devices', /not a valid user principal name/],
      ['/lockdown jane@contoso.com?$select=passwordProfile', /not a valid user principal name/],
      ['/lockdown jane@contoso.com#fragment', /not a valid user principal name/],
      ['/lockdown jane%40contoso.com', /not a valid user principal name/],
      ['/lockdown jane%2F..@contoso.com', /not a valid user principal name/],
      ['/lockdown ja..ne@contoso.com', /not a valid user principal name/],
      ['/lockdown .jane@contoso.com', /not a valid user principal name/],
      ['/lockdown jane@contoso..com', /not a valid user principal name/],
      ['/lockdown jane@-contoso.com', /not a valid user principal name/],
      // A trailing comma ends a list of one; two names are two targets, each looked up.
      ['/lockdown jane@contoso.com,', /No user jane@contoso\.com/],
      [
        '/lockdown jane@contoso.com joe@contoso.com',
        /jane@contoso\.com: No such user\. joe@contoso\.com: No such user\./,
      ],
      [
        '/lockdown jane@contoso.com\n/lockdown joe@contoso.com',
        /"\/lockdown" is not a valid user principal name/,
      ],
      ['/lockdown jane@contoso.com --force', /Unknown option "--force"/],
      ['/lockdown jane@contoso.com --keep-enabled=false', /Unknown option/],
      ['/lockdown jane@contoso.com -k', /Unknown option "-k"/],
      ['/lockdown "jane@contoso.com"', /not a valid user principal name/],
      [
        "/lockdown jane';DROP/**/TABLE/**/requests;--@contoso.com",
        /not a valid user principal name/,
      ],
      ['/lockdown <script>alert(1)</script>@contoso.com', /not a valid user principal name/],
      ['/lockdown [evil](https://evil.example)@contoso.com', /not a valid user principal name/],
      ['/lockdown jane\u0000@contoso.com', /not a valid user principal name/],
      ['/lockdown jane\u202e@contoso.com', /not a valid user principal name/],
      ['/lockdown jané@contoso.com', /not a valid user principal name/],
      [`/lockdown ${'a'.repeat(65)}@contoso.com`, /at most 64 characters before the @/],
      [`/lockdown jane@${'b'.repeat(50)}.com`, /48 after it/],
      ['/lockdown x#EXT#y@contoso.com', /not a valid user principal name/],
      ['/lockdown jane@contoso.com%00', /not a valid user principal name/],
      ['/lockdown mailto:jane@contoso.com?subject=x', /not a valid user principal name/],
      ['/lockdown nobody@contoso.com', /No user nobody@contoso\.com in this tenant/],
      ['/lockdown BreakGlass01@Contoso.com', /protected account/],
      ['/lockdownjane@contoso.com', /\/lockdown user@domain/],
    ];
    for (const [text, expected] of commands) {
      it(`${JSON.stringify(text).slice(0, 70)}`, async () => {
        const writes = graphWrites(stack.simulator).length;
        const { status, reply } = await say(RILEY, text);
        assert.equal(status, 200);
        assert.match(reply ?? '(no reply)', expected);
        assert.doesNotMatch(reply ?? '', /\n\s+at |Error:/, 'no stack trace');
        assertNoWrites(writes, text);
      });
    }
  });

  describe('hostile card actions: a plain answer and no Graph write', () => {
    let card: Awaited<ReturnType<typeof pending>>;
    before(async () => {
      card = await pending(USERS.selfApproval.upn);
    });

    const cases: readonly [
      string,
      () => {
        who: TeamsUser;
        verb?: string;
        data: unknown;
        mutate?: (a: Record<string, unknown>) => void;
      },
      RegExp | number,
    ][] = [
      ['no data', () => ({ who: ALEX, data: undefined }), /not a valid lockdown request/],
      ['empty data', () => ({ who: ALEX, data: {} }), /not a valid lockdown request/],
      [
        'a numeric id',
        () => ({ who: ALEX, data: { requestId: 42 } }),
        /not a valid lockdown request/,
      ],
      [
        'an id in an array',
        () => ({ who: ALEX, data: { requestId: [card.requestId] } }),
        /not a valid lockdown request/,
      ],
      [
        'a path as id',
        () => ({ who: ALEX, data: { requestId: '../../etc/passwd' } }),
        /not a valid lockdown request/,
      ],
      [
        'SQL as id',
        () => ({ who: ALEX, data: { requestId: "' OR 1=1 --" } }),
        /not a valid lockdown request/,
      ],
      [
        'an unknown id',
        () => ({ who: ALEX, data: { requestId: NO_SUCH_REQUEST } }),
        /unknown here/,
      ],
      [
        'an approver named in the data',
        () => ({
          who: MALLORY,
          data: { requestId: card.requestId, approver: ALEX.aadObjectId, from: ALEX },
        }),
        /not an approver/,
      ],
      [
        'the requester approving',
        () => ({ who: RILEY, data: { requestId: card.requestId } }),
        /someone else must approve/,
      ],
      [
        'another conversation',
        () => ({
          who: ALEX,
          data: { requestId: card.requestId },
          mutate: (a) => setConversation(a, `${CHANNEL.channelId};messageid=1`),
        }),
        /belongs to another conversation/,
      ],
      [
        'another channel',
        () => ({
          who: ALEX,
          data: { requestId: card.requestId },
          mutate: (a) => retarget(a, OTHER_CHANNEL),
        }),
        /only in the security channel/,
      ],
      [
        'a group chat',
        () => ({
          who: ALEX,
          data: { requestId: card.requestId },
          mutate: (a) => toChat(a, 'groupChat'),
        }),
        /only in the security channel/,
      ],
      [
        'no Entra identity',
        () => ({
          who: ALEX,
          data: { requestId: card.requestId },
          mutate: (a) => delete (a.from as Record<string, unknown>).aadObjectId,
        }),
        /did not say who you are/,
      ],
      [
        'another tenant',
        () => ({
          who: ALEX,
          data: { requestId: card.requestId },
          mutate: (a) => setTenant(a, FOREIGN_TENANT),
        }),
        403,
      ],
      [
        'an unknown verb',
        () => ({ who: ALEX, verb: 'lockdown.approve', data: { requestId: card.requestId } }),
        0,
      ],
      [
        'the verb in other case',
        () => ({ who: ALEX, verb: 'LOCKDOWN.CONFIRM', data: { requestId: card.requestId } }),
        0,
      ],
    ];
    for (const [name, build, expected] of cases) {
      it(name, async () => {
        const writes = graphWrites(stack.simulator).length;
        const { who, verb, data, mutate } = build();
        const answer = await stack.teams.click(
          who,
          card.conversationId,
          card.cardActivityId,
          verb ?? 'lockdown.confirm',
          data,
          { mutate },
        );
        if (expected instanceof RegExp) {
          assert.equal(answer.status, 200);
          assert.match(String(answer.body?.value), expected);
        } else if (expected === 0) {
          assert.notEqual(
            answer.body?.type,
            'application/vnd.microsoft.card.adaptive',
            'no route answers',
          );
        } else {
          assert.equal(answer.status, expected);
        }
        assertNoWrites(writes, name);
      });
    }

    it('leaves the request pending and approvable after all of that', async () => {
      const answer = await stack.teams.click(
        ALEX,
        card.conversationId,
        card.cardActivityId,
        'lockdown.confirm',
        { requestId: card.requestId },
      );
      assert.equal(answer.body?.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(cardText(answer.body?.value), /Approved by\s+Alex Approver/);
    });
  });

  // Last: by now every scenario above has logged at debug level.
  describe('secrets', () => {
    it('never logs configuration secrets, even at debug level', () => {
      const output = stack.bot.output.join('\n');
      assert.ok(output.includes('"level":20'), 'debug lines were written');
      assert.equal(output.includes('e2e-only-secret-value'), false);
    });
  });
});

/** A post in another channel, all of it consistent (conversation and channel data). */
function retarget(activity: Record<string, unknown>, channelId: string): void {
  const data = activity.channelData as Record<string, Record<string, unknown>>;
  data.channel = { id: channelId };
  data.teamsChannelId = channelId as unknown as Record<string, unknown>;
  const conversation = activity.conversation as Record<string, unknown>;
  conversation.id = `${channelId};messageid=${String(activity.id)}`;
}

function toChat(
  activity: Record<string, unknown>,
  conversationType: 'groupChat' | 'personal',
): void {
  activity.channelData = { tenant: { id: TENANT_ID } };
  const conversation = activity.conversation as Record<string, unknown>;
  conversation.conversationType = conversationType;
  conversation.isGroup = conversationType === 'groupChat';
}

function setTenant(activity: Record<string, unknown>, tenantId: string): void {
  (activity.conversation as Record<string, unknown>).tenantId = tenantId;
  (activity.channelData as Record<string, unknown>).tenant = { id: tenantId };
}

function setConversation(activity: Record<string, unknown>, conversationId: string): void {
  (activity.conversation as Record<string, unknown>).id = conversationId;
}
