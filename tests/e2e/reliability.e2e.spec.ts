/**
 * Never stuck, never twice, never stopped by the wrong person: who may cancel, per-person views
 * that never hide Confirm from everyone, runner leases across two real processes (SQLite and
 * Azurite), a SIGKILLed runner taken over without a restart, an approved request nobody started,
 * and Graph calls that meet a reset connection, a hung answer or a garbled `$batch`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store';
import type { BotProcess } from './bot-process';
import type { ConnectorCall } from './fake-connector';
import {
  ask,
  click,
  lastCard,
  type Pending,
  replyTo,
  verdict,
  verbsOf,
  writeCounts,
} from './card-flow';
import { CHANNEL, startStack, startStackOnAzurite, type Stack } from './stack';
import { attachedCard, BOT, cardText } from './teams-client';
import { ALEX, CASEY, DANA, MALLORY, RILEY, TENANT_ID, USERS, userId } from './tenant-fixture';

/** Waits until the card shows the account stage done (the devices are next). */
function inDeviceStage(stack: Stack, pending: Pending): Promise<ConnectorCall> {
  return stack.connector.waitFor(
    (c) =>
      c.method === 'PUT' &&
      c.activityId === pending.cardActivityId &&
      (cardText(attachedCard(c.activity)).match(/✅/g) ?? []).length >= 3,
    30_000,
  );
}

describe('reliability: cancel rights and per-person views (bot process)', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      LOCKDOWN_APPROVER_IDS: `${ALEX.aadObjectId},${DANA.aadObjectId}`,
    });
  });
  after(async () => stack?.stop());

  // First: nothing is cached from a successful roster look-up yet.
  it('keeps Confirm on the shared card when the roster look-ups fail, and an approver can confirm', async () => {
    stack.connector.failRoster(503);
    try {
      const pending = await ask(stack, USERS.synced);
      assert.deepEqual(verbsOf(pending.card), ['lockdown.confirm', 'lockdown.cancel']);
      const answer = await click(stack.teams, DANA, pending);
      assert.equal(answer.body?.type, 'application/vnd.microsoft.card.adaptive');
      await verdict(stack, pending.conversationId, USERS.synced.upn);
    } finally {
      stack.connector.failRoster(0);
    }
    // Failures are not remembered: once the roster answers again, approvers get their own views
    // and the shared card hides Confirm.
    const later = await ask(stack, USERS.admin);
    assert.deepEqual(verbsOf(later.card), ['lockdown.cancel']);
  });

  it("refuses an outsider's Cancel and records it; the approver's Confirm then runs", async () => {
    const pending = await ask(stack, USERS.toCancel);
    const refused = await click(stack.teams, MALLORY, pending, 'lockdown.cancel');
    assert.equal(
      String(refused.body?.value),
      'Only the requester or an approver can cancel this lockdown. Nothing was changed.',
    );
    await stack.bot.waitForOutput(
      (l) => /cancel refused/.test(l) && l.includes(MALLORY.aadObjectId),
    );
    const confirmed = await click(stack.teams, ALEX, pending);
    assert.equal(confirmed.body?.type, 'application/vnd.microsoft.card.adaptive');
    const line = await verdict(stack, pending.conversationId, USERS.toCancel.upn);
    assert.match(String(line.activity.text), /Locked down/);
    assert.match(cardText(pending.card), /Cancel: the requester or anyone who may approve/);
  });
});

/** Two processes on one store: the second starts while the first disables 25 devices. */
async function secondInstanceDuringDevices(stack: Stack): Promise<BotProcess> {
  const target = USERS.manyDevices;
  const pending = await ask(stack, target);
  stack.simulator.setLatency(400);
  await click(stack.teams, ALEX, pending);
  await inDeviceStage(stack, pending);
  const other = await stack.startAnotherBot();
  stack.simulator.setLatency(0);
  await verdict(stack, pending.conversationId, target.upn);
  // Give the second instance a few sweeps to misbehave, if it would.
  await other.bot.waitForOutput((l) => /lockdown runner started/.test(l));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(writeCounts(stack, target), {
    accountEnabled: 1,
    passwordProfile: 1,
    revoke: 1,
    device: 25,
  });
  assert.equal(
    other.bot.output.some((l) => l.includes(pending.requestId) && /resuming/.test(l)),
    false,
    'the second instance never touched the live lease',
  );
  return other.bot;
}

describe('reliability: two instances on one SQLite file (real processes)', function () {
  this.timeout(120_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => stack?.stop());

  let other: BotProcess;

  it('lets a second instance started mid-lockdown leave it alone: every write once', async () => {
    other = await secondInstanceDuringDevices(stack);
  });

  it('finishes a SIGKILLed instance’s lockdown on the other instance, without a restart', async () => {
    const target = USERS.mixedDevices;
    const pending = await ask(stack, target);
    stack.simulator.setLatency(1000);
    await click(stack.teams, ALEX, pending);
    await stack.connector.waitFor(
      (c) =>
        c.method === 'PUT' &&
        c.activityId === pending.cardActivityId &&
        cardText(attachedCard(c.activity)).includes('🔄'),
    );
    await stack.bot.stop('SIGKILL');
    stack.simulator.setLatency(0);
    await other.waitForOutput(
      (l) => /resuming interrupted lockdown/.test(l) && l.includes(pending.requestId),
      { timeoutMs: 30_000 },
    );
    const line = await verdict(stack, pending.conversationId, target.upn);
    assert.match(String(line.activity.text), /4 of 5 steps done/);
    assert.match(lastCard(stack, pending.cardActivityId), /partly locked down/i);
    const counts = writeCounts(stack, target);
    // A write in flight at the kill may be sent again (harmless: every write is idempotent).
    for (const kind of ['accountEnabled', 'passwordProfile', 'revoke']) {
      assert.ok((counts[kind] ?? 0) >= 1 && (counts[kind] ?? 0) <= 2, JSON.stringify(counts));
    }
    assert.ok((counts.device ?? 0) >= 3 && (counts.device ?? 0) <= 6, JSON.stringify(counts));
    assert.equal(stack.simulator.tenant.user(userId(target))?.accountEnabled, false);
  });

  it('picks up an approved request whose pipeline never started', async () => {
    const target = USERS.keepEnabled;
    const user = stack.simulator.tenant.user(userId(target))!;
    const conversationId = `${CHANNEL.channelId};messageid=approved-by-hand`;
    const store = new SqliteStore(join(stack.dir, 'lockdown.db'));
    const requestId = '11111111-2222-4333-8444-000000000001';
    try {
      await store.create({
        id: requestId,
        state: 'approved',
        mode: 'keep-enabled',
        target: {
          id: user.id,
          userPrincipalName: target.upn,
          displayName: target.name,
          accountEnabled: true,
          onPremisesSyncEnabled: false,
          userType: 'Member',
          roles: [],
          devices: [],
        },
        requestedBy: { id: RILEY.aadObjectId, name: RILEY.name },
        requestedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        origin: {
          tenantId: TENANT_ID,
          conversationId,
          channelId: CHANNEL.channelId,
          reply: JSON.stringify({
            channelId: 'msteams',
            serviceUrl: stack.connector.serviceUrl,
            conversation: { id: conversationId, isGroup: true, tenantId: TENANT_ID },
            bot: BOT,
          }),
        },
        decidedBy: { id: ALEX.aadObjectId, name: ALEX.name },
        decidedAt: new Date().toISOString(),
        steps: [],
      });
    } finally {
      await store.close();
    }
    const line = await verdict(stack, conversationId, target.upn);
    assert.match(String(line.activity.text), /Locked down megan@contoso\.com: 3 of 3 steps done/);
  });
});

describe('reliability: two instances on one Azure Table store (Azurite)', function () {
  this.timeout(120_000);
  let stack: Stack;
  before(async () => {
    stack = await startStackOnAzurite();
  });
  after(async () => stack?.stop());

  it('lets a second instance started mid-lockdown leave it alone: every write once', async () => {
    await secondInstanceDuringDevices(stack);
  });
});

describe('reliability: Graph misbehaving on the wire (bot process)', function () {
  this.timeout(90_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack({ GRAPH_TIMEOUT_SECONDS: '2' });
  });
  after(async () => stack?.stop());
  afterEach(() => stack.simulator.clearFaults());

  const BATCH = /^\/\$batch$/;

  it('contains the account when the first $batch after Confirm meets a reset connection', async () => {
    const target = USERS.windowsOnly;
    const pending = await ask(stack, target);
    stack.simulator.inject({ method: 'POST', path: BATCH, effect: 'reset', times: 1 });
    await click(stack.teams, ALEX, pending);
    const line = await verdict(stack, pending.conversationId, target.upn);
    assert.match(String(line.activity.text), /5 of 5 steps done/);
    assert.match(lastCard(stack, pending.cardActivityId), /retried after a network error/);
    assert.equal(stack.simulator.tenant.user(userId(target))?.accountEnabled, false);
  });

  it('contains the account within 60 s when the first $batch after Confirm is held for 90 s', async () => {
    const target = USERS.federated;
    const pending = await ask(stack, target);
    stack.simulator.inject({
      method: 'POST',
      path: BATCH,
      effect: 'hold',
      holdMs: 90_000,
      times: 1,
    });
    const confirmedAt = Date.now();
    await click(stack.teams, ALEX, pending);
    await verdict(stack, pending.conversationId, target.upn, 60_000);
    assert.ok(Date.now() - confirmedAt < 60_000);
    assert.equal(stack.simulator.tenant.user(userId(target))?.accountEnabled, false);
  });

  for (const garble of ['html', 'empty-json'] as const) {
    it(`never reports a step Graph did not do when a $batch answer is garbled (${garble})`, async () => {
      const target = garble === 'html' ? USERS.mixedDevices : USERS.manyDevices;
      const pending = await ask(stack, target);
      stack.simulator.inject({ method: 'POST', path: BATCH, effect: 'garble', garble, times: 1 });
      await click(stack.teams, ALEX, pending);
      await verdict(stack, pending.conversationId, target.upn);
      const finalCard = lastCard(stack, pending.cardActivityId);
      // The retry reached Graph: the account is contained, and the card agrees with the tenant.
      const user = stack.simulator.tenant.user(userId(target))!;
      assert.equal(user.accountEnabled, false);
      assert.ok(user.signInSessionsValidFromDateTime);
      const devices = stack.simulator.tenant.devicesOf(userId(target));
      const disabled = devices.filter((d) => !d.accountEnabled).length;
      assert.match(finalCard, new RegExp(`${disabled} of ${devices.length} devices disabled`));
      assert.doesNotMatch(finalCard, /No registered devices/);
    });
  }
});

describe('reliability: Teams at the door (bot process)', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack({ GRAPH_TIMEOUT_SECONDS: '20' });
  });
  after(async () => stack?.stop());
  afterEach(() => stack.simulator.clearFaults());

  it('answers Teams while the look-up is held, and the card follows', async () => {
    stack.simulator.inject({
      method: 'POST',
      path: /^\/\$batch$/,
      effect: 'hold',
      holdMs: 6000,
      times: 1,
    });
    const before = stack.connector.calls.length;
    const started = Date.now();
    const { status, conversationId } = await stack.teams.say(RILEY, `/lockdown ${USERS.admin.upn}`);
    const answeredAfter = Date.now() - started;
    assert.equal(status, 200);
    assert.ok(answeredAfter < 5000, `answered after ${answeredAfter} ms`);
    const reply = stack.connector.calls
      .slice(before)
      .find((c) => c.conversationId === conversationId)!;
    assert.match(cardText(attachedCard(reply.activity)), /Looking up gadmin@contoso\.com/);
    const settled = await stack.connector.settled(reply, 20_000);
    assert.ok(settled.at - started >= 6000, 'the card came after the held look-up');
    assert.deepEqual(verbsOf(attachedCard(settled.activity)), [
      'lockdown.confirm',
      'lockdown.cancel',
    ]);
  });

  it('answers a redelivered message once: one card, one pending request', async () => {
    const id = `redelivered-${Date.now()}`;
    const conversationId = `${CHANNEL.channelId};messageid=${id}`;
    const same = (a: Record<string, unknown>): void => {
      a.id = id;
      (a.conversation as { id: string }).id = conversationId;
    };
    const before = stack.connector.calls.length;
    const first = await stack.teams.say(RILEY, `/lockdown ${USERS.synced.upn}`, { mutate: same });
    const second = await stack.teams.say(RILEY, `/lockdown ${USERS.synced.upn}`, { mutate: same });
    assert.deepEqual([first.status, second.status], [200, 200]);
    await stack.bot.waitForOutput((l) => /redelivered/.test(l));
    const posts = stack.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.conversationId === conversationId);
    assert.equal(posts.length, 1);
  });

  it('handles a redelivered message again when its first answer could not be posted', async () => {
    const id = `unanswered-${Date.now()}`;
    const conversationId = `${CHANNEL.channelId};messageid=${id}`;
    const same = (a: Record<string, unknown>): void => {
      a.id = id;
      (a.conversation as { id: string }).id = conversationId;
    };
    // Teams' connector refuses the "Looking up" post.
    stack.connector.failPosts(conversationId, 10, 400);
    const first = await stack.teams.say(RILEY, `/lockdown ${USERS.synced.upn}`, { mutate: same });
    assert.notEqual(first.status, 200, 'the turn failed, so Teams will deliver it again');
    stack.connector.failPosts(conversationId, 0, 400);
    const second = await stack.teams.say(RILEY, `/lockdown ${USERS.synced.upn}`, { mutate: same });
    assert.equal(second.status, 200);
    const reply = await stack.connector.waitFor(
      (c) => c.method === 'POST' && c.conversationId === conversationId,
    );
    const card = attachedCard((await stack.connector.settled(reply)).activity);
    assert.deepEqual(verbsOf(card), ['lockdown.confirm', 'lockdown.cancel']);
  });

  it('refuses the 11th pending request of one person, creating nothing', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 11; i++) {
      answers.push((await replyTo(stack, CASEY, `/lockdown ${USERS.toCancel.upn}`)).text);
    }
    const refused = answers.filter((a) => /limit is 10/.test(a));
    assert.equal(refused.length, 1, answers.join('\n---\n'));
    assert.match(answers.at(-1)!, /limit is 10[\s\S]*Nothing was changed/);
  });
});

describe('reliability: refused Graph credentials (bot process)', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack({ AZURE_CLIENT_SECRET: 'not-the-secret' });
  });
  after(async () => stack?.stop());

  it('says the credentials were refused, with a correlation id; Entra ID’s words stay in the log', async () => {
    const { text } = await replyTo(stack, RILEY, `/lockdown ${USERS.synced.upn}`);
    const id =
      /the app's Graph credentials were refused \(details in the log, correlation id ([0-9a-f-]{36})\)/.exec(
        text,
      )?.[1];
    assert.ok(id, text);
    assert.doesNotMatch(text, /AADSTS/);
    const line = await stack.bot.waitForOutput((l) => l.includes(id) && /AADSTS/.test(l));
    assert.doesNotMatch(line, /not-the-secret/);
  });
});
