/**
 * Several targets in one lockdown (issue 13), on the real bot process over HTTP with the Graph
 * simulator over TLS: one card, unknown and protected accounts left out with the reason, two
 * approvers when any target is privileged, and fifty accounts contained with every write
 * exactly once.
 */
import assert from 'node:assert/strict';
import type { TenantSeed } from '../../src/simulator';
import { click, lastCard, replyTo } from './card-flow';
import { graphWrites, startStack, type Stack } from './stack';
import { ALEX, BREAK_GLASS, buildSeed, DANA, RILEY, USERS, userId } from './tenant-fixture';

const BULK = 50;
const bulkUpn = (n: number): string => `bulk${String(n).padStart(2, '0')}@contoso.com`;
const bulkId = (n: number): string => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The e2e tenant with fifty more people, two Windows devices each. */
function seed(): TenantSeed {
  const base = buildSeed() as unknown as { users: unknown[]; devices: unknown[] };
  for (let n = 1; n <= BULK; n++) {
    base.users.push({
      id: bulkId(n),
      userPrincipalName: bulkUpn(n),
      displayName: `Bulk User ${n}`,
      accountEnabled: true,
    });
    for (const index of [1, 2]) {
      base.devices.push({
        id: `f0000000-0000-4000-8${index}00-${String(n).padStart(12, '0')}`,
        deviceId: `f1000000-0000-4000-8${index}00-${String(n).padStart(12, '0')}`,
        displayName: `Bulk-${n}-PC-${index}`,
        operatingSystem: 'Windows',
        accountEnabled: true,
        registeredUsers: [bulkId(n)],
      });
    }
  }
  return base as unknown as TenantSeed;
}

/** The group verdict in the thread. */
function groupVerdict(stack: Stack, conversationId: string, timeoutMs = 60_000) {
  return stack.connector.waitFor(
    (c) =>
      c.method === 'POST' &&
      c.conversationId === conversationId &&
      typeof c.activity.text === 'string' &&
      /^(Locked down|Could not lock down)/.test(c.activity.text) &&
      /accounts/.test(c.activity.text),
    timeoutMs,
  );
}

describe('several targets in one lockdown (bot process)', function () {
  this.timeout(120_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({ LOCKDOWN_PROTECTED: BREAK_GLASS.upn }, seed());
  });
  after(async () => stack?.stop());

  it('leaves out unknown and protected accounts, and needs two approvers for a privileged one', async () => {
    const wendy = USERS.windowsOnly;
    const admin = USERS.admin;
    const reply = await replyTo(
      stack,
      RILEY,
      `/lockdown ${wendy.upn} nobody@contoso.com ${BREAK_GLASS.upn} ${admin.upn}`,
    );
    assert.match(reply.text, /nobody@contoso\.com/);
    assert.match(reply.text, /No such user/);
    assert.match(reply.text, new RegExp(BREAK_GLASS.upn.replace('.', '\\.')));
    assert.match(reply.text, /Global Administrator/);
    const requestId = (reply.card.actions as { data: { requestId: string } }[])[0]!.data.requestId;
    const pending = { ...reply, requestId };

    const before = graphWrites(stack.simulator).length;
    await click(stack.teams, ALEX, pending);
    assert.equal(graphWrites(stack.simulator).length, before, 'one approval writes nothing');
    await click(stack.teams, DANA, pending);
    const line = String((await groupVerdict(stack, reply.conversationId)).activity.text);
    assert.match(line, /of 2 accounts/);
    assert.equal(stack.simulator.tenant.user(userId(wendy))?.accountEnabled, false);
    assert.equal(
      graphWrites(stack.simulator).filter((w) => w.path.includes(BREAK_GLASS.id)).length,
      0,
    );
    assert.match(lastCard(stack, reply.cardActivityId), /wendy@contoso\.com/);
  });

  it(`contains ${BULK} accounts on one approval, every write exactly once, with two instances`, async () => {
    // A second instance sweeps every 0.5 s: it may take any member over, never run one twice.
    await stack.startAnotherBot();
    const upns = Array.from({ length: BULK }, (_, i) => bulkUpn(i + 1));
    const reply = await replyTo(stack, RILEY, `/lockdown ${upns.join(',')}`);
    assert.ok(JSON.stringify(reply.card).length < 28_000, 'the card fits Teams');
    const requestId = (reply.card.actions as { data: { requestId: string } }[])[0]!.data.requestId;
    const before = stack.simulator.requests.length;
    await click(stack.teams, ALEX, { ...reply, requestId });
    const line = String((await groupVerdict(stack, reply.conversationId)).activity.text);
    assert.match(line, new RegExp(`^Locked down ${BULK} of ${BULK} accounts`));

    const writes = graphWrites(stack.simulator).filter(
      (w) => stack.simulator.requests.indexOf(w) >= before,
    );
    for (let n = 1; n <= BULK; n++) {
      const id = bulkId(n);
      const mine = writes.filter((w) => w.path.startsWith(`/users/${id}`));
      const bodies = mine.map(
        (w) => `${w.method} ${w.path} ${Object.keys(w.body ?? {}).join(',')}`,
      );
      assert.equal(mine.length, 3, `${bulkUpn(n)}: ${bodies.join(' | ')}`);
      assert.equal(stack.simulator.tenant.user(id)?.accountEnabled, false);
      for (const index of [1, 2]) {
        const device = `/devices/f0000000-0000-4000-8${index}00-${String(n).padStart(12, '0')}`;
        assert.equal(writes.filter((w) => w.path === device).length, 1, device);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const verdicts = stack.connector.calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.conversationId === reply.conversationId &&
        /accounts/.test(String(c.activity.text ?? '')),
    );
    assert.equal(verdicts.length, 1, 'one verdict for the group');
    const final = lastCard(stack, reply.cardActivityId);
    assert.match(final, /bulk50@contoso\.com/);
  });
});
