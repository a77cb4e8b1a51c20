/**
 * Look before you leap: a dry run records and changes nothing; the confirmation card warns about
 * a missing permission before anyone approves, and the lockdown still runs what it can;
 * `npm run preflight` tells an operator the same. Real bot process, simulator over TLS.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ask, click, lastCard, replyTo, verbsOf, verdict } from './card-flow';
import { graphWrites, startStack, type Stack } from './stack';
import { ALEX, APP_WITHOUT_REVOKE, RILEY, USERS, userId } from './tenant-fixture';

/**
 * Runs `npm run preflight` (node dist/preflight-cli.js) with the bot's environment. Not spawnSync:
 * the simulator it talks to runs in this very process.
 */
async function runPreflight(stack: Stack): Promise<{ status: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'preflight-cli.js')], {
    env: { PATH: process.env.PATH ?? '', ...stack.env },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stdout };
}

describe('preflight and dry run (bot process)', function () {
  this.timeout(60_000);

  describe('with every permission granted', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack();
    });
    after(async () => stack?.stop());

    it('answers a dry run with the plan, requests and grants: no Confirm, no request, no write', async () => {
      const writes = graphWrites(stack.simulator).length;
      const { text, card } = await replyTo(
        stack,
        RILEY,
        `/lockdown ${USERS.windowsOnly.upn} --dry-run`,
      );
      assert.match(text, /Dry run: lockdown of Wendy Windows/);
      assert.match(text, /PATCH \/users\/\{id\} \(accountEnabled: false\)/);
      assert.match(text, /POST \/users\/\{id\}\/revokeSignInSessions/);
      assert.match(text, /Permission User\.RevokeSessions\.All: ✅ granted/);
      assert.match(text, /Directory role User Administrator: ✅ granted/);
      assert.doesNotMatch(text, /password":|demo-only|e2e-only/);
      assert.deepEqual(verbsOf(card), []);
      assert.equal(graphWrites(stack.simulator).length, writes, 'no Graph write');
      const status = await replyTo(stack, RILEY, `/lockdown status ${USERS.windowsOnly.upn}`);
      assert.match(status.text, /No lockdown has been requested/);
      await stack.bot.waitForOutput((l) => /"msg":"dry run"/.test(l));
    });

    it('npm run preflight prints every step granted and exits 0', async () => {
      const { status, stdout } = await runPreflight(stack);
      assert.equal(status, 0, stdout);
      assert.match(stdout, /User\.RevokeSessions\.All: granted/);
      assert.match(stdout, /User Administrator: granted/);
      assert.doesNotMatch(stdout, /MISSING/);
    });
  });

  describe('with an app that lacks User.RevokeSessions.All', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({
        AZURE_CLIENT_ID: APP_WITHOUT_REVOKE.clientId,
        AZURE_CLIENT_SECRET: APP_WITHOUT_REVOKE.clientSecret,
      });
    });
    after(async () => stack?.stop());

    it('warns on the card before approval; the lockdown runs the other steps and names the permission', async () => {
      const target = USERS.windowsOnly;
      const pending = await ask(stack, target);
      const before = JSON.stringify(pending.card);
      assert.match(before, /missing User\.RevokeSessions\.All/);
      assert.equal((before.match(/⚠️ missing/g) ?? []).length, 1, 'only the revoke step warns');
      await click(stack.teams, ALEX, pending);
      const line = await verdict(stack, pending.conversationId, target.upn);
      assert.match(String(line.activity.text), /Partly locked down/);
      const final = lastCard(stack, pending.cardActivityId);
      assert.match(final, /the app needs User\.RevokeSessions\.All/);
      assert.equal(stack.simulator.tenant.user(userId(target))?.accountEnabled, false);
    });

    it('npm run preflight marks it MISSING and exits 1', async () => {
      const { status, stdout } = await runPreflight(stack);
      assert.equal(status, 1, stdout);
      assert.match(stdout, /User\.RevokeSessions\.All: MISSING/);
    });
  });
});
