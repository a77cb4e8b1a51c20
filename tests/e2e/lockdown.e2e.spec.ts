/**
 * End to end: the real bot process, driven over HTTP as Teams drives it, talking through the real
 * Graph SDK and @azure/identity to the Graph simulator over TLS.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunningSimulator } from '../../src/simulator';
import type { BotProcess } from './bot-process';
import type { FakeConnector } from './fake-connector';
import { startStack, type Stack } from './stack';
import { attachedCard, cardText, TeamsClient, type TeamsUser } from './teams-client';
import { ALEX, APP, RILEY, USERS, userId } from './tenant-fixture';

describe('lockdown end to end (bot process + Graph simulator over TLS)', function () {
  this.timeout(60_000);
  let stack: Stack;
  let dir: string;
  let simulator: RunningSimulator;
  let connector: FakeConnector;
  let bot: BotProcess;
  let teams: TeamsClient;

  before(async () => {
    stack = await startStack();
    ({ dir, simulator, connector, bot, teams } = stack);
  });

  after(async () => {
    await stack?.stop();
  });

  /** Posts `/lockdown ...` and returns the confirmation card the bot posted. */
  async function ask(from: TeamsUser, text: string) {
    const before = connector.calls.length;
    const { status, conversationId } = await teams.say(from, text);
    assert.equal(status, 200);
    const reply = await connector.waitFor(
      (c) =>
        connector.calls.indexOf(c) >= before &&
        c.method === 'POST' &&
        c.conversationId === conversationId,
    );
    const call = await connector.settled(reply);
    const card = attachedCard(call.activity);
    assert.ok(card, `expected a card, got ${JSON.stringify(call.activity)}`);
    return { card, conversationId, cardActivityId: reply.assignedId };
  }

  function requestIdOf(card: Record<string, unknown>): string {
    const actions = card.actions as { data: { requestId: string } }[];
    return actions[0]!.data.requestId;
  }

  /** Waits for the one-line verdict in the thread, then returns it with the card's last edit. */
  async function outcome(conversationId: string, cardActivityId: string) {
    const verdict = await connector.waitFor(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === conversationId &&
        typeof c.activity.text === 'string' &&
        /ock/.test(c.activity.text as string),
      30_000,
    );
    const edits = connector.calls.filter(
      (c) => c.method === 'PUT' && c.activityId === cardActivityId,
    );
    const finalCard = attachedCard(edits.at(-1)!.activity)!;
    return { verdict: verdict.activity.text as string, finalCard, edits };
  }

  /** Graph writes aimed at a user or at one of their devices, in arrival order. */
  function writesTo(userObjectId: string) {
    const devices = new Set(
      simulator.tenant.devicesOf(userObjectId).map((d) => `/devices/${d.id}`),
    );
    return simulator.requests.filter(
      (r) =>
        r.method !== 'GET' && (r.path.startsWith(`/users/${userObjectId}`) || devices.has(r.path)),
    );
  }

  it('locks down a user: card, approval by another person, every step done, tenant contained', async () => {
    const target = USERS.windowsOnly;
    const { card, conversationId, cardActivityId } = await ask(RILEY, `/lockdown ${target.upn}`);
    const text = cardText(card);
    assert.match(text, /Wendy Windows/);
    assert.match(text, new RegExp(target.upn));
    assert.match(text, new RegExp(userId(target)));
    const actions = card.actions as { type: string; verb: string; data: unknown }[];
    assert.deepEqual(
      actions.map((a) => [a.type, a.verb]),
      [
        ['Action.Execute', 'lockdown.confirm'],
        ['Action.Execute', 'lockdown.cancel'],
      ],
    );
    const requestId = requestIdOf(card);
    assert.deepEqual(actions[0]!.data, { requestId });
    assert.equal(writesTo(userId(target)).length, 0, 'nothing is written before approval');

    const answer = await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId,
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body?.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(answer.body?.value), /Approved by\s+Alex Approver/);

    const { verdict, finalCard, edits } = await outcome(conversationId, cardActivityId);
    assert.match(verdict, /^Locked down wendy@contoso\.com: 5 of 5 steps done in [\d.]+ (ms|s)/);
    assert.ok(edits.length >= 2, 'the card is edited as the steps run');
    const finalText = cardText(finalCard);
    assert.match(finalText, /Approved by\s+Alex Approver/);
    assert.doesNotMatch(finalText, /❌/);

    const user = simulator.tenant.user(userId(target))!;
    assert.equal(user.accountEnabled, false);
    assert.ok(user.signInSessionsValidFromDateTime, 'sessions revoked');
    for (const device of simulator.tenant.devicesOf(userId(target))) {
      assert.equal(device.accountEnabled, false, `${device.displayName} disabled`);
    }
    const order = writesTo(userId(target)).map((r) =>
      r.path.startsWith('/devices/')
        ? 'device'
        : r.path.endsWith('/revokeSignInSessions')
          ? 'revoke'
          : Object.keys(r.body as object).join(','),
    );
    assert.deepEqual(order, ['accountEnabled', 'passwordProfile', 'revoke', 'device', 'device']);
  });

  it('reports a 403 on non-Windows devices per device and ends partial', async () => {
    const target = USERS.mixedDevices;
    const { card, conversationId, cardActivityId } = await ask(RILEY, `/lockdown ${target.upn}`);
    assert.match(cardText(card), /3 devices/);
    await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId: requestIdOf(card),
    });
    const { verdict, finalCard } = await outcome(conversationId, cardActivityId);
    assert.match(verdict, /4 of 5 steps done/);
    const text = cardText(finalCard);
    assert.match(text, /1 of 3 devices disabled/);
    assert.match(text, /iOS/);
    assert.match(text, /Intune/);
    assert.match(text, /Authorization_RequestDenied/);
    assert.equal(simulator.tenant.user(userId(target))!.accountEnabled, false);
  });

  it('keep-enabled mode resets the password and revokes sessions but leaves the account and devices enabled', async () => {
    const target = USERS.keepEnabled;
    const { card, conversationId, cardActivityId } = await ask(
      RILEY,
      `/lockdown ${target.upn} --keep-enabled`,
    );
    assert.match(cardText(card), /stays enabled/i);
    await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId: requestIdOf(card),
    });
    const { verdict } = await outcome(conversationId, cardActivityId);
    assert.match(verdict, /3 of 3 steps done/);
    const user = simulator.tenant.user(userId(target))!;
    assert.equal(user.accountEnabled, true);
    assert.ok(user.signInSessionsValidFromDateTime);
    assert.ok(simulator.passwordsReceived.some((p) => p.userId === userId(target)));
    assert.ok(simulator.tenant.devicesOf(userId(target)).every((d) => d.accountEnabled));
  });

  it('a refused password reset fails that step while the others still run', async () => {
    const target = USERS.federated;
    const { card, conversationId, cardActivityId } = await ask(RILEY, `/lockdown ${target.upn}`);
    await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId: requestIdOf(card),
    });
    const { verdict, finalCard } = await outcome(conversationId, cardActivityId);
    assert.match(verdict, /Partly locked down fred@contoso\.com: 4 of 5 steps done/);
    const text = cardText(finalCard);
    assert.match(text, /❌/);
    assert.match(text, /request-id [0-9a-f-]{36}/);
    const user = simulator.tenant.user(userId(target))!;
    assert.equal(user.accountEnabled, false);
    assert.ok(user.signInSessionsValidFromDateTime, 'revocation ran after the failure');
  });

  it('disables every device across pages', async () => {
    const target = USERS.manyDevices;
    const { card, conversationId, cardActivityId } = await ask(RILEY, `/lockdown ${target.upn}`);
    assert.match(cardText(card), /25 devices/);
    await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId: requestIdOf(card),
    });
    const { verdict, finalCard } = await outcome(conversationId, cardActivityId);
    assert.match(verdict, /5 of 5 steps done/);
    assert.match(cardText(finalCard), /25 of 25 devices disabled/);
    assert.ok(simulator.tenant.devicesOf(userId(target)).every((d) => !d.accountEnabled));
  });

  it('cancel edits the card and writes nothing', async () => {
    const target = USERS.toCancel;
    const { card, conversationId, cardActivityId } = await ask(RILEY, `/lockdown ${target.upn}`);
    const answer = await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.cancel', {
      requestId: requestIdOf(card),
    });
    assert.match(cardText(answer.body?.value), /cancelled by Alex Approver/i);
    const edit = await connector.waitFor(
      (c) =>
        c.method === 'PUT' &&
        c.activityId === cardActivityId &&
        /cancelled/i.test(cardText(attachedCard(c.activity))),
    );
    assert.match(cardText(attachedCard(edit.activity)), /cancelled by Alex Approver/i);
    const late = await teams.click(ALEX, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId: requestIdOf(card),
    });
    assert.match(String(late.body?.value), /already cancelled by Alex Approver/);
    assert.equal(writesTo(userId(target)).length, 0);
  });

  it('the requester cannot approve their own request', async () => {
    const target = USERS.selfApproval;
    const { card, conversationId, cardActivityId } = await ask(RILEY, `/lockdown ${target.upn}`);
    const answer = await teams.click(RILEY, conversationId, cardActivityId, 'lockdown.confirm', {
      requestId: requestIdOf(card),
    });
    assert.match(String(answer.body?.value), /someone else must approve/);
    assert.equal(writesTo(userId(target)).length, 0);
  });

  it('shows the on-premises warning, job title and department', async () => {
    const { card } = await ask(RILEY, `/lockdown ${USERS.synced.upn}`);
    const text = cardText(card);
    assert.match(text, /on-premises/i);
    assert.match(text, /Accountant/);
    assert.match(text, /Finance/);
  });

  it('marks privileged roles', async () => {
    const { card } = await ask(RILEY, `/lockdown ${USERS.admin.upn}`);
    assert.match(cardText(card), /Global Administrator/);
    assert.match(cardText(card), /PRIVILEGED/);
  });

  it('answers an unknown user plainly and records nothing', async () => {
    const before = simulator.requests.length;
    const { card } = await ask(RILEY, '/LOCKDOWN nobody@contoso.com');
    assert.match(cardText(card), /No user nobody@contoso\.com in this tenant/);
    assert.ok(
      simulator.requests.slice(before).every((r) => r.method === 'GET' || r.path === '/$batch'),
    );
    const db = new Database(join(dir, 'lockdown.db'), { readonly: true, fileMustExist: true });
    try {
      const row = db
        .prepare("SELECT COUNT(*) AS n FROM requests WHERE target_upn = 'nobody@contoso.com'")
        .get() as { n: number };
      assert.equal(row.n, 0);
    } finally {
      db.close();
    }
  });

  for (const [input, expected] of [
    ['/lockdown', /Whom should I lock down/],
    ['/lockdown help', /\/lockdown user@domain/],
    ['/lockdown not-an-address', /not a valid user principal name/],
    ['/lockdown jane@contoso.com --force', /Unknown option "--force"/],
    [
      '/lockdown jane@contoso.com joe@contoso.com --dry-run',
      /A dry run takes one account at a time/,
    ],
  ] as const) {
    it(`answers "${input}" with usage and touches no Graph`, async () => {
      const before = simulator.requests.length;
      const { card } = await ask(RILEY, input);
      const text = cardText(card);
      assert.match(text, expected);
      assert.match(text, /\/lockdown user@domain/);
      assert.equal(simulator.requests.length, before);
    });
  }

  it('never lets the generated password out: logs, store, cards and activities', async () => {
    assert.ok(simulator.passwordsReceived.length > 0);
    const db =
      readFileOrEmpty(join(dir, 'lockdown.db')) + readFileOrEmpty(join(dir, 'lockdown.db-wal'));
    const everything = [bot.output.join('\n'), JSON.stringify(connector.calls), db].join('\n');
    for (const { password } of simulator.passwordsReceived) {
      assert.equal(everything.includes(password), false, 'a generated password leaked');
    }
    assert.equal(everything.includes(APP.clientSecret), false, 'the client secret leaked');
  });
});

function readFileOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
