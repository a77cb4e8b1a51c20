/**
 * `/unlock`: undo what a finished lockdown did, and only that, with the same approval machinery.
 * Real bot process, Graph simulator over TLS, SQLite store.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TenantSeed } from '../../src/simulator';
import { click, lastCard, replyTo, verbsOf, verdict } from './card-flow';
import { graphWrites, startStack, type Stack } from './stack';
import type { TeamsUser } from './teams-client';
import { ALEX, buildSeed, DANA, RILEY, USERS, userId } from './tenant-fixture';

/** A target with a Windows laptop, a Windows PC disabled before the lockdown, and an iPhone. */
const UMA = {
  id: 'b0000000-0000-4000-8000-0000000000a1',
  upn: 'uma@contoso.com',
  name: 'Uma Undo',
  devices: {
    laptop: 'd0000000-0000-4000-8000-0000000000a1',
    oldPc: 'd0000000-0000-4000-8000-0000000000a2',
    phone: 'd0000000-0000-4000-8000-0000000000a3',
  },
} as const;

/** A Helpdesk Administrator: a role Microsoft marks privileged, so two approvers. */
const HELGA = {
  id: 'b0000000-0000-4000-8000-0000000000a2',
  upn: 'helga@contoso.com',
  name: 'Helga Helpdesk',
} as const;

function seed(): TenantSeed {
  const base = buildSeed();
  const device = (id: string, displayName: string, os: string, accountEnabled: boolean) => ({
    id,
    deviceId: id.replace(/^d/, 'e'),
    displayName,
    operatingSystem: os,
    accountEnabled,
    registeredUsers: [UMA.id],
  });
  return {
    ...base,
    users: [
      ...base.users,
      { id: UMA.id, userPrincipalName: UMA.upn, displayName: UMA.name, accountEnabled: true },
      {
        id: HELGA.id,
        userPrincipalName: HELGA.upn,
        displayName: HELGA.name,
        accountEnabled: true,
        directoryRoles: ['Helpdesk Administrator'],
      },
    ],
    devices: [
      ...base.devices,
      device(UMA.devices.laptop, 'UMA-LAPTOP', 'Windows', true),
      device(UMA.devices.oldPc, 'UMA-OLD-PC', 'Windows', false),
      device(UMA.devices.phone, 'Uma’s iPhone', 'iOS', true),
    ],
  };
}

describe('unlock end to end (bot process)', function () {
  this.timeout(90_000);
  let stack: Stack;

  before(async () => {
    stack = await startStack({}, seed());
  });
  after(async () => stack?.stop());

  /** Asks as Riley; returns the card's coordinates (and its request id, if it has buttons). */
  async function askFor(text: string) {
    const reply = await replyTo(stack, RILEY, text);
    const actions = (reply.card.actions ?? []) as { data?: { requestId?: string } }[];
    return { ...reply, requestId: actions[0]?.data?.requestId ?? '' };
  }

  /** Asks, has `approvers` confirm, and waits for the verdict; returns it and the card. */
  async function run(text: string, upn: string, approvers: readonly TeamsUser[] = [ALEX]) {
    const pending = await askFor(text);
    assert.deepEqual(verbsOf(pending.card), ['lockdown.confirm', 'lockdown.cancel']);
    for (const approver of approvers) {
      const answer = await click(stack.teams, approver, pending);
      assert.equal(answer.status, 200);
    }
    const line = await verdict(stack, pending.conversationId, upn);
    return { pending, verdict: String(line.activity.text) };
  }

  const user = (id: string) => stack.simulator.tenant.user(id)!;
  const device = (id: string) => stack.simulator.tenant.device(id)!;
  const writesSince = (count: number) => graphWrites(stack.simulator).slice(count);

  it('undoes a lockdown: the account and the right devices back, no password write', async () => {
    const lockdown = await run(`/lockdown ${UMA.upn}`, UMA.upn);
    assert.match(lockdown.verdict, /^Partly locked down uma@contoso\.com/);
    assert.equal(user(UMA.id).accountEnabled, false);
    assert.equal(device(UMA.devices.laptop).accountEnabled, false);
    assert.equal(device(UMA.devices.phone).accountEnabled, true, 'app-only cannot disable iOS');
    const passwordResets = user(UMA.id).passwordResets;
    const sessionsValidFrom = user(UMA.id).signInSessionsValidFromDateTime;

    const before = graphWrites(stack.simulator).length;
    const pending = await askFor(`/UNLOCK ${UMA.upn}`);
    assert.match(pending.text, /Unlock Uma Undo\?/);
    assert.match(pending.text, /UMA-LAPTOP/);
    assert.match(pending.text, /UMA-OLD-PC[^\n]*already disabled before the lockdown/);
    assert.match(pending.text, /Temporary Access Pass/);
    assert.deepEqual(verbsOf(pending.card), ['lockdown.confirm', 'lockdown.cancel']);
    const actions = pending.card.actions as { data: unknown }[];
    assert.deepEqual(actions[0]!.data, { requestId: pending.requestId });
    assert.equal(writesSince(before).length, 0, 'nothing is written before approval');

    await click(stack.teams, ALEX, pending);
    const line = await verdict(stack, pending.conversationId, UMA.upn);
    assert.match(String(line.activity.text), /^Unlocked uma@contoso\.com: 3 of 3 steps done/);

    assert.equal(user(UMA.id).accountEnabled, true);
    assert.equal(device(UMA.devices.laptop).accountEnabled, true);
    assert.equal(device(UMA.devices.oldPc).accountEnabled, false, 'disabled before: stays');
    assert.equal(device(UMA.devices.phone).accountEnabled, true);
    assert.equal(user(UMA.id).passwordResets, passwordResets, 'no password write');
    assert.equal(user(UMA.id).signInSessionsValidFromDateTime, sessionsValidFrom);
    const writes = writesSince(before).map(
      (w) => `${w.method} ${w.path} ${JSON.stringify(w.body)}`,
    );
    assert.deepEqual(writes.sort(), [
      `PATCH /devices/${UMA.devices.laptop} {"accountEnabled":true}`,
      `PATCH /users/${UMA.id} {"accountEnabled":true}`,
    ]);

    // The lockdown's own card says it was undone.
    await stack.connector.waitFor(
      (c) =>
        c.method === 'PUT' &&
        c.activityId === lockdown.pending.cardActivityId &&
        /Unlocked at/.test(JSON.stringify(c.activity)),
    );
    assert.match(
      lastCard(stack, lockdown.pending.cardActivityId),
      /Unlocked at .*Riley Responder.*Alex Approver/s,
    );
    assert.match(lastCard(stack, pending.cardActivityId), /Read back and verify/);
  });

  it('refuses a second unlock of the same lockdown, saying who unlocked it and when', async () => {
    const before = graphWrites(stack.simulator).length;
    const { text, card } = await askFor(`/unlock ${UMA.upn}`);
    assert.match(text, /already unlocked by Alex Approver at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    assert.deepEqual(verbsOf(card), []);
    assert.equal(writesSince(before).length, 0);
  });

  it('shows unlocks beside lockdowns in status, history and the audit export', async () => {
    const status = await askFor(`/lockdown status ${UMA.upn}`);
    assert.match(status.text, /[Uu]nlock/);
    const history = await askFor('/lockdown history');
    const unlockRow = history.text.search(
      /[Uu]nlock[^\n]*uma@contoso\.com|uma@contoso\.com[^\n]*[Uu]nlock/,
    );
    assert.ok(unlockRow >= 0, history.text);

    const exported = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'audit-export.js'), '--since', '2020-01-01'],
      { env: { PATH: process.env.PATH ?? '', ...stack.env }, encoding: 'utf8' },
    );
    assert.equal(exported.status, 0, exported.stderr);
    const events = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; data?: Record<string, unknown> });
    assert.ok(events.some((e) => e.type === 'requested' && e.data?.kind === 'unlock'));
    assert.ok(events.some((e) => e.type === 'unlocked'));
    assert.ok(events.some((e) => e.type === 'step' && e.data?.step === 'enable-devices'));
  });

  const refusals: readonly (readonly [string, string, RegExp])[] = [
    [
      'never locked down',
      `/unlock ${USERS.windowsOnly.upn}`,
      /No lockdown of wendy@contoso\.com is on record/,
    ],
    [
      'unknown user',
      '/unlock nobody@contoso.com',
      /No lockdown of nobody@contoso\.com is on record/,
    ],
    ['invalid address', '/unlock not-an-address', /not a valid user principal name/],
    ['keep-enabled mode', '/unlock x@contoso.com --keep-enabled', /keep-enabled/],
  ];
  for (const [name, text, answer] of refusals) {
    it(`refuses an unlock (${name}) with zero writes and no request`, async () => {
      const before = graphWrites(stack.simulator).length;
      const reply = await askFor(text);
      assert.match(reply.text, answer);
      assert.deepEqual(verbsOf(reply.card), []);
      assert.equal(writesSince(before).length, 0);
    });
  }

  it('answers nothing to undo after a keep-enabled lockdown', async () => {
    await run(`/lockdown ${USERS.keepEnabled.upn} --keep-enabled`, USERS.keepEnabled.upn);
    const before = graphWrites(stack.simulator).length;
    const { text, card } = await askFor(`/unlock ${USERS.keepEnabled.upn}`);
    assert.match(text, /Nothing to undo/);
    assert.match(text, /kept the account enabled/);
    assert.deepEqual(verbsOf(card), []);
    assert.equal(writesSince(before).length, 0);
  });

  it('dry-runs an unlock: the plan with its requests and grants, no Confirm, no write', async () => {
    await run(`/lockdown ${USERS.windowsOnly.upn}`, USERS.windowsOnly.upn);
    const before = graphWrites(stack.simulator).length;
    const { text, card } = await askFor(`/unlock ${USERS.windowsOnly.upn} --dry-run`);
    assert.match(text, /Dry run: unlock/);
    assert.match(text, /PATCH \/users\/\{id\} \(accountEnabled: true\)/);
    assert.match(text, /PATCH \/devices\/\{id\} \(accountEnabled: true\)/);
    assert.doesNotMatch(text, /passwordProfile|revokeSignInSessions/);
    assert.deepEqual(verbsOf(card), []);
    assert.equal(writesSince(before).length, 0);
    assert.equal(user(userId(USERS.windowsOnly)).accountEnabled, false, 'still locked');
    const status = await askFor(`/lockdown status ${USERS.windowsOnly.upn}`);
    assert.doesNotMatch(status.text, /[Uu]nlock/, 'a dry run records no request');
  });

  it('needs two approvers to unlock a privileged account', async () => {
    await run(`/lockdown ${HELGA.upn}`, HELGA.upn, [ALEX, DANA]);
    assert.equal(user(HELGA.id).accountEnabled, false);
    const pending = await askFor(`/unlock ${HELGA.upn}`);
    assert.match(pending.text, /needs 2 different approvers/);
    const before = graphWrites(stack.simulator).length;
    const first = await click(stack.teams, ALEX, pending);
    assert.match(JSON.stringify(first.body), /1 of 2/);
    assert.equal(writesSince(before).length, 0, 'one approval runs nothing');
    await click(stack.teams, DANA, pending);
    const line = await verdict(stack, pending.conversationId, HELGA.upn);
    assert.match(String(line.activity.text), /^Unlocked helga@contoso\.com/);
    assert.equal(user(HELGA.id).accountEnabled, true);
  });
});
