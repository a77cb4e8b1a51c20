/**
 * A synced account (issue 11): with LOCKDOWN_ONPREM=defender-for-identity the lockdown also
 * disables it in on-premises AD and forces a password reset there, and an unlock enables it
 * again; without it the card says plainly that the next sync may undo a cloud-only disable.
 * Real bot process, Graph simulator over TLS.
 */
import assert from 'node:assert/strict';
import type { TenantSeed } from '../../src/simulator';
import { click, replyTo, verdict } from './card-flow';
import { startStack, type Stack } from './stack';
import { ALEX, APP, buildSeed, RILEY, USERS } from './tenant-fixture';

/** The e2e tenant with Defender for Identity, and the app allowed to use it. */
function seed(): TenantSeed {
  const base = buildSeed();
  return {
    ...base,
    licenses: { ...base.licenses, defenderForIdentity: true },
    apps: base.apps.map((app) =>
      app.clientId === APP.clientId
        ? {
            ...app,
            permissions: [
              ...app.permissions,
              'SecurityIdentitiesAccount.Read.All',
              'SecurityIdentitiesActions.ReadWrite.All',
            ],
          }
        : app,
    ),
  };
}

/** Asks as Riley, approves as Alex, and waits for the verdict. */
async function approved(stack: Stack, text: string, upn: string) {
  const reply = await replyTo(stack, RILEY, text);
  const requestId = (reply.card.actions as { data: { requestId: string } }[])[0]!.data.requestId;
  await click(stack.teams, ALEX, { ...reply, requestId });
  const line = await verdict(stack, reply.conversationId, upn);
  return { card: reply.text, verdict: String(line.activity.text) };
}

describe('a synced account and on-premises AD (bot process)', function () {
  this.timeout(90_000);
  const target = USERS.synced;

  describe('with LOCKDOWN_ONPREM=defender-for-identity', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({ LOCKDOWN_ONPREM: 'defender-for-identity' }, seed());
    });
    after(async () => stack?.stop());

    it('disables the account on-premises and forces a password reset there; an unlock enables it again', async () => {
      const lockdown = await approved(stack, `/lockdown ${target.upn}`, target.upn);
      assert.match(lockdown.card, /contained too, through Microsoft Defender for Identity/);
      assert.match(lockdown.card, /Contain the on-premises AD account/);
      assert.match(lockdown.verdict, /^Locked down sync@contoso\.com/);
      const account = stack.simulator.onPremisesAccount(target.upn)!;
      assert.equal(account.enabled, false);
      assert.equal(account.passwordResetForced, true);

      const unlock = await approved(stack, `/unlock ${target.upn}`, target.upn);
      assert.match(unlock.card, /Enable the on-premises AD account again/);
      assert.match(unlock.verdict, /^Unlocked sync@contoso\.com/);
      assert.equal(stack.simulator.onPremisesAccount(target.upn)?.enabled, true);
    });
  });

  describe('without it', () => {
    let stack: Stack;
    before(async () => {
      stack = await startStack({}, seed());
    });
    after(async () => stack?.stop());

    it('warns that the next sync undoes a cloud-only disable, and leaves on-premises AD alone', async () => {
      const lockdown = await approved(stack, `/lockdown ${target.upn}`, target.upn);
      assert.match(lockdown.card, /the next directory sync undoes a cloud-only disable/);
      assert.doesNotMatch(lockdown.card, /Contain the on-premises AD account/);
      assert.deepEqual(stack.simulator.onPremisesAccount(target.upn)?.actions ?? [], []);
    });
  });
});
