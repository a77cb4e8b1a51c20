/**
 * Microsoft Defender for Identity's identity accounts in the simulator (issue 11, on-premises
 * accounts): a synced user's SID on the user, its identity account found by that SID, and
 * `invokeAction` disabling, enabling and forcing a password reset on its AD account (recorded,
 * with its effect); 403 per missing permission; 403 when the tenant has no Defender for Identity.
 */
import assert from 'node:assert/strict';
import type { RunningSimulator, TenantSeed } from '../../src/simulator';
import { startSimulator } from '../../src/simulator';
import { TestClient, testCertificates, testSeed, USERS } from './helpers';
import { DENIED, errorOf } from './writes-fixture';

const app = (n: number, permissions: string[]) => ({
  clientId: `a0000000-0000-4000-8000-0000000000d${n}`,
  clientSecret: `mdi-secret-${n}`,
  displayName: `MDI ${n}`,
  permissions: ['User.Read.All', ...permissions],
  directoryRoles: [],
});
const BOTH = app(0, [
  'SecurityIdentitiesAccount.Read.All',
  'SecurityIdentitiesActions.ReadWrite.All',
]);
const READ_ONLY = app(1, ['SecurityIdentitiesAccount.Read.All']);
const ACTIONS_ONLY = app(2, ['SecurityIdentitiesActions.ReadWrite.All']);

function seed(defenderForIdentity?: boolean): TenantSeed {
  const base = testSeed();
  return {
    ...base,
    apps: [...base.apps, BOTH, READ_ONLY, ACTIONS_ONLY],
    ...(defenderForIdentity === undefined ? {} : { licenses: { defenderForIdentity } }),
  } as TenantSeed;
}

const ACCOUNTS = '/v1.0/security/identities/identityAccounts';
const bySid = (sid: string) =>
  `${ACCOUNTS}?$filter=${encodeURIComponent(`onPremisesSecurityIdentifier eq '${sid}'`)}`;

async function started(defenderForIdentity?: boolean) {
  const sim = await startSimulator({ seed: seed(defenderForIdentity), tls: testCertificates() });
  const client = new TestClient(sim.origin);
  const tokens = {
    BOTH: await client.token(BOTH),
    READ_ONLY: await client.token(READ_ONLY),
    ACTIONS_ONLY: await client.token(ACTIONS_ONLY),
  };
  return { sim, client, tokens };
}

describe('simulator: Defender for Identity identity accounts (issue 11)', () => {
  let sim: RunningSimulator;
  let client: TestClient;
  let tokens: Record<'BOTH' | 'READ_ONLY' | 'ACTIONS_ONLY', string>;
  let sid: string;

  before(async () => {
    ({ sim, client, tokens } = await started(true));
    const user = await client.send(
      'GET',
      `/v1.0/users/${USERS.synced.id}?$select=id,onPremisesSyncEnabled,onPremisesSecurityIdentifier`,
      { token: tokens.BOTH },
    );
    assert.equal(user.status, 200);
    sid = user.body.onPremisesSecurityIdentifier;
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  it('serves a SID for synced users only', async () => {
    assert.match(sid, /^S-1-5-21-\d+-\d+-\d+-\d+$/);
    const cloud = await client.send(
      'GET',
      `/v1.0/users/${USERS.adele.id}?$select=onPremisesSecurityIdentifier`,
      { token: tokens.BOTH },
    );
    assert.equal(cloud.body.onPremisesSecurityIdentifier, null);
  });

  it('finds the identity account by SID (SecurityIdentitiesAccount.Read.All), with its AD account', async () => {
    assert.equal(
      errorOf(await client.send('GET', bySid(sid), { token: tokens.ACTIONS_ONLY })),
      DENIED,
    );
    const found = await client.send('GET', bySid(sid), { token: tokens.READ_ONLY });
    assert.equal(found.status, 200);
    assert.equal(found.body.value.length, 1);
    const [account] = found.body.value;
    assert.equal(account['@odata.type'], '#microsoft.graph.security.user');
    assert.equal(account.onPremisesSecurityIdentifier, sid);
    assert.equal(account.userPrincipalName, USERS.synced.upn);
    assert.equal(account.isEnabled, true);
    assert.deepEqual(
      account.accounts.map((a: { identityProvider: string }) => a.identityProvider),
      ['activeDirectory', 'entraID'],
    );
    const none = await client.send('GET', bySid('S-1-5-21-1-2-3-4'), { token: tokens.READ_ONLY });
    assert.deepEqual(none.body.value, []);
    const all = await client.send('GET', ACCOUNTS, { token: tokens.READ_ONLY });
    assert.deepEqual(
      all.body.value.map((a: { userPrincipalName: string }) => a.userPrincipalName),
      [USERS.synced.upn],
    );
  });

  it('invokeAction (SecurityIdentitiesActions.ReadWrite.All) disables, forces a reset, enables; each recorded', async () => {
    const found = await client.send('GET', bySid(sid), { token: tokens.BOTH });
    const identity = found.body.value[0];
    const ad = identity.accounts.find(
      (a: { identityProvider: string }) => a.identityProvider === 'activeDirectory',
    );
    const invoke = (action: string, token = tokens.BOTH, extra: Record<string, unknown> = {}) =>
      client.send('POST', `${ACCOUNTS}/${identity.id}/invokeAction`, {
        token,
        body: { accountId: ad.identifier, action, identityProvider: 'activeDirectory', ...extra },
      });
    assert.equal(errorOf(await invoke('disable', tokens.READ_ONLY)), DENIED);
    assert.equal(sim.onPremisesAccount(USERS.synced.id)?.actions.length, 0);

    const disabled = await invoke('disable');
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.action, 'disable');
    assert.equal(disabled.body.accountId, ad.identifier);
    assert.equal(disabled.body.identityProvider, 'activeDirectory');
    assert.equal(typeof disabled.body.correlationId, 'string');
    assert.equal((await invoke('forcePasswordReset')).status, 200);
    let state = sim.onPremisesAccount(USERS.synced.upn);
    assert.equal(state?.enabled, false);
    assert.equal(state?.passwordResetForced, true);
    assert.deepEqual(
      state?.actions.map((a) => a.action),
      ['disable', 'forcePasswordReset'],
    );
    const after = await client.send('GET', bySid(sid), { token: tokens.BOTH });
    assert.equal(after.body.value[0].isEnabled, false);

    assert.equal((await invoke('enable')).status, 200);
    state = sim.onPremisesAccount(USERS.synced.id);
    assert.equal(state?.enabled, true);
    assert.deepEqual(
      state?.actions.map((a) => a.action),
      ['disable', 'forcePasswordReset', 'enable'],
    );
    assert.equal(sim.onPremisesAccount(USERS.adele.id), undefined, 'cloud-only: no AD account');
  });

  it('refuses an unknown identity account, another account id, an unknown or unsupported action', async () => {
    const found = await client.send('GET', bySid(sid), { token: tokens.BOTH });
    const identity = found.body.value[0];
    const ad = identity.accounts[0].identifier;
    const post = (id: string, body: Record<string, unknown>) =>
      client.send('POST', `${ACCOUNTS}/${id}/invokeAction`, { token: tokens.BOTH, body });
    const unknown = await post('a0000000-0000-4000-8000-00000000ffff', {
      accountId: ad,
      action: 'disable',
      identityProvider: 'activeDirectory',
    });
    assert.equal(unknown.status, 404);
    for (const body of [
      { accountId: 'someone-else', action: 'disable', identityProvider: 'activeDirectory' },
      { accountId: ad, action: 'explode', identityProvider: 'activeDirectory' },
      { accountId: ad, action: 'revokeAllSessions', identityProvider: 'activeDirectory' },
      { accountId: ad, action: 'disable', identityProvider: 'okta' },
    ]) {
      assert.equal((await post(identity.id, body)).status, 400, JSON.stringify(body));
    }
    assert.equal(sim.onPremisesAccount(USERS.synced.id)?.actions.length, 3, 'nothing recorded');
  });
});

describe('simulator: a tenant without Defender for Identity (the default)', () => {
  it('answers 403 to the look-up and to invokeAction, after the permission check', async () => {
    const { sim, client, tokens } = await started();
    try {
      const absent =
        '403 Forbidden Microsoft Defender for Identity is not enabled for this tenant (no workspace).';
      assert.equal(
        errorOf(await client.send('GET', bySid('S-1-5-21-1-2-3-4'), { token: tokens.BOTH })),
        absent,
      );
      assert.equal(
        errorOf(await client.send('GET', ACCOUNTS, { token: tokens.ACTIONS_ONLY })),
        DENIED,
      );
      const invoke = await client.send('POST', `${ACCOUNTS}/x/invokeAction`, {
        token: tokens.BOTH,
        body: { accountId: 'x', action: 'disable', identityProvider: 'activeDirectory' },
      });
      assert.equal(errorOf(invoke), absent);
      assert.equal(sim.onPremisesAccount(USERS.synced.id)?.actions.length, 0);
    } finally {
      client.close();
      await sim.close();
    }
  });
});
