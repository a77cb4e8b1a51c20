/**
 * Nothing lost, nothing twice: concurrent clicks, two bot processes on one Azure Table store,
 * restarts, SIGKILL in the middle of a lockdown, expiry across a restart, SIGTERM timing.
 * Real processes throughout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ask, click, type Pending, verdict as verdictIn, verbsOf, writeCounts } from './card-flow';
import { startStack, startStackOnAzurite, type Stack } from './stack';
import { attachedCard, cardText, type TeamsUser } from './teams-client';
import { ALEX, DANA, MALLORY, RILEY, USERS, userId } from './tenant-fixture';

/** Approves with Graph slowed down, and returns once the card shows a step running. */
async function approveSlowly(stack: Stack, pending: Pending, latencyMs: number): Promise<void> {
  stack.simulator.setLatency(latencyMs);
  await click(stack.teams, ALEX, pending);
  await stack.connector.waitFor(
    (c) =>
      c.method === 'PUT' &&
      c.activityId === pending.cardActivityId &&
      cardText(attachedCard(c.activity)).includes('🔄'),
  );
}

describe('durability: exactly once, restarts and crashes (real processes)', function () {
  this.timeout(90_000);

  describe('one bot process on SQLite', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({
        LOCKDOWN_APPROVER_IDS: `${ALEX.aadObjectId},${DANA.aadObjectId}`,
      });
    });
    after(async () => stack?.stop());

    it('shows Confirm only to the listed approvers (per-person views), not on the shared card', async () => {
      const pending = await ask(stack, USERS.synced);
      const shared = pending.card;
      assert.deepEqual(verbsOf(shared), ['lockdown.cancel']);
      assert.match(cardText(shared), /Only the listed approvers see Confirm/);
      const refresh = shared.refresh as { userIds: string[] };
      assert.deepEqual(refresh.userIds, [
        `29:${RILEY.aadObjectId}`,
        `29:${ALEX.aadObjectId}`,
        `29:${DANA.aadObjectId}`,
      ]);
      const view = async (who: TeamsUser) =>
        (await click(stack.teams, who, pending, 'lockdown.refresh')).body?.value;
      assert.deepEqual(verbsOf(await view(ALEX)), ['lockdown.confirm', 'lockdown.cancel']);
      assert.deepEqual(verbsOf(await view(RILEY)), ['lockdown.cancel']);
      assert.deepEqual(verbsOf(await view(MALLORY)), ['lockdown.cancel']);
      assert.match(
        String((await click(stack.teams, MALLORY, pending)).body?.value),
        /not an approver/,
      );
      await stack.bot.waitForOutput(
        (l) => /approval refused/.test(l) && l.includes(MALLORY.aadObjectId),
      );
    });

    it('runs the pipeline once for 20 simultaneous Confirm clicks; the others hear who approved', async () => {
      const pending = await ask(stack, USERS.windowsOnly);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => click(stack.teams, i % 2 ? ALEX : DANA, pending)),
      );
      const winners = answers.filter(
        (a) => a.body?.type === 'application/vnd.microsoft.card.adaptive',
      );
      assert.equal(winners.length, 1);
      const winner = /Approved by\s+(Alex Approver|Dana Lead)/.exec(
        cardText(winners[0]!.body?.value),
      )![1];
      for (const loser of answers.filter((a) => !winners.includes(a))) {
        assert.equal(
          String(loser.body?.value),
          `This lockdown request was already approved by ${winner}.`,
        );
      }
      await verdictIn(stack, pending.conversationId, USERS.windowsOnly.upn);
      assert.deepEqual(writeCounts(stack, USERS.windowsOnly), {
        accountEnabled: 1,
        passwordProfile: 1,
        revoke: 1,
        device: 2,
      });
    });

    it('lets exactly one of a racing Cancel and Confirm win, and the card says which', async () => {
      const pending = await ask(stack, USERS.toCancel);
      const [confirm, cancel] = await Promise.all([
        click(stack.teams, ALEX, pending, 'lockdown.confirm'),
        click(stack.teams, DANA, pending, 'lockdown.cancel'),
      ]);
      const confirmWon = confirm.body?.type === 'application/vnd.microsoft.card.adaptive';
      const cancelWon = cardText(cancel.body?.value).includes('cancelled by Dana Lead');
      assert.notEqual(confirmWon, cancelWon, 'exactly one wins');
      if (confirmWon) {
        assert.equal(
          String(cancel.body?.value),
          'This lockdown request was already approved by Alex Approver.',
        );
        await verdictIn(stack, pending.conversationId, USERS.toCancel.upn);
      } else {
        assert.equal(
          String(confirm.body?.value),
          'This lockdown request was already cancelled by Dana Lead.',
        );
        assert.deepEqual(writeCounts(stack, USERS.toCancel), {});
      }
      const edits = stack.connector.calls.filter(
        (c) => c.method === 'PUT' && c.activityId === pending.cardActivityId,
      );
      const last = cardText(attachedCard(edits.at(-1)!.activity));
      assert.match(last, confirmWon ? /Approved by\s+Alex Approver/ : /cancelled by Dana Lead/i);
    });

    it('keeps a pending request across a restart: Confirm afterwards works', async () => {
      const pending = await ask(stack, USERS.keepEnabled);
      await stack.restartBot('SIGTERM');
      const answer = await click(stack.teams, ALEX, pending);
      assert.equal(answer.body?.type, 'application/vnd.microsoft.card.adaptive');
      const line = await verdictIn(stack, pending.conversationId, USERS.keepEnabled.upn);
      assert.match(String(line.activity.text), /5 of 5 steps done/);
    });

    it('resumes a lockdown killed with SIGKILL mid-pipeline; the card ends showing every step', async () => {
      const target = USERS.manyDevices;
      const pending = await ask(stack, target);
      await approveSlowly(stack, pending, 1500);
      await stack.restartBot('SIGKILL', async () => stack.simulator.setLatency(0));
      await stack.bot.waitForOutput(
        (l) => /resuming interrupted lockdown/.test(l) && l.includes(pending.requestId),
      );
      const line = await verdictIn(stack, pending.conversationId, target.upn);
      assert.match(String(line.activity.text), /5 of 5 steps done/);
      const edits = stack.connector.calls.filter(
        (c) => c.method === 'PUT' && c.activityId === pending.cardActivityId,
      );
      const finalCard = cardText(attachedCard(edits.at(-1)!.activity));
      assert.equal((finalCard.match(/✅/g) ?? []).length >= 5, true, finalCard);
      assert.ok(stack.simulator.tenant.devicesOf(userId(target)).every((d) => !d.accountEnabled));
    });

    it('on SIGTERM stops at a stage boundary, exits 0 within 10 s, and the lockdown resumes at start', async () => {
      const target = USERS.mixedDevices;
      const pending = await ask(stack, target);
      await approveSlowly(stack, pending, 1000);
      const started = Date.now();
      const code = await stack.bot.stop('SIGTERM');
      const took = Date.now() - started;
      assert.equal(code, 0);
      assert.ok(took < 10_000, `exited after ${took} ms`);
      await stack.bot.waitForOutput((l) => /stage boundary|mid-stage/.test(l));
      await stack.restartBot('SIGTERM', async () => stack.simulator.setLatency(0));
      const line = await verdictIn(stack, pending.conversationId, target.upn);
      assert.match(String(line.activity.text), /4 of 5 steps done/);
    });
  });

  describe('expiry across a restart', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ LOCKDOWN_APPROVAL_TTL_MINUTES: '0.05' });
    });
    after(async () => stack?.stop());

    it('marks a request that expired while the bot was down, and edits its card', async () => {
      const pending = await ask(stack, USERS.selfApproval);
      await stack.restartBot('SIGTERM', () => new Promise((resolve) => setTimeout(resolve, 3500)));
      const edit = await stack.connector.waitFor(
        (c) =>
          c.method === 'PUT' &&
          c.activityId === pending.cardActivityId &&
          /expired/i.test(cardText(attachedCard(c.activity))),
      );
      assert.match(cardText(attachedCard(edit.activity)), /expired/i);
      const late = await click(stack.teams, ALEX, pending);
      assert.match(String(late.body?.value), /expired/);
      assert.deepEqual(writeCounts(stack, USERS.selfApproval), {});
    });
  });

  describe('two bot processes sharing one Azure Table store (Azurite)', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStackOnAzurite();
    });
    after(async () => stack?.stop());

    it('runs the pipeline once when each process gets half of 20 simultaneous clicks', async () => {
      const other = await stack.startAnotherBot();
      const pending = await ask(stack, USERS.federated);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          click(i % 2 ? stack.teams : other.teams, ALEX, pending),
        ),
      );
      const winners = answers.filter(
        (a) => a.body?.type === 'application/vnd.microsoft.card.adaptive',
      );
      assert.equal(winners.length, 1);
      for (const loser of answers.filter((a) => !winners.includes(a))) {
        assert.equal(
          String(loser.body?.value),
          'This lockdown request was already approved by Alex Approver.',
        );
      }
      await verdictIn(stack, pending.conversationId, USERS.federated.upn);
      const counts = writeCounts(stack, USERS.federated);
      assert.equal(counts.accountEnabled, 1);
      assert.equal(counts.passwordProfile, 1);
      assert.equal(counts.revoke, 1);
    });
  });
});

describe('audit views in Teams: /lockdown status and /lockdown history', function () {
  this.timeout(60_000);
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => stack?.stop());

  async function reply(text: string): Promise<string> {
    const before = stack.connector.calls.length;
    await stack.teams.say(RILEY, text);
    const call = stack.connector.calls.slice(before).find((c) => c.method === 'POST');
    return cardText(attachedCard((await stack.connector.settled(call!)).activity));
  }

  it('shows the latest request for a user, read-only, and the channel history newest first', async () => {
    assert.match(
      await reply(`/lockdown status ${USERS.synced.upn}`),
      /No lockdown has been requested/,
    );
    const first = await ask(stack, USERS.synced);
    await click(stack.teams, ALEX, first, 'lockdown.cancel');
    await ask(stack, USERS.admin);
    const status = await reply(`/lockdown status ${USERS.synced.upn.toUpperCase()}`);
    assert.match(status, /cancelled by Alex Approver/i);
    const history = await reply('/lockdown history');
    const admin = history.indexOf(USERS.admin.upn);
    const synced = history.indexOf(USERS.synced.upn);
    assert.ok(admin >= 0 && synced > admin, `newest first:\n${history}`);
    assert.match(history, /cancelled/);
    assert.match(history, /pending/);

    // The same trail, exported for a SIEM by `npm run audit` (node dist/audit-export.js).
    const exported = spawnSync(
      process.execPath,
      [
        join(__dirname, '..', '..', 'dist', 'audit-export.js'),
        '--since',
        '2020-01-01',
        '--format',
        'jsonl',
      ],
      { env: { PATH: process.env.PATH ?? '', ...stack.env }, encoding: 'utf8' },
    );
    assert.equal(exported.status, 0, exported.stderr);
    const events = exported.stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { requestId: string; type: string; actor?: { name: string } },
      );
    const trail = events
      .filter((e) => e.requestId === first.requestId)
      .map((e) => [e.type, e.actor?.name]);
    assert.deepEqual(trail, [
      ['requested', 'Riley Responder'],
      ['cancelled', 'Alex Approver'],
    ]);
    const future = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'audit-export.js'), '--since', '2999-01-01'],
      {
        env: { PATH: process.env.PATH ?? '', ...stack.env },
        encoding: 'utf8',
      },
    );
    assert.equal(future.stdout, '');
  });
});
